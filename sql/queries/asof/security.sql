-- asof: security activity per host, action and outcome in the window before ${at}, with the users and
-- source addresses involved.
SELECT
  'security' AS section,
  host,
  action || ' ' || coalesce(outcome, '') AS subject,
  CAST(count(*) AS VARCHAR) AS value,
  max(time) AS time,
  'users: ' || coalesce(string_agg(DISTINCT user, ', ' ORDER BY user), '-')
    || '; sources: ' || coalesce(string_agg(DISTINCT source_ip, ', ' ORDER BY source_ip), '-') AS detail
FROM security_events
WHERE dt BETWEEN '${from_dt}' AND '${at_dt}'
  AND time <= TIMESTAMPTZ '${at}' AND time > TIMESTAMPTZ '${at}' - INTERVAL '${window_s}' SECOND
  AND (${host} = '' OR host = ${host})
GROUP BY host, action, outcome
ORDER BY host, count(*) DESC
