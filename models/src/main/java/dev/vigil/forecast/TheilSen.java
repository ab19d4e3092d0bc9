package dev.vigil.forecast;

import dev.vigil.stats.Select;

/**
 * The Theil-Sen line: the median of the slopes between every pair of points, and a band from the
 * 10th to the 90th percentile of those slopes. A cleanup, a burst or a daily peak moves a few pairwise
 * slopes, not their median, where least squares would follow them. Written by hand: Tribuo's
 * regressors (least squares, SGD with a Huber loss, trees) have no median-of-slopes estimator.
 */
public final class TheilSen {
    /** Slope (per ms) with its 80% band, and the line's value at the last point. */
    public record Fit(double slope, double slopeLow, double slopeHigh, double level, int points) {}

    private TheilSen() {}

    /**
     * Fits points {@code from} (inclusive) to {@code to} (exclusive) of {@code t}/{@code y}; with more
     * than {@code maxPoints}, an even subsample keeps the cost at maxPoints^2/2.
     */
    public static Fit fit(long[] t, double[] y, int from, int to, int maxPoints, double[] scratch) {
        int n = to - from;
        int stride = Math.max(1, (n + maxPoints - 1) / maxPoints);
        int m = 0;
        for (int i = from; i < to; i += stride) {
            for (int j = i + stride; j < to; j += stride) {
                if (t[j] != t[i]) {
                    scratch[m++] = (y[j] - y[i]) / (t[j] - t[i]);
                }
            }
        }
        if (m == 0) {
            return null;
        }
        // Three order statistics by selection, not a sort of all m slopes: after selecting the median the
        // lower percentile lies left of it and the upper one right of it.
        int mid = m / 2;
        double slope = Select.kth(scratch, 0, m, mid);
        int lowAt = (int) Math.floor(0.1 * (m - 1));
        int highAt = (int) Math.ceil(0.9 * (m - 1));
        double low = lowAt == mid ? slope : Select.kth(scratch, 0, mid, lowAt);
        double high = highAt == mid ? slope : Select.kth(scratch, mid + 1, m, highAt);
        // Level at the last point: the median of each point's value carried along the slope.
        double[] carried = new double[(n + stride - 1) / stride];
        int k = 0;
        long last = t[to - 1];
        for (int i = from; i < to; i += stride) {
            carried[k++] = y[i] + slope * (last - t[i]);
        }
        return new Fit(slope, low, high, Select.kth(carried, 0, k, k / 2), k);
    }

    /** Scratch space for {@link #fit} with this many points at most. */
    public static double[] scratch(int maxPoints) {
        return new double[maxPoints * (maxPoints - 1) / 2 + 1];
    }
}
