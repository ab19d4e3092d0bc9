-- The service-level view per host: uptime % over the whole history, alert episodes, MTTR of its alerts,
-- and incidents per week (incidents name no host when grouped by source address: those are in the
-- fleet row, host '*').
WITH up AS (
  SELECT host, sum(up_minutes) AS up_minutes, sum(minutes) AS minutes FROM host_uptime GROUP BY host
),
weeks AS (
  SELECT greatest(1.0, (epoch(max(time)) - epoch(min(time))) / 604800.0) AS weeks FROM metrics
),
alerting AS (
  SELECT host, count(*) AS alert_episodes, avg(time_to_resolve_s) AS mttr_s FROM detection_times
  WHERE source = 'alert' AND host IS NOT NULL GROUP BY host
),
fleet_incidents AS (
  SELECT count(DISTINCT incident_id) AS incidents, any_value(w.weeks) AS weeks
  FROM incidents, weeks w WHERE status = 'open'
)
SELECT
  up.host,
  round(100.0 * up.up_minutes / up.minutes, 3) AS uptime_pct,
  coalesce(a.alert_episodes, 0)                AS alert_episodes,
  round(a.mttr_s / 60.0, 1)                    AS mttr_min,
  NULL                                         AS incidents_per_week
FROM up LEFT JOIN alerting a ON a.host = up.host
UNION ALL
SELECT
  '*',
  round(100.0 * sum(up.up_minutes) / sum(up.minutes), 3),
  (SELECT count(*) FROM detection_times WHERE source = 'alert'),
  round((SELECT avg(time_to_resolve_s) FROM detection_times WHERE source = 'alert') / 60.0, 1),
  round(any_value(fi.incidents) / any_value(fi.weeks), 2)
FROM up, fleet_incidents fi
ORDER BY 1
