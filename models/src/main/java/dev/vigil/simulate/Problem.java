package dev.vigil.simulate;

/**
 * A problem injected into a lively fleet ({@link LivelyFleet}): what, on which host, from when, and by when
 * an alert on the host must have started to count as caught.
 *
 * @param kind     what goes wrong
 * @param host     the host it happens on (it has no other problem)
 * @param start    when it starts, epoch millis
 * @param deadline the latest start of an alert that catches it: start + 10 min for sudden problems, the
 *                 time of exhaustion for fills and leaks
 */
public record Problem(Kind kind, String host, long start, long deadline) {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;

    /** The problems of issue 23, each with how long it needs to play out and when it must be caught. */
    public enum Kind {
        /** CPU pinned near 100% from the start on. */
        RUNAWAY_CPU(HOUR, 10 * MIN),
        /** The service's p99 latency 3.5 times its usual level from the start on. */
        LATENCY_SHIFT(HOUR, 10 * MIN),
        /** Host available memory falls to 1% over 6 hours. */
        MEMORY_EXHAUSTION(6 * HOUR, 6 * HOUR),
        /** The root filesystem fills in 3 hours. */
        FAST_DISK_FILL(3 * HOUR, 3 * HOUR),
        /** The data filesystem fills over 40 hours. */
        SLOW_DISK_FILL(40 * HOUR, 40 * HOUR),
        /** The app's memory grows to 90% of the host's in 30 hours, without a restart. */
        LEAK_NO_RESTARTS(30 * HOUR, 30 * HOUR),
        /** The app leaks and each daily restart comes back higher; caught within 36 hours. */
        LEAK_ACROSS_RESTARTS(36 * HOUR, 36 * HOUR),
        /** The app's exporter stops: its series end. */
        STOPS_REPORTING(HOUR, 10 * MIN);

        private final long roomMs;
        private final long catchWithinMs;

        Kind(long roomMs, long catchWithinMs) {
            this.roomMs = roomMs;
            this.catchWithinMs = catchWithinMs;
        }

        /** How long after its start the run must go on. */
        public long roomMs() {
            return roomMs;
        }

        public long deadline(long start) {
            return start + catchWithinMs;
        }

        /** Sudden problems must be caught within 10 minutes; fills and leaks before exhaustion. */
        public boolean sudden() {
            return catchWithinMs <= 10 * MIN;
        }
    }
}
