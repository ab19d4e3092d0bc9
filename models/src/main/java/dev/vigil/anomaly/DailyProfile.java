package dev.vigil.anomaly;

/**
 * What is usual for a series at this time of day: per five-minute slot of the day, the highest and lowest
 * value of each of the last seven days. A nightly backup, a cron job at 04:00, a deploy at 14:10 come back
 * at the same time each day; a value within what the same slot (or a neighbour) held on earlier days is
 * usual for the time, however far it is from the recent level the detector's band follows (issue 23).
 *
 * <p>One slot is a {@code double[24]}: the day number of each of eight cells (today and the seven days
 * before), then their maxima, then their minima; the caller keeps slots in keyed map state, so a sample updates one small entry. Pure functions.
 */
public final class DailyProfile {
    public static final long SLOT_MS = 5 * 60_000L;
    public static final int SLOTS = (int) (86_400_000L / SLOT_MS);
    /** Eight cells: today and the seven days before it, so the same weekday a week ago is known. */
    static final int DAYS = 8;
    private static final int MAX = DAYS;
    private static final int MIN = 2 * DAYS;

    /** A usual range, from how many earlier days; {@code known} is false when no earlier day holds the slot. */
    public record Usual(boolean known, double low, double high, int days) {
        public static final Usual UNKNOWN = new Usual(false, Double.NaN, Double.NaN, 0);
    }

    private DailyProfile() {}

    public static int slot(long time) {
        return (int) (Math.floorMod(time, 86_400_000L) / SLOT_MS);
    }

    static long day(long time) {
        return Math.floorDiv(time, 86_400_000L);
    }

    /** A slot with a new value: its cell for the value's day is restarted when it held an older day. */
    public static double[] add(double[] cells, long time, double value) {
        double[] c = cells;
        if (c == null) {
            c = new double[3 * DAYS];
            java.util.Arrays.fill(c, 0, DAYS, -1);
        }
        long day = day(time);
        int i = (int) Math.floorMod(day, (long) DAYS);
        if (c[i] != day) {
            c[i] = day;
            c[MAX + i] = value;
            c[MIN + i] = value;
        } else {
            c[MAX + i] = Math.max(c[MAX + i], value);
            c[MIN + i] = Math.min(c[MIN + i], value);
        }
        return c;
    }

    /**
     * The range the given slots (the time's slot and its neighbours) held on the seven days before the
     * time's day; unknown when none of them has one.
     */
    public static Usual usual(long time, double[]... slots) {
        long today = day(time);
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        boolean known = false;
        java.util.BitSet days = new java.util.BitSet(DAYS);
        for (double[] c : slots) {
            if (c == null) {
                continue;
            }
            for (int i = 0; i < DAYS; i++) {
                long d = (long) c[i];
                if (d >= 0 && d < today && d >= today - (DAYS - 1)) {
                    known = true;
                    days.set((int) (today - d));
                    hi = Math.max(hi, c[MAX + i]);
                    lo = Math.min(lo, c[MIN + i]);
                }
            }
        }
        return known ? new Usual(true, lo, hi, days.cardinality()) : Usual.UNKNOWN;
    }
}
