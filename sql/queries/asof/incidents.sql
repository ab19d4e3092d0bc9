-- asof: incidents open at ${at}: opened at or before it and not closed by then. An incident names a host
-- when its group key has one; with a host given, incidents whose evidence mentions it are kept too.
SELECT
  'incident' AS section,
  any_value(json_extract_string(group_key, '$."host.name"')) AS host,
  coalesce(any_value(rule_name), rule_id) || ' ' || any_value(group_key) AS subject,
  any_value(level) AS value,
  min(time) FILTER (WHERE status = 'open') AS time,
  any_value(summary) AS detail
FROM incidents
WHERE dt BETWEEN '${from_dt}' AND '${at_dt}' AND time <= TIMESTAMPTZ '${at}'
  AND (${host} = '' OR json_extract_string(group_key, '$."host.name"') = ${host}
       OR array_to_string(events, ' ') LIKE '%' || ${host} || '%')
GROUP BY incident_id, rule_id
HAVING count(*) FILTER (WHERE status = 'open') > 0 AND count(*) FILTER (WHERE status = 'closed') = 0
ORDER BY time
