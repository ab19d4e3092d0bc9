-- Log template lines per host, app and window (logs.templates.window), with the template's category.
-- Flink SQL; ${history} is the history folder.
CREATE TABLE log_templates (
  `time`         TIMESTAMP_LTZ(3) NOT NULL,  -- window start
  `window_end`   TIMESTAMP_LTZ(3) NOT NULL,  -- window end (exclusive)
  `host`         STRING NOT NULL,
  `app`          STRING NOT NULL,            -- program, app or unit ("-" when the line names none)
  `template_id`  STRING NOT NULL,            -- first 16 hex digits of SHA-256 of the template text
  `template`     STRING NOT NULL,            -- variable parts as <*>
  `category`     STRING NOT NULL,            -- oom | crash | disk | network | auth | hardware | config | other
  `first_seen`   TIMESTAMP_LTZ(3) NOT NULL,  -- first line of the template on this host and app (as far as the job remembers)
  `last_seen`    TIMESTAMP_LTZ(3) NOT NULL,
  `count`        BIGINT NOT NULL,            -- lines in the window
  `baseline`     DOUBLE,                     -- usual lines per window before this one (exponentially weighted)
  `change`       DOUBLE,                     -- (count - baseline) / sqrt(baseline + 1)
  `dt`           STRING,
  `hour`         STRING
) PARTITIONED BY (`dt`, `hour`) WITH (
  'connector' = 'filesystem',
  'path' = '${history}/log_templates',
  'format' = 'parquet'
);
