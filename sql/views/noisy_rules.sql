-- The noisiest rules: alert episodes and incidents per rule, and how many of its alert episodes resolved
-- within 5 minutes (flapping: a candidate for a longer window, a higher threshold or a silence).
SELECT
  name,
  count(*)                                                     AS episodes,
  count(*) FILTER (WHERE source = 'alert')                     AS alert_episodes,
  count(*) FILTER (WHERE source = 'incident')                  AS incidents,
  count(*) FILTER (WHERE source = 'alert' AND time_to_resolve_s < 300) AS resolved_within_5m,
  count(DISTINCT host)                                         AS hosts
FROM detection_times
GROUP BY name
ORDER BY episodes DESC, resolved_within_5m DESC, name
