-- backtest: what a backtest raised (views backtest_incidents, backtest_alerts) beside what was raised
-- at the time in [${from}, ${to}): same, new (only the backtest raised it), missed (only the live job did).
-- Incidents match on rule, group and first event; alerts on fingerprint and start. ${alert_scope} limits
-- the alerts compared to those the backtest could raise (rules only, unless it ran the models too).
WITH then_raised AS (
  SELECT DISTINCT 'incident' AS what, coalesce(rule_name, rule_id) AS name, group_key AS subject, first_time AS began
  FROM incidents
  WHERE dt BETWEEN '${from_dt}' AND '${to_dt}' AND status = 'open' AND time >= TIMESTAMPTZ '${from}' AND time < TIMESTAMPTZ '${to}'
  UNION
  SELECT DISTINCT 'alert', alertname, coalesce(host, '-') || ' ' || fingerprint, starts_at
  FROM alerts
  WHERE dt BETWEEN '${from_dt}' AND '${to_dt}' AND status = 'firing' AND time >= TIMESTAMPTZ '${from}' AND time < TIMESTAMPTZ '${to}' AND ${alert_scope}
),
backtest_raised AS (
  SELECT DISTINCT 'incident' AS what, coalesce(rule_name, rule_id) AS name, group_key AS subject, first_time AS began
  FROM backtest_incidents WHERE status = 'open'
  UNION
  SELECT DISTINCT 'alert', alertname, coalesce(host, '-') || ' ' || fingerprint, starts_at
  FROM backtest_alerts WHERE status = 'firing' AND ${alert_scope}
)
SELECT
  coalesce(t.what, b.what) AS what,
  coalesce(t.name, b.name) AS name,
  coalesce(t.subject, b.subject) AS subject,
  coalesce(t.began, b.began) AS began,
  CASE WHEN t.name IS NULL THEN 'new' WHEN b.name IS NULL THEN 'missed' ELSE 'same' END AS verdict
FROM then_raised t
FULL OUTER JOIN backtest_raised b ON t.what = b.what AND t.name = b.name AND t.subject = b.subject AND t.began = b.began
ORDER BY began, what, name, subject
