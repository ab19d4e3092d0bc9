-- Alert notifications Vigil gave up on: the maximum age passed while the receiver failed, or the
-- receiver rejected the request. Flink SQL; ${history} is the history folder.
CREATE TABLE alert_dead_letters (
  `time`            TIMESTAMP_LTZ(3) NOT NULL,  -- when Vigil gave up
  `endpoint`        STRING NOT NULL,            -- receiver/kind#index from the routing file
  `kind`            STRING NOT NULL,            -- alertmanager | webhook | slack | pagerduty
  `notification_id` STRING NOT NULL,            -- the idempotency key (webhook-id)
  `group_key`       STRING NOT NULL,            -- Alertmanager's group key
  `status`          STRING NOT NULL,            -- firing | resolved
  `alerts`          INT NOT NULL,               -- alerts in the notification
  `attempts`        INT NOT NULL,               -- requests made
  `last_error`      STRING NOT NULL,            -- e.g. HTTP 503, ConnectException, timed out
  `created_at`      TIMESTAMP_LTZ(3) NOT NULL,  -- when the notification was made (its age counts from here)
  `alert_time`      TIMESTAMP_LTZ(3) NOT NULL,  -- event time of the group tick that made it
  `body`            STRING NOT NULL,            -- the request body, without secrets
  `dt`              STRING,
  `hour`            STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/alert_dead_letters',
  'format' = 'parquet'
);
