-- Metric samples the anomaly detector found unusual: one row per episode onset or novelty report
-- (either at or above anomaly.record-score).
-- Flink SQL; ${history} is the history folder.
CREATE TABLE anomalies (
  `time`          TIMESTAMP_LTZ(3) NOT NULL,  -- the sample's time
  `host`          STRING NOT NULL,
  `name`          STRING NOT NULL,            -- metric name
  `labels`        MAP<STRING, STRING>,        -- the series' other labels
  `value`         DOUBLE,                     -- the sample's value
  `score`         DOUBLE,                     -- in [0, 1]: the larger of -log10(corrected p-value) / 8 and novelty
  `expected_low`  DOUBLE,                     -- rolling median - 3 robust scales, before this sample
  `expected_high` DOUBLE,                     -- rolling median + 3 robust scales
  `p_level`       DOUBLE,                     -- p-value of each view (1: no opinion)
  `p_change`      DOUBLE,
  `p_shape`       DOUBLE,
  `p_quiet`       DOUBLE,
  `novelty`       DOUBLE,                     -- novelty memory's confidence (0: the pattern was familiar)
  `detector`      STRING NOT NULL,            -- detector name and version, e.g. vigil-ensemble/3
  `model_hash`    STRING NOT NULL,            -- provenance hash: shape-model configuration + calibration file
  `dt`            STRING,
  `hour`          STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/anomalies',
  'format' = 'parquet'
);
