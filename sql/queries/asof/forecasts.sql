-- asof: the latest forecast of each resource at ${at}, made in the lookback before it.
SELECT
  'forecast' AS section,
  host,
  series_subject(resource, labels) AS subject,
  CASE WHEN eta IS NULL THEN 'not filling' ELSE 'full at ' || strftime(eta, '%Y-%m-%dT%H:%M:%SZ') END AS value,
  time,
  method || ', ' || printf('%.1f', 100 * (1 - current / nullif("limit", 0))) || '% used'
    || CASE WHEN confidence IS NULL THEN '' ELSE ', confidence ' || printf('%.2f', confidence) END AS detail
FROM (
  SELECT *, row_number() OVER (PARTITION BY host, resource, labels ORDER BY time DESC) AS rn
  FROM forecasts
  WHERE dt BETWEEN '${from_dt}' AND '${at_dt}'
    AND time <= TIMESTAMPTZ '${at}' AND time > TIMESTAMPTZ '${at}' - INTERVAL '${lookback_s}' SECOND
    AND (${host} = '' OR host = ${host})
)
WHERE rn = 1
ORDER BY host, subject
