-- diff: incidents opened and closed between ${t1} and ${t2}. Score by level (critical 20, high 15,
-- medium 10, low 5, else 2); a closing scores half its opening.
SELECT
  CASE WHEN status = 'open' THEN 'incident_opened' ELSE 'incident_closed' END AS kind,
  json_extract_string(group_key, '$."host.name"') AS host,
  coalesce(rule_name, rule_id) || ' ' || group_key AS subject,
  strftime(first_time, '%Y-%m-%dT%H:%M:%SZ') AS before,
  strftime(time, '%Y-%m-%dT%H:%M:%SZ') AS after,
  level || ', ' || event_count || ' events' AS change,
  (CASE level WHEN 'critical' THEN 20 WHEN 'high' THEN 15 WHEN 'medium' THEN 10 WHEN 'low' THEN 5 ELSE 2 END)
    * (CASE WHEN status = 'open' THEN 1.0 ELSE 0.5 END) AS score
FROM incidents
WHERE dt BETWEEN '${t1_dt}' AND '${t2_dt}'
  AND time > TIMESTAMPTZ '${t1}' AND time <= TIMESTAMPTZ '${t2}'
  AND (${host} = '' OR json_extract_string(group_key, '$."host.name"') = ${host}
       OR array_to_string(events, ' ') LIKE '%' || ${host} || '%')
