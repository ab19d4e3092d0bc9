-- Mean time to detect (MTTD) and to resolve (MTTR) per rule or alert, from detection_times.
SELECT
  source,
  name,
  count(*)                          AS episodes,
  count(resolved)                   AS resolved,
  round(avg(time_to_detect_s), 1)   AS mttd_s,
  round(avg(time_to_resolve_s), 1)  AS mttr_s,
  round(max(time_to_resolve_s), 1)  AS max_resolve_s
FROM detection_times
GROUP BY source, name
ORDER BY episodes DESC, source, name
