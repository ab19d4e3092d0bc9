package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;

/**
 * An alert on its way to one receiver: the route that took it and the group it joins there.
 *
 * @param key   {@code receiver}, a NUL, and the group key: the key of {@link GroupAlerts}
 * @param alert the alert
 */
public record RoutedAlert(String key, Alert alert) {
    /** The receiver part of a group's key. */
    public static String receiver(String key) {
        return key.substring(0, key.indexOf('\0'));
    }

    /** The group-key part of a group's key. */
    public static String groupKey(String key) {
        return key.substring(key.indexOf('\0') + 1);
    }

    /** The id of the route that made the group: a group key starts with it ({@code 0.1:{...}}). */
    public static String routeId(String key) {
        return key.substring(key.indexOf('\0') + 1, key.indexOf(':', key.indexOf('\0')));
    }
}
