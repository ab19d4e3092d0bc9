-- Incidents from the Sigma rules: one row when an incident opens, one when it closes (same incident_id).
-- Flink SQL; ${history} is the history folder.
CREATE TABLE incidents (
  `time`        TIMESTAMP_LTZ(3) NOT NULL,  -- when the row was written: the opening match, or the close
  `status`      STRING NOT NULL,            -- open | closed
  `incident_id` STRING NOT NULL,
  `rule_id`     STRING NOT NULL,            -- the Sigma rule's id
  `rule_name`   STRING,                     -- the Sigma rule's name
  `title`       STRING NOT NULL,
  `level`       STRING NOT NULL,            -- informational | low | medium | high | critical
  `tags`        ARRAY<STRING>,              -- Sigma tags, e.g. attack.t1110.001
  `group_key`   STRING NOT NULL,            -- group-by values as a JSON object text
  `first_time`  TIMESTAMP_LTZ(3) NOT NULL,  -- first contributing event
  `last_time`   TIMESTAMP_LTZ(3) NOT NULL,  -- last contributing event
  `event_count` BIGINT NOT NULL,
  `events`      ARRAY<STRING>,              -- up to 20 contributing events: "<event id> <summary>"
  `summary`     STRING NOT NULL,
  `threat_intel` ARRAY<STRING>,             -- threat-intelligence indicators among the group values
  `log_hints`   ARRAY<STRING>,              -- the host's log templates that rose most just before the incident
  `dt`          STRING,
  `hour`        STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/incidents',
  'format' = 'parquet'
);
