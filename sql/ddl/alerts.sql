-- Alert state changes (firing, resolved). Flink SQL; ${history} is the history folder.
CREATE TABLE alerts (
  `time`          TIMESTAMP_LTZ(3) NOT NULL,
  `status`        STRING NOT NULL,          -- firing | resolved
  `alertname`     STRING NOT NULL,
  `severity`      STRING,
  `host`          STRING,
  `fingerprint`   STRING NOT NULL,          -- Alertmanager's fingerprint of the labels
  `labels`        MAP<STRING, STRING>,
  `annotations`   MAP<STRING, STRING>,
  `starts_at`     TIMESTAMP_LTZ(3) NOT NULL,
  `ends_at`       TIMESTAMP_LTZ(3),         -- null while firing
  `generator_url` STRING,
  `dt`            STRING,
  `hour`          STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/alerts',
  'format' = 'parquet'
);
