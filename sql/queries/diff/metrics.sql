-- diff: metric series whose level or variance shifted between the window before ${t1} and the window
-- before ${t2}. Counters (names ending _total, _count, _sum) are compared as per-second rates.
-- Level score: the shift of the mean in pooled standard deviations (floored at 1% of the old level, so a
-- flat series does not divide by zero). Variance score: the log ratio of the standard deviations over its
-- standard error.
WITH samples AS (
  SELECT host, name, labels, time,
    CASE WHEN name LIKE '%\_total' ESCAPE '\' OR name LIKE '%\_count' ESCAPE '\' OR name LIKE '%\_sum' ESCAPE '\'
      THEN (value - lag(value) OVER s) / nullif(epoch(time) - epoch(lag(time) OVER s), 0)
      ELSE value END AS v,
    CASE WHEN time <= TIMESTAMPTZ '${t1}' THEN 1 ELSE 2 END AS w
  FROM metrics
  WHERE dt BETWEEN '${from_dt}' AND '${t2_dt}'
    AND ((time <= TIMESTAMPTZ '${t1}' AND time > TIMESTAMPTZ '${t1}' - INTERVAL '${window_s}' SECOND)
      OR (time <= TIMESTAMPTZ '${t2}' AND time > TIMESTAMPTZ '${t2}' - INTERVAL '${window_s}' SECOND))
    AND (${host} = '' OR host = ${host})
  WINDOW s AS (PARTITION BY host, name, labels, time <= TIMESTAMPTZ '${t1}' ORDER BY time)
),
stats AS (
  SELECT host, name, labels,
    count(v) FILTER (WHERE w = 1) AS n1, avg(v) FILTER (WHERE w = 1) AS m1, coalesce(stddev_samp(v) FILTER (WHERE w = 1), 0) AS s1,
    count(v) FILTER (WHERE w = 2) AS n2, avg(v) FILTER (WHERE w = 2) AS m2, coalesce(stddev_samp(v) FILTER (WHERE w = 2), 0) AS s2
  FROM samples WHERE v IS NULL OR v >= 0 OR name NOT LIKE '%\_total' ESCAPE '\'
  GROUP BY host, name, labels
  HAVING count(v) FILTER (WHERE w = 1) >= 3 AND count(v) FILTER (WHERE w = 2) >= 3
),
scored AS (
  SELECT *,
    abs(m2 - m1) / greatest(sqrt((s1 * s1 + s2 * s2) / 2), 0.01 * abs(m1), 1e-9) AS level_z,
    abs(ln((s2 + greatest(0.001 * abs(m1), 1e-9)) / (s1 + greatest(0.001 * abs(m1), 1e-9))))
      / sqrt(1.0 / (2 * (n1 - 1)) + 1.0 / (2 * (n2 - 1))) AS spread_z
  FROM stats
)
SELECT 'metric_level' AS kind, host,
  series_subject(name, labels) AS subject,
  printf('%.4g', m1) AS before, printf('%.4g', m2) AS after,
  printf('%+.4g (%+.0f%%)', m2 - m1, 100 * (m2 - m1) / nullif(abs(m1), 0)) AS change,
  level_z AS score
FROM scored WHERE level_z >= 3
UNION ALL
SELECT 'metric_spread', host,
  series_subject(name, labels),
  'sd ' || printf('%.4g', s1), 'sd ' || printf('%.4g', s2), printf('x%.2f', (s2 + 1e-12) / (s1 + 1e-12)),
  spread_z
FROM scored WHERE spread_z >= 3
