-- asof: alerts firing at ${at}: the latest state change of each alert at or before it is "firing".
SELECT
  'alert' AS section,
  host,
  alertname AS subject,
  severity AS value,
  starts_at AS time,
  annotations['summary'] AS detail
FROM (
  SELECT *, row_number() OVER (PARTITION BY fingerprint ORDER BY time DESC, status = 'resolved' DESC) AS rn
  FROM alerts
  WHERE dt BETWEEN '${from_dt}' AND '${at_dt}' AND time <= TIMESTAMPTZ '${at}' AND (${host} = '' OR host = ${host})
)
WHERE rn = 1 AND status = 'firing'
ORDER BY starts_at
