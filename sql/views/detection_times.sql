-- One row per incident and per alert episode: when it began (first evidence), when Vigil detected it,
-- when it resolved. time_to_detect_s: first evidence to detection; time_to_resolve_s: detection to resolution
-- (null while open). Incidents, named by their rule: first contributing event, the open row, the closed row. Alerts: starts_at,
-- the firing row, the resolved row.
SELECT
  'incident'                     AS source,
  coalesce(any_value(rule_name), rule_id) AS name,
  any_value(level)               AS severity,
  NULL                           AS host,
  incident_id                    AS id,
  min(first_time)                AS began,
  min(time) FILTER (WHERE status = 'open')   AS detected,
  max(time) FILTER (WHERE status = 'closed') AS resolved,
  epoch(min(time) FILTER (WHERE status = 'open')) - epoch(min(first_time)) AS time_to_detect_s,
  epoch(max(time) FILTER (WHERE status = 'closed')) - epoch(min(time) FILTER (WHERE status = 'open')) AS time_to_resolve_s
FROM incidents
GROUP BY rule_id, incident_id
UNION ALL
SELECT
  'alert'                        AS source,
  alertname                      AS name,
  any_value(severity)            AS severity,
  any_value(host)                AS host,
  fingerprint || '@' || strftime(starts_at, '%Y-%m-%dT%H:%M:%SZ') AS id,
  starts_at                      AS began,
  min(time) FILTER (WHERE status = 'firing')   AS detected,
  max(time) FILTER (WHERE status = 'resolved') AS resolved,
  epoch(min(time) FILTER (WHERE status = 'firing')) - epoch(starts_at) AS time_to_detect_s,
  epoch(max(time) FILTER (WHERE status = 'resolved')) - epoch(min(time) FILTER (WHERE status = 'firing')) AS time_to_resolve_s
FROM alerts
GROUP BY alertname, fingerprint, starts_at
