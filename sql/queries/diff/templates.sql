-- diff: log templates that appeared, disappeared or changed rate between the window before ${t1} and the
-- window before ${t2}. A line's template is the miner's (events.template_id, its text from log_templates),
-- else its message with numbers, addresses and hex masked. Score: the change in counts over its Poisson
-- standard error, sqrt(before + after).
WITH lines AS (
  SELECT host, coalesce(app, '-') AS app, template_id,
    masked(message) AS masked,
    time <= TIMESTAMPTZ '${t1}' AS early
  FROM logs
  WHERE dt BETWEEN '${from_dt}' AND '${t2_dt}'
    AND ((time <= TIMESTAMPTZ '${t1}' AND time > TIMESTAMPTZ '${t1}' - INTERVAL '${window_s}' SECOND)
      OR (time <= TIMESTAMPTZ '${t2}' AND time > TIMESTAMPTZ '${t2}' - INTERVAL '${window_s}' SECOND))
    AND (${host} = '' OR host = ${host})
),
named AS (
  SELECT template_id, any_value(template) AS template
  FROM log_templates
  WHERE template_id IN (SELECT template_id FROM lines)
  GROUP BY template_id
),
counts AS (
  SELECT host, app, coalesce(any_value(n.template), min(masked)) AS template,
    count(*) FILTER (WHERE early) AS c1, count(*) FILTER (WHERE NOT early) AS c2
  FROM lines l LEFT JOIN named n ON l.template_id = n.template_id
  GROUP BY host, app, coalesce(l.template_id, masked)
)
SELECT
  CASE WHEN c1 = 0 THEN 'template_new' WHEN c2 = 0 THEN 'template_gone' ELSE 'template_rate' END AS kind,
  host, app || ': ' || template AS subject, CAST(c1 AS VARCHAR) AS before, CAST(c2 AS VARCHAR) AS after,
  printf('%+d', c2 - c1) AS change,
  abs(c2 - c1) / sqrt(c1 + c2) AS score
FROM counts
WHERE abs(c2 - c1) / sqrt(c1 + c2) >= 2
