-- Uptime per host and day from metric presence: a minute is up when the host sent any metric sample in
-- it, and no systemd unit of the host was in a failed state then (a log line "<unit>: Failed with result"
-- or "entered failed state" marks its minute down). The day's span is the fleet's first to last sample
-- minute of that day, so a host that went silent counts as down.
WITH minutes AS (
  SELECT DISTINCT host, date_trunc('minute', time) AS minute FROM metrics
),
failed AS (
  SELECT DISTINCT host, date_trunc('minute', time) AS minute FROM logs
  WHERE app = 'systemd' AND (message LIKE '%Failed with result%' OR message LIKE '%entered failed state%')
),
span AS (
  SELECT CAST(minute AS DATE) AS day, min(minute) AS first_minute, max(minute) AS last_minute FROM minutes GROUP BY day
),
hosts AS (SELECT DISTINCT host FROM minutes)
SELECT
  h.host,
  s.day,
  CAST(epoch(s.last_minute) - epoch(s.first_minute) AS BIGINT) // 60 + 1 AS minutes,
  count(m.minute) - count(f.minute) AS up_minutes,
  count(f.minute)                   AS failed_unit_minutes,
  round(100.0 * (count(m.minute) - count(f.minute)) / (CAST(epoch(s.last_minute) - epoch(s.first_minute) AS BIGINT) // 60 + 1), 3) AS uptime_pct
FROM hosts h
CROSS JOIN span s
LEFT JOIN minutes m ON m.host = h.host AND CAST(m.minute AS DATE) = s.day
LEFT JOIN failed f ON f.host = m.host AND f.minute = m.minute
GROUP BY h.host, s.day, s.first_minute, s.last_minute
ORDER BY s.day, h.host
