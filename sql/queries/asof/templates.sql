-- asof: the kinds of log line each host wrote in the window before ${at}: the message with numbers,
-- addresses and hex masked as <*>, per app, with counts.
SELECT
  'template' AS section,
  host,
  coalesce(app, '-') || ': ' || template AS subject,
  CAST(count(*) AS VARCHAR) AS value,
  max(time) AS time,
  'severity ' || string_agg(DISTINCT severity, ', ' ORDER BY severity) AS detail
FROM (
  SELECT host, app, time, severity,
    regexp_replace(message, '(\d{1,3}\.){3}\d{1,3}|0x[0-9a-fA-F]+|[0-9a-fA-F]{8,}|\d+', '<*>', 'g') AS template
  FROM logs
  WHERE dt BETWEEN '${from_dt}' AND '${at_dt}'
    AND time <= TIMESTAMPTZ '${at}' AND time > TIMESTAMPTZ '${at}' - INTERVAL '${window_s}' SECOND
    AND (${host} = '' OR host = ${host})
)
GROUP BY host, app, template
ORDER BY host, count(*) DESC, subject
