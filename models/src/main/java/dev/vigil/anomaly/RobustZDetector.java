package dev.vigil.anomaly;

import java.util.Arrays;

/**
 * Robust statistical baseline: the value and its change since the previous sample are each compared with
 * the median and median absolute deviation (MAD) of a rolling window of recent values, and the larger
 * robust z-score, squashed to [0, 1), is the anomaly score. Median and MAD, unlike mean and standard
 * deviation, are not dragged by the anomalies themselves. The window is a ring buffer: memory per series
 * is fixed. While the window fills, scores are 0.
 */
public final class RobustZDetector implements AnomalyDetector {
    /** Consistency constant: 1.4826 x MAD estimates the standard deviation of normal data. */
    static final double MAD_SCALE = 1.4826;

    private final int size;
    private final double[] values;
    private final double[] deltas;
    private final double[] scratch;
    private int count;
    private int next;
    private double previous = Double.NaN;

    public RobustZDetector(int windowSize) {
        if (windowSize < 8) {
            throw new IllegalArgumentException("window must hold at least 8 values, was " + windowSize);
        }
        this.size = windowSize;
        this.values = new double[windowSize];
        this.deltas = new double[windowSize];
        this.scratch = new double[windowSize];
    }

    @Override
    public String name() {
        return "robust-z/1";
    }

    @Override
    public double update(long time, double value) {
        double delta = Double.isNaN(previous) ? 0 : value - previous;
        previous = value;
        double score = 0;
        if (count >= size) {
            double z = Math.max(z(values, value), z(deltas, delta));
            score = z / (z + 5.0);
        }
        values[next] = value;
        deltas[next] = delta;
        next = (next + 1) % size;
        count = Math.min(count + 1, size);
        return score;
    }

    /** |x - median| / (1.4826 MAD), with a floor on the scale so a flat window does not divide by zero. */
    private double z(double[] window, double x) {
        System.arraycopy(window, 0, scratch, 0, size);
        Arrays.sort(scratch);
        double median = median(scratch);
        for (int i = 0; i < size; i++) {
            scratch[i] = Math.abs(window[i] - median);
        }
        double meanAbs = 0;
        for (int i = 0; i < size; i++) {
            meanAbs += scratch[i];
        }
        meanAbs /= size;
        Arrays.sort(scratch);
        double mad = median(scratch);
        // Series that sit on a few discrete values have a MAD of 0: fall back to the mean absolute deviation
        // (x 1.2533 estimates a standard deviation), and to a small fraction of the level, so one step off a
        // plateau is not an infinite surprise.
        double scale = Math.max(Math.max(MAD_SCALE * mad, 1.2533 * meanAbs), 1e-3 * (Math.abs(median) + 1e-3));
        return Math.abs(x - median) / scale;
    }

    private double median(double[] sorted) {
        return (sorted[(size - 1) / 2] + sorted[size / 2]) / 2.0;
    }
}
