-- Log templates new on a host and app, and error-category templates whose rate jumped against their baseline.
-- Flink SQL; ${history} is the history folder.
CREATE TABLE log_anomalies (
  `time`         TIMESTAMP_LTZ(3) NOT NULL,  -- first sighting (new) or end of the window (rate_jump)
  `host`         STRING NOT NULL,
  `app`          STRING NOT NULL,
  `kind`         STRING NOT NULL,            -- new | rate_jump
  `template_id`  STRING NOT NULL,
  `template`     STRING NOT NULL,
  `category`     STRING NOT NULL,
  `count`        BIGINT NOT NULL,            -- lines in the window (1 for new)
  `baseline`     DOUBLE,                     -- usual lines per window (0 for new)
  `score`        DOUBLE,                     -- (count - baseline) / sqrt(baseline + 1)
  `dt`           STRING,
  `hour`         STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/log_anomalies',
  'format' = 'parquet'
);
