package dev.vigil.jobs.notify;

/** A failure worth another attempt (5xx, 429, timeouts, refused connections, a rate limit). */
final class RetryableFailure extends Exception {
    private static final long serialVersionUID = 1L;

    RetryableFailure(String reason) {
        super(reason, null, false, false);
    }
}
