package dev.vigil.anomaly;

/**
 * Scores in [0, 1] counted in 10,000 bins: quantiles to 1e-4 from any number of scores in 80 KB, so
 * training over a fleet's history never holds the scores themselves.
 */
public final class ScoreHistogram {
    static final int BINS = 10_000;
    private final long[] bins = new long[BINS];
    private long count;

    public void add(double score) {
        int b = (int) Math.min(BINS - 1, Math.max(0, Math.floor(score * BINS)));
        bins[b]++;
        count++;
    }

    public long count() {
        return count;
    }

    /** The smallest bin upper edge with at least fraction {@code q} of the scores at or below it. */
    public double quantile(double q) {
        if (count == 0) {
            throw new IllegalStateException("no scores");
        }
        long need = (long) Math.ceil(q * count);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += bins[b];
            if (seen >= need) {
                return (b + 1) / (double) BINS;
            }
        }
        return 1.0;
    }
}
