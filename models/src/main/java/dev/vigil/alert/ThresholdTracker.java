package dev.vigil.alert;

/**
 * The state machine of one rule on one series, fed samples in event-time order: inactive, pending
 * (breached since {@code pendingSince}), firing. Pure logic, so the Flink operator only stores the
 * two numbers it returns and the tests can drive it directly.
 */
public final class ThresholdTracker {
    /** What a sample did to the alert. */
    public enum Transition { NONE, FIRED, RESOLVED }

    /** No time: the rule is not breached. */
    public static final long NEVER = Long.MIN_VALUE;

    private ThresholdTracker() {}

    /**
     * @param pendingSince when the current breach began, or {@link #NEVER}
     * @param firing       whether the alert fires now
     * @return the transition; the caller updates its state with {@link #nextPendingSince}
     */
    public static Transition step(ThresholdRule rule, long pendingSince, boolean firing, long time, double value) {
        boolean breached = rule.breached(value);
        if (!breached) {
            return firing ? Transition.RESOLVED : Transition.NONE;
        }
        long since = pendingSince == NEVER ? time : pendingSince;
        if (!firing && time - since >= rule.forDuration().toMillis()) {
            return Transition.FIRED;
        }
        return Transition.NONE;
    }

    public static long nextPendingSince(ThresholdRule rule, long pendingSince, long time, double value) {
        if (!rule.breached(value)) {
            return NEVER;
        }
        return pendingSince == NEVER ? time : pendingSince;
    }
}
