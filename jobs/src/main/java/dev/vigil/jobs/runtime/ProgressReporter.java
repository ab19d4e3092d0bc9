package dev.vigil.jobs.runtime;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints how many records the sources have emitted and at what rate, from Flink's own
 * {@code numRecordsOut} counters of the source operators.
 * Used by the local launcher; a cluster has its web UI and reporters for this.
 */
public final class ProgressReporter implements MetricReporter, Scheduled {
    private final Map<String, Counter> sourceCounters = new ConcurrentHashMap<>();
    private final PrintStream out = System.out;
    private long lastCount;
    private long lastNanos = System.nanoTime();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (!(metric instanceof Counter counter) || !name.equals("numRecordsOut")) {
            return;
        }
        String operator = group.getAllVariables().get("<operator_name>");
        // Flink names source operators "Source: <name>"; Vigil's are "kafka: ..." and "file: ...".
        if (operator != null && (operator.startsWith("Source: kafka: ") || operator.startsWith("Source: file: "))) {
            sourceCounters.put(group.getMetricIdentifier(name), counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // Keep the counters of finished sources: their counts still belong in the total.
    }

    @Override
    public void report() {
        long total = 0;
        for (Counter c : sourceCounters.values()) {
            total += c.getCount();
        }
        long now = System.nanoTime();
        double rate = (total - lastCount) / Math.max(1e-9, (now - lastNanos) / 1e9);
        if (total > 0 && total != lastCount) {
            out.printf(Locale.ROOT, "progress: %,d records read, %,.0f records/s%n", total, rate);
        }
        lastCount = total;
        lastNanos = now;
    }
}
