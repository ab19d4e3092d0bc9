-- Records that could not be decoded, whole, with the reason. Flink SQL; ${history} is the history folder.
CREATE TABLE dead_letters (
  `time`       TIMESTAMP_LTZ(3) NOT NULL,  -- when Vigil received it
  `stream`     STRING NOT NULL,            -- metrics | logs | security
  `format`     STRING NOT NULL,            -- the decoder asked to read it
  `source`     STRING NOT NULL,            -- Kafka topic or file path
  `partition`  INT,                        -- Kafka partition (null for files)
  `offset`     BIGINT NOT NULL,            -- Kafka offset, or line number in the file
  `reason`     STRING NOT NULL,
  `raw_text`   STRING,                     -- the record, when it is valid UTF-8
  `raw_base64` STRING,                     -- its bytes in base64 otherwise
  `raw_bytes`  INT NOT NULL,
  `dt`         STRING,
  `hour`       STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/dead_letters',
  'format' = 'parquet'
);
