package dev.vigil.alert;

/**
 * One alert per episode, with hysteresis: an alert fires when its condition calls for it, stays up while
 * the condition is still bad (a lower bar than firing, so it does not flap), and resolves only after
 * {@code resolveAfter} calm judgements in a row. Shared by the anomaly and memory-leak alerts; the
 * operators keep {@code firing} and {@code calm} in state and act on the step.
 */
public final class Episode {
    /** What a judgement does. */
    public enum Step {
        /** Not firing, and nothing calls for an alert. */
        NONE,
        /** Not firing; the condition calls for an alert: fire it. */
        FIRE,
        /** Firing; still bad: the calm count starts again. */
        HOLD,
        /** Firing; calm, but not long enough yet: keep the count. */
        CALMING,
        /** Firing; calm long enough: resolve. */
        RESOLVE
    }

    /** A judgement's step and the calm count to keep (0: clear it). */
    public record Judgement(Step step, int calm) {}

    private Episode() {}

    /**
     * @param firing       whether the episode's alert is firing
     * @param calm         calm judgements in a row so far
     * @param fire         whether this judgement calls for an alert (counts only when not firing)
     * @param bad          whether this judgement keeps a firing alert up
     * @param resolveAfter calm judgements in a row that resolve the alert (at least 1)
     */
    public static Judgement judge(boolean firing, int calm, boolean fire, boolean bad, int resolveAfter) {
        if (!firing) {
            return new Judgement(fire ? Step.FIRE : Step.NONE, 0);
        }
        if (bad) {
            return new Judgement(Step.HOLD, 0);
        }
        int quiet = calm + 1;
        return quiet >= resolveAfter ? new Judgement(Step.RESOLVE, quiet) : new Judgement(Step.CALMING, quiet);
    }
}
