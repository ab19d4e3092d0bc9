package dev.vigil.jobs.notify;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between delivery attempts: exponential from {@code initialMs} to {@code maxMs}, with "equal
 * jitter" (half the delay fixed, half random), so notifications that failed together do not retry
 * together. Flink's async retry strategies are not used: they stop retrying once a bounded input ends.
 */
public final class JitteredBackoff implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long initialMs;
    private final long maxMs;

    public JitteredBackoff(long initialMs, long maxMs) {
        if (initialMs <= 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initialMs + " and " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The wait after failed attempt number {@code attempts} (1 = the first). */
    public long next(int attempts) {
        long ceiling = delay(attempts);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** The delay before jitter: initial × 2^(attempts − 1), at most max. */
    long delay(int attempts) {
        long d = initialMs;
        for (int i = 1; i < attempts && d < maxMs; i++) {
            d *= 2;
        }
        return Math.min(d, maxMs);
    }
}
