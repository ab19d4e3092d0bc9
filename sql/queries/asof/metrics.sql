-- asof: the last value of each metric series at ${at}, if it was seen in the lookback before, with its age.
SELECT
  'metric' AS section,
  host,
  series_subject(name, labels) AS subject,
  printf('%.6g', value) AS value,
  time,
  'age ' || CAST(round(epoch(TIMESTAMPTZ '${at}') - epoch(time)) AS BIGINT) || ' s' AS detail
FROM (
  SELECT *, row_number() OVER (PARTITION BY host, name, labels ORDER BY time DESC) AS rn
  FROM metrics
  WHERE dt BETWEEN '${from_dt}' AND '${at_dt}'
    AND time <= TIMESTAMPTZ '${at}' AND time > TIMESTAMPTZ '${at}' - INTERVAL '${lookback_s}' SECOND
    AND (${host} = '' OR host = ${host})
)
WHERE rn = 1
ORDER BY host, subject
