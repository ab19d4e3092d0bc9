package dev.vigil.jobs.notify;

import dev.vigil.notify.Notification;

/**
 * How a notification ended: delivered, or given up (a dead letter, history {@code alert_dead_letters}).
 *
 * @param notification the notification
 * @param delivered    whether a receiver accepted it
 * @param attempts     requests made
 * @param lastError    the last failure ("HTTP 503", "ConnectException", "timed out"), empty when none
 * @param finishedAt   wall-clock time it ended, epoch millis
 */
public record Delivery(Notification notification, boolean delivered, int attempts, String lastError, long finishedAt) {}
