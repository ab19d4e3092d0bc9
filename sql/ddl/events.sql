-- Every metric sample, log record and security event; `kind` says which.
-- Flink SQL (filesystem connector, parquet format). ${history} is the history folder.
CREATE TABLE events (
  `kind`             STRING NOT NULL,   -- metric | log | security
  `time`             TIMESTAMP_LTZ(3) NOT NULL,
  `host`             STRING NOT NULL,
  `name`             STRING,            -- metric name
  `value`            DOUBLE,            -- metric value
  `labels`           MAP<STRING, STRING>, -- metric labels; log and security attributes
  `app`              STRING,            -- log: program, app or unit
  `pid`              INT,
  `severity`         STRING,
  `message`          STRING,
  `action`           STRING,            -- security: event.action
  `outcome`          STRING,
  `user`             STRING,
  `target_user`      STRING,
  `source_ip`        STRING,
  `source_port`      INT,
  `destination_ip`   STRING,
  `destination_port` INT,
  `bytes`            BIGINT,
  `process`          STRING,
  `template_id`      STRING,            -- log: the template miner's id (see log_templates)
  `dt`               STRING,
  `hour`             STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/events',
  'format' = 'parquet'
);
