package dev.vigil.anomaly;

import dev.vigil.model.Maps;

import java.util.Map;
import java.util.Objects;

/**
 * A metric sample the detector found unusual: a row of history table {@code anomalies}.
 *
 * @param time          sample time, epoch millis
 * @param host          the series' host
 * @param name          metric name
 * @param labels        the series' other labels
 * @param value         the sample's value
 * @param score         the larger of the views' raw score and the novelty confidence, in [0, 1] (see {@link EnsembleDetector})
 * @param expectedLow   lower end of the expected range before this sample (rolling median - 3 robust scales)
 * @param expectedHigh  upper end of the expected range
 * @param pLevel        p-value of the level view (1 when it had no opinion)
 * @param pChange       p-value of the change view
 * @param pShape        p-value of the k-means shape view
 * @param pQuiet        p-value of the frozen-value view
 * @param novelty       confidence of the novelty memory: above 0 when the sample completed a pattern never seen
 * @param detector      detector name and version
 * @param modelHash     provenance hash of the learned parts (shape model configuration, calibration file)
 */
public record Anomaly(long time, String host, String name, Map<String, String> labels, double value, double score,
        double expectedLow, double expectedHigh, double pLevel, double pChange, double pShape, double pQuiet,
        double novelty, String detector, String modelHash) {
    public Anomaly {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        labels = Maps.sortedCopy(labels);
    }

    /** What made this row: "novelty" when the novelty confidence is its score, else {@link #strongestStatisticalView()}. */
    public String strongestView() {
        return novelty > 0 && novelty >= score ? "novelty" : strongestStatisticalView();
    }

    /** The statistical view with the smallest p-value: which kind of unusual the views see. */
    public String strongestStatisticalView() {
        double[] p = {pLevel, pChange, pShape, pQuiet};
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] < p[best]) {
                best = i;
            }
        }
        return EnsembleDetector.VIEWS[best];
    }
}
