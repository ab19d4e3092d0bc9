-- Kafka records the broker deleted (retention) before Vigil read them. Flink SQL; ${history} is the history folder.
CREATE TABLE gaps (
  `time`         TIMESTAMP_LTZ(3) NOT NULL,  -- timestamp of the first record read after the gap
  `stream`       STRING NOT NULL,            -- metrics | logs | security
  `topic`        STRING NOT NULL,
  `partition`    INT NOT NULL,
  `first_offset` BIGINT NOT NULL,            -- first offset never read
  `last_offset`  BIGINT NOT NULL,            -- last offset never read
  `missing`      BIGINT NOT NULL,            -- last_offset - first_offset + 1
  `reason`       STRING NOT NULL,
  `dt`           STRING,
  `hour`         STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/gaps',
  'format' = 'parquet'
);
