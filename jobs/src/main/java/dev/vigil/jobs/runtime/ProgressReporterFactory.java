package dev.vigil.jobs.runtime;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/** Creates the {@link ProgressReporter} (Flink instantiates reporters through factories). */
public final class ProgressReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new ProgressReporter();
    }
}
