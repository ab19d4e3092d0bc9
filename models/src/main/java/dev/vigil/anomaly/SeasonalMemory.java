package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The last few days of a series (value and change per sample), to ask "was something like this seen at
 * this time of day on the previous days?": the residual is the smallest distance to the samples around
 * the same time 1..{@code days} days ago. A nightly backup spike is then normal; a spike at noon is not.
 * Samples are found by time, not by index, so uneven sampling and gaps are fine; the memory is a ring
 * of fixed size, so at high sampling rates fewer days are covered.
 */
final class SeasonalMemory {
    static final long DAY_MS = 86_400_000L;

    private final long[] times;
    private final float[][] signals;
    private final int days;
    private final int neighbours;
    private int count;
    private int next;

    SeasonalMemory(int size, int signals, int days, int neighbours) {
        this.times = new long[size];
        this.signals = new float[signals][size];
        this.days = days;
        this.neighbours = neighbours;
    }

    /** Smallest |value - past| around the same time on previous days, or NaN if no day is covered. */
    double residual(int signal, long time, double value) {
        double best = Double.NaN;
        for (int d = 1; d <= days; d++) {
            long target = time - d * DAY_MS;
            int at = latestAtOrBefore(target);
            if (at < 0 || Math.abs(times[physical(at)] - target) > DAY_MS / 24) {
                continue;
            }
            for (int j = -neighbours; j <= neighbours; j++) {
                int k = at + j;
                if (k >= 0 && k < count) {
                    double r = Math.abs(value - signals[signal][physical(k)]);
                    if (Double.isNaN(best) || r < best) {
                        best = r;
                    }
                }
            }
        }
        return best;
    }

    void add(long time, double[] values) {
        times[next] = time;
        for (int s = 0; s < signals.length; s++) {
            signals[s][next] = (float) values[s];
        }
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    private int physical(int logical) {
        return (next - count + logical + times.length) % times.length;
    }

    /** Binary search by time over the ring in arrival order; a clock that steps back only blurs one day's match. */
    private int latestAtOrBefore(long target) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[physical(mid)] <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeLongs(out, times);
        for (float[] s : signals) {
            StateIo.writeFloats(out, s);
        }
        out.writeInt(count);
        out.writeInt(next);
    }

    void read(DataInput in) throws IOException {
        StateIo.readLongs(in, times);
        for (float[] s : signals) {
            StateIo.readFloats(in, s);
        }
        count = in.readInt();
        next = in.readInt();
    }
}
