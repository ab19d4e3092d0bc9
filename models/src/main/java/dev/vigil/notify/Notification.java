package dev.vigil.notify;

/**
 * One request to one endpoint, ready to send: what {@code GroupAlerts} hands to delivery and what a
 * restart replays. It holds no secret: the signature, the PagerDuty routing key and a secret URL are
 * added when it is sent.
 *
 * @param id        idempotency key, stable across retries and restarts ({@code webhook-id}, logs)
 * @param endpoint  {@link Endpoint#name()}
 * @param kind      the endpoint's kind
 * @param groupKey  Alertmanager's group key of the alerts in it
 * @param time      event time of the group tick that made it, epoch millis
 * @param createdAt wall-clock time it was made, epoch millis: its age counts from here
 * @param status    {@code firing} if any alert in it fires, else {@code resolved}
 * @param alerts    how many alerts it carries
 * @param body      the request body (JSON)
 */
public record Notification(String id, String endpoint, String kind, String groupKey, long time, long createdAt, String status,
        int alerts, String body) {}
