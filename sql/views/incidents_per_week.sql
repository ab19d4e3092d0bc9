-- Incidents opened per rule and ISO week (weeks start on Monday, UTC).
SELECT
  rule_id,
  any_value(rule_name)        AS rule_name,
  any_value(title)            AS title,
  CAST(date_trunc('week', first_time) AS DATE) AS week,
  count(DISTINCT incident_id) AS incidents
FROM incidents
WHERE status = 'open'
GROUP BY rule_id, week
ORDER BY week, incidents DESC, rule_id
