package dev.vigil.jobs.metrics;

import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.anomaly.ScoreCalibration;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * What {@link AnomalyFunction} needs from the configuration, resolved once at job build time.
 *
 * @param recordScore   reported scores at or above this become {@code anomalies} rows
 * @param alertScore    global alert score (a family's calibrated score may raise it)
 * @param familyScores  per metric name, the calibrated alert score ({@code vigil train})
 * @param resolveScore  the alert resolves after {@code resolveAfter} consecutive raw scores below this
 * @param resolveAfter  samples
 * @param alertWarmup   samples a series must have before it may alert
 * @param sustainMs     how long a series must stay on its bad side before it alerts ({@code anomaly.sustain})
 * @param capacityMetrics the free-capacity gauges the forecaster watches (forecast.resources): their alerts are
 *                      the forecaster's (a filesystem filling), not MetricAnomaly; empty when forecasts are off
 * @param stateTtlMs    a series silent this long (event time) resolves its alert and drops its state
 * @param modelHash     provenance hash of the detector configuration and the calibration file
 * @param externalUrl   generatorURL base
 */
public record AnomalySettings(double recordScore, double alertScore, HashMap<String, Double> familyScores, double resolveScore,
        int resolveAfter, int alertWarmup, long sustainMs, java.util.HashSet<String> capacityMetrics, long stateTtlMs, String modelHash,
        String externalUrl) implements Serializable {

    public static AnomalySettings of(VigilConfig c) {
        String file = c.get(VigilOptions.ANOMALY_CALIBRATION);
        ScoreCalibration calibration;
        try {
            calibration = file.isBlank() ? ScoreCalibration.bundled() : ScoreCalibration.read(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("anomaly.calibration: " + e.getMessage(), e);
        }
        String shapeHash = dev.vigil.anomaly.EnsembleDetector.modelProvenanceHash(EnsembleSettings.defaults());
        return new AnomalySettings(c.get(VigilOptions.ANOMALY_RECORD_SCORE), c.get(VigilOptions.ANOMALY_ALERT_SCORE),
                new HashMap<>(calibration.alertScores()), c.get(VigilOptions.ANOMALY_RESOLVE_SCORE),
                c.get(VigilOptions.ANOMALY_RESOLVE_AFTER), c.get(VigilOptions.ANOMALY_ALERT_WARMUP), c.get(VigilOptions.ANOMALY_SUSTAIN).toMillis(), capacityMetrics(c),
                c.get(VigilOptions.ANOMALY_STATE_TTL).toMillis(), shapeHash + "+" + calibration.hash(),
                c.get(VigilOptions.EXTERNAL_URL));
    }

    private static java.util.HashSet<String> capacityMetrics(VigilConfig c) {
        java.util.HashSet<String> out = new java.util.HashSet<>();
        if (c.get(VigilOptions.FORECAST_ENABLED)) {
            for (dev.vigil.forecast.Resource r : dev.vigil.forecast.Resource.parse(c.get(VigilOptions.FORECAST_RESOURCES))) {
                out.add(r.freeMetric());
            }
        }
        return out;
    }

    /** The alert score of a metric family. */
    public double alertScoreFor(String metric) {
        Double s = familyScores.get(metric);
        return s == null ? alertScore : Math.max(alertScore, s);
    }
}
