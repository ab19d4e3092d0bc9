-- Events an event-time analysis skipped because they arrived behind the watermark (they are in events).
-- Flink SQL; ${history} is the history folder.
CREATE TABLE late_events (
  `time`      TIMESTAMP_LTZ(3) NOT NULL,  -- the event's time
  `operator`  STRING NOT NULL,            -- threshold alerts | correlation windows | cep: <rule>
  `host`      STRING,
  `rule`      STRING,                     -- the rule or correlation that did not see it
  `group_key` STRING,                     -- the series or group
  `summary`   STRING NOT NULL,
  `dt`        STRING,
  `hour`      STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/late_events',
  'format' = 'parquet'
);
