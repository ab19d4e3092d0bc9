-- Exhaustion forecasts of resources with a limit (filesystem space and inodes, memory, swap): one row per
-- resource instance per 5-minute bucket. Flink SQL; ${history} is the history folder.
CREATE TABLE forecasts (
  `time`          TIMESTAMP_LTZ(3) NOT NULL,  -- when the forecast was made
  `host`          STRING NOT NULL,
  `resource`      STRING NOT NULL,            -- filesystem | inodes | memory | swap
  `labels`        MAP<STRING, STRING>,        -- the instance's labels (mountpoint, device, fstype)
  `current`       DOUBLE,                     -- free amount now (the free metric's value)
  `limit`         DOUBLE,                     -- the limit (the limit metric's value)
  `eta`           TIMESTAMP_LTZ(3),           -- predicted exhaustion; null when not filling
  `eta_lower`     TIMESTAMP_LTZ(3),           -- earliest exhaustion in the 80% band
  `eta_upper`     TIMESTAMP_LTZ(3),           -- latest; null when the band includes no growth
  `rate_per_hour` DOUBLE,                     -- growth of the used fraction per hour (positive: filling)
  `method`        STRING NOT NULL,            -- trend-6h | trend-24h | trend-72h | cycle-peaks
  `confidence`    DOUBLE,                     -- probability it runs out within a week; null when not claimed
  `dt`            STRING,
  `hour`          STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/forecasts',
  'format' = 'parquet'
);
