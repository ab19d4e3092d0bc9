package dev.vigil.jobs.notify;

import org.apache.flink.streaming.api.functions.async.AsyncRetryPredicate;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Retries failed deliveries without limit of count (the async operator's timeout, the notification's
 * maximum age, ends them), waiting an exponentially growing delay with "equal jitter": half the delay
 * fixed, half random, so many notifications that failed together do not retry together. Flink's own
 * exponential strategy has no jitter.
 */
public final class JitteredBackoff implements AsyncRetryStrategy<Delivery> {
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

    @Override
    public boolean canRetry(int currentAttempts) {
        return true;
    }

    @Override
    public long getBackoffTimeMillis(int currentAttempts) {
        long ceiling = delay(currentAttempts);
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

    @Override
    public AsyncRetryPredicate<Delivery> getRetryPredicate() {
        return new AsyncRetryPredicate<>() {
            @Override
            public Optional<Predicate<Collection<Delivery>>> resultPredicate() {
                return Optional.empty();
            }

            @Override
            public Optional<Predicate<Throwable>> exceptionPredicate() {
                return Optional.of(t -> t instanceof RetryableFailure);
            }
        };
    }
}
