-- Alert volume per receiver and day: notifications and the alerts they carried, delivered or given up,
-- and the mean and worst time from a notification's making to its end (retries included).
SELECT
  receiver,
  CAST(time AS DATE)                                  AS day,
  count(*)                                            AS notifications,
  CAST(sum(alerts) AS BIGINT)                         AS alerts,
  count(*) FILTER (WHERE status = 'firing')           AS firing,
  count(*) FILTER (WHERE outcome = 'dead_letter')     AS dead_letters,
  CAST(sum(attempts) - count(*) AS BIGINT)            AS retries,
  round(avg(epoch_ms(time) - epoch_ms(created_at)))   AS mean_delivery_ms,
  max(epoch_ms(time) - epoch_ms(created_at))          AS max_delivery_ms
FROM notifications
GROUP BY receiver, day
ORDER BY day, notifications DESC, receiver
