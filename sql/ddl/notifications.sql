-- How every alert notification ended, per endpoint: delivered, or given up (then also in
-- alert_dead_letters, with its body). Flink SQL; ${history} is the history folder.
CREATE TABLE notifications (
  `time`            TIMESTAMP_LTZ(3) NOT NULL,  -- when it was delivered or given up
  `endpoint`        STRING NOT NULL,            -- receiver/kind#index from the routing file
  `receiver`        STRING NOT NULL,            -- the receiver's name
  `kind`            STRING NOT NULL,            -- alertmanager | webhook | slack | pagerduty
  `notification_id` STRING NOT NULL,            -- the idempotency key (webhook-id)
  `group_key`       STRING NOT NULL,            -- Alertmanager's group key
  `status`          STRING NOT NULL,            -- firing | resolved
  `alerts`          INT NOT NULL,               -- alerts in the notification
  `outcome`         STRING NOT NULL,            -- delivered | dead_letter
  `attempts`        INT NOT NULL,               -- requests made
  `last_error`      STRING NOT NULL,            -- the last failure, empty when none
  `created_at`      TIMESTAMP_LTZ(3) NOT NULL,  -- when the notification was made
  `alert_time`      TIMESTAMP_LTZ(3) NOT NULL,  -- event time of the group tick that made it
  `dt`              STRING,
  `hour`            STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/notifications',
  'format' = 'parquet'
);
