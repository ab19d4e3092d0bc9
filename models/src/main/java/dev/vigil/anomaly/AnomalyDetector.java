package dev.vigil.anomaly;

/**
 * A streaming anomaly detector for one series: each value in time order gives a score in [0, 1], higher
 * meaning more unusual. Memory per series is bounded; the same inputs always give the same scores.
 */
public interface AnomalyDetector {
    /** The detector's name and version, as recorded with its scores. */
    String name();

    double update(long time, double value);
}
