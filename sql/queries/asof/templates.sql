-- asof: the log templates each host wrote in the window before ${at}, per app, with counts. A line's
-- template is the miner's (events.template_id, its text from log_templates); lines without one (mining
-- off, or the template's window not yet in log_templates) fall back to the message with numbers,
-- addresses and hex masked as <*>.
WITH lines AS (
  SELECT host, coalesce(app, '-') AS app, time, severity, template_id,
    masked(message) AS masked
  FROM logs
  WHERE dt BETWEEN '${from_dt}' AND '${at_dt}'
    AND time <= TIMESTAMPTZ '${at}' AND time > TIMESTAMPTZ '${at}' - INTERVAL '${window_s}' SECOND
    AND (${host} = '' OR host = ${host})
),
named AS (
  -- An id is a hash of its template's text, so any row names it.
  SELECT template_id, any_value(template) AS template, any_value(category) AS category
  FROM log_templates
  WHERE template_id IN (SELECT template_id FROM lines)
  GROUP BY template_id
)
SELECT
  'template' AS section,
  host,
  app || ': ' || coalesce(any_value(n.template), min(masked)) AS subject,
  CAST(count(*) AS VARCHAR) AS value,
  max(time) AS time,
  'severity ' || string_agg(DISTINCT severity, ', ' ORDER BY severity)
    || coalesce('; category ' || any_value(n.category), '') || coalesce('; id ' || l.template_id, '') AS detail
FROM lines l LEFT JOIN named n ON l.template_id = n.template_id
GROUP BY host, app, coalesce(l.template_id, masked), l.template_id
ORDER BY host, count(*) DESC, subject
