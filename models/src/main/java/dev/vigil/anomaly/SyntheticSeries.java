package dev.vigil.anomaly;

import java.util.SplittableRandom;

/**
 * Seeded metric series for tests, demos and benchmarks: a daily cycle plus Gaussian noise, sampled every
 * {@code stepMs}, with one injected anomaly of a known kind starting at a known index.
 */
public final class SyntheticSeries {
    /** What is injected at {@code at}. */
    public enum Kind { NONE, SPIKE, LEVEL_SHIFT, VARIANCE_CHANGE, FLAT_LINE }

    private SyntheticSeries() {}

    /**
     * {@code n} values: {@code 50 + 10 sin(2 pi t / day) + N(0, 1)}; from index {@code at} on, the anomaly:
     * a single +12 spike, a +15 level shift, noise x6, or the value frozen at its last reading.
     */
    public static double[] generate(int n, long stepMs, Kind kind, int at, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i * (double) stepMs;
            double base = 50 + 10 * Math.sin(2 * Math.PI * t / 86_400_000.0);
            double noise = random.nextGaussian();
            x[i] = base + noise;
            if (i >= at) {
                switch (kind) {
                    case SPIKE -> x[i] += i == at ? 12 : 0;
                    case LEVEL_SHIFT -> x[i] += 15;
                    case VARIANCE_CHANGE -> x[i] = base + 6 * noise;
                    case FLAT_LINE -> x[i] = x[at - 1];
                    case NONE -> { }
                    default -> throw new IllegalStateException(kind.name());
                }
            }
        }
        return x;
    }
}
