package dev.vigil.alert;

import dev.vigil.model.Maps;

import java.util.Map;
import java.util.Objects;

/**
 * An alert notification in Alertmanager's model: one state change (firing or resolved) of the alert
 * identified by its labels.
 *
 * @param time         event time of the change, epoch millis (history partitions by it)
 * @param status       {@code firing} or {@code resolved}
 * @param labels       identity: {@code alertname}, {@code severity}, {@code host}, the series' and rule's labels
 * @param annotations  {@code summary}, {@code description}, {@code value}, {@code query} and the rule's own
 * @param startsAt     when the alert started firing, epoch millis
 * @param endsAt       when it resolved, epoch millis; 0 while it fires
 * @param generatorUrl where the alert came from
 * @param fingerprint  Alertmanager's fingerprint of the labels
 */
public record Alert(
        long time,
        String status,
        Map<String, String> labels,
        Map<String, String> annotations,
        long startsAt,
        long endsAt,
        String generatorUrl,
        String fingerprint) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public Alert {
        Objects.requireNonNull(status, "status");
        labels = Maps.sortedCopy(labels);
        annotations = Maps.sortedCopy(annotations);
    }

    /** A firing alert; its fingerprint is computed from the labels. */
    public static Alert firing(long time, Map<String, String> labels, Map<String, String> annotations, String generatorUrl) {
        return new Alert(time, FIRING, labels, annotations, time, 0L, generatorUrl, Fingerprint.of(Maps.sortedCopy(labels)));
    }

    /**
     * A one-shot alert: firing, with its end already set, so Alertmanager (and Vigil's grouping) resolves it
     * at {@code endsAt} unless it is raised again.
     */
    public static Alert oneShot(long time, long endsAt, Map<String, String> labels, Map<String, String> annotations, String generatorUrl) {
        Map<String, String> sorted = Maps.sortedCopy(labels);
        return new Alert(time, FIRING, sorted, annotations, time, endsAt, generatorUrl, Fingerprint.of(sorted));
    }

    /** The resolution of this alert at {@code time}. */
    public Alert resolve(long time, Map<String, String> newAnnotations) {
        return new Alert(time, RESOLVED, labels, newAnnotations, startsAt, time, generatorUrl, fingerprint);
    }

    /** This alert with one more annotation (or one replaced). */
    public Alert withAnnotation(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(annotations);
        more.put(name, value);
        return new Alert(time, status, labels, more, startsAt, endsAt, generatorUrl, fingerprint);
    }

    public String alertname() {
        return labels.get("alertname");
    }
}
