package dev.vigil.model;

import java.util.Map;
import java.util.Objects;

/**
 * One sample of a metric series (ECS: {@code @timestamp}, {@code host.name}, {@code metric.name},
 * {@code metric.value}, {@code labels}).
 *
 * @param time   sample time, epoch milliseconds UTC
 * @param host   host the sample describes (Prometheus: the {@code instance} label without its port)
 * @param name   metric name, e.g. {@code node_filesystem_avail_bytes}
 * @param value  a finite value; decoders dead-letter NaN and infinities
 * @param labels the remaining labels, sorted by name (never {@code __name__})
 */
public record MetricSample(long time, String host, String name, double value, Map<String, String> labels) {
    public MetricSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        labels = Maps.sortedCopy(labels);
    }

    /** The series identity: name and labels (host is one of the key's parts). */
    public String seriesKey() {
        StringBuilder b = new StringBuilder(host.length() + name.length() + 16 * labels.size() + 2);
        b.append(host).append('|').append(name);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            b.append('|').append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
