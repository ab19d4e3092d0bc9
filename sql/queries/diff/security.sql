-- diff: users, source addresses and destination ports in security events in the window before ${t2}
-- that the window before ${t1} did not have. Score: 3 + sqrt(events), so something new ranks by how much
-- it did.
WITH events AS (
  SELECT host, user, source_ip, destination_port, time <= TIMESTAMPTZ '${t1}' AS early
  FROM security_events
  WHERE dt BETWEEN '${from_dt}' AND '${t2_dt}'
    AND ((time <= TIMESTAMPTZ '${t1}' AND time > TIMESTAMPTZ '${t1}' - INTERVAL '${window_s}' SECOND)
      OR (time <= TIMESTAMPTZ '${t2}' AND time > TIMESTAMPTZ '${t2}' - INTERVAL '${window_s}' SECOND))
    AND (${host} = '' OR host = ${host})
),
items AS (
  SELECT host, 'new_user' AS kind, user AS item, early FROM events WHERE user IS NOT NULL
  UNION ALL SELECT host, 'new_source_ip', source_ip, early FROM events WHERE source_ip IS NOT NULL
  UNION ALL SELECT host, 'new_port', CAST(destination_port AS VARCHAR), early FROM events WHERE destination_port IS NOT NULL
)
SELECT kind, host, item AS subject, '0' AS before, CAST(count(*) AS VARCHAR) AS after, 'new' AS change, 3 + sqrt(count(*)) AS score
FROM items
GROUP BY kind, host, item
HAVING count(*) FILTER (WHERE early) = 0
