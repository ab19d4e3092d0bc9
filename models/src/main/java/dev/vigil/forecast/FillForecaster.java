package dev.vigil.forecast;

/**
 * Time to exhaustion of one resource (a filesystem, memory) from its free fraction, as samples stream
 * in. Samples are averaged into 5-minute buckets kept for 7 days (bounded memory). At each completed
 * bucket:
 * <ul>
 *   <li>a sharp rise of the free fraction (a cleanup, a log rotation, a restart) starts a new segment;</li>
 *   <li>with two or more resets in the last 3 days the resource is cyclic: it runs out only if the
 *   lows of its cycles trend to 0, so the forecast follows the trend of the pre-reset lows;</li>
 *   <li>otherwise the current segment's Theil-Sen trend over the longest of 6 h, 24 h and 72 h that
 *   the segment covers gives the ETA, and the 80% band of pairwise slopes gives the interval; the
 *   forecast says whether the fill shows in each third of that window (a trend, not a step).</li>
 * </ul>
 */
public final class FillForecaster {
    static final long BUCKET_MS = 5 * 60_000L;
    static final int CAPACITY = 7 * 24 * 12;
    static final long HOUR = 3_600_000L;
    private static final long[] HORIZONS = {72 * HOUR, 24 * HOUR, 6 * HOUR};
    private static final int MAX_FIT_POINTS = 144;
    private static final double MIN_RESET = 0.02;

    private final long[] times = new long[CAPACITY];
    private final double[] free = new double[CAPACITY];
    private final double[] scratch = TheilSen.scratch(MAX_FIT_POINTS);
    private final double[] changes = new double[288];
    private final long[] lineT = new long[CAPACITY];
    private final double[] lineY = new double[CAPACITY];
    private int count;
    private int next;
    private long bucketStart = Long.MIN_VALUE;
    private double bucketSum;
    private int bucketN;

    /** Writes the state (for Flink checkpoints); {@link #read} restores it. */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(1);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeLong(times[at(i)]);
            out.writeDouble(free[at(i)]);
        }
        out.writeLong(bucketStart);
        out.writeDouble(bucketSum);
        out.writeInt(bucketN);
    }

    public static FillForecaster read(java.io.DataInput in) throws java.io.IOException {
        int format = in.readInt();
        if (format != 1) {
            throw new java.io.IOException("forecaster state format " + format + " is not 1");
        }
        FillForecaster f = new FillForecaster();
        int n = in.readInt();
        if (n < 0 || n > CAPACITY) {
            throw new java.io.IOException("forecaster state holds " + n + " buckets; at most " + CAPACITY);
        }
        for (int i = 0; i < n; i++) {
            f.push(in.readLong(), in.readDouble());
        }
        f.bucketStart = in.readLong();
        f.bucketSum = in.readDouble();
        f.bucketN = in.readInt();
        return f;
    }

    /** Adds a sample; returns a forecast when a bucket completes, else null. */
    public Forecast update(long time, double avail, double size) {
        if (!(size > 0)) {
            return null;
        }
        long bucket = Math.floorDiv(time, BUCKET_MS) * BUCKET_MS;
        Forecast made = null;
        if (bucket != bucketStart) {
            if (bucketN > 0) {
                push(bucketStart + BUCKET_MS, bucketSum / bucketN);
                made = forecast();
            }
            bucketStart = bucket;
            bucketSum = 0;
            bucketN = 0;
        }
        bucketSum += Math.max(0, Math.min(1, avail / size));
        bucketN++;
        return made;
    }

    private void push(long t, double f) {
        times[next] = t;
        free[next] = f;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    private int at(int logical) {
        return (next - count + logical + CAPACITY) % CAPACITY;
    }

    Forecast forecast() {
        if (count < 2) {
            return null;
        }
        long now = times[at(count - 1)];
        double current = free[at(count - 1)];
        double threshold = resetThreshold();
        // Resets, newest last: logical indices where the free fraction jumps up.
        int lastReset = 0;
        int resetsRecent = 0;
        int lows = 0;
        for (int i = 1; i < count; i++) {
            if (free[at(i)] - free[at(i - 1)] > threshold) {
                lastReset = i;
                if (now - times[at(i)] <= 72 * HOUR) {
                    resetsRecent++;
                }
                lineT[lows] = times[at(i - 1)];
                lineY[lows] = free[at(i - 1)];
                lows++;
            }
        }
        if (resetsRecent >= 2 && lows >= 3) {
            TheilSen.Fit fit = TheilSen.fit(lineT, lineY, Math.max(0, lows - 12), lows, MAX_FIT_POINTS, scratch);
            // The lows' line, carried from the last low to now.
            double level = fit == null ? 0 : fit.level() + fit.slope() * (now - lineT[lows - 1]);
            return toForecast(now, current, fit, level, "cycle-peaks", now - lineT[Math.max(0, lows - 12)], true);
        }
        // Every horizon the current segment covers; the most urgent one wins if the last hour still fills
        // at least half as fast (an accelerating fill counts, a burst that stopped does not).
        double recent = slopeSince(now - HOUR, lastReset);
        Forecast best = null;
        TheilSen.Fit bestFit = null;
        for (long horizon : HORIZONS) {
            if (count - lastReset < 2 || now - times[at(lastReset)] < horizon) {
                continue;
            }
            int n = copySince(now - horizon, lastReset);
            TheilSen.Fit fit = TheilSen.fit(lineT, lineY, 0, n, MAX_FIT_POINTS, scratch);
            if (fit == null) {
                continue;
            }
            boolean stillFilling = fit.slope() < 0 && !Double.isNaN(recent) && recent <= 0.5 * fit.slope();
            Forecast f = toForecast(now, current, fit, current, "trend-" + horizon / HOUR + "h", horizon, false);
            if (best == null || (stillFilling && f.eta() < best.eta())) {
                best = f;
                bestFit = fit;
            }
        }
        if (best == null) {
            return null;
        }
        // The thirds test only for the window that won (it costs as much as the fits themselves).
        int n = copySince(now - best.horizonMs(), lastReset);
        return toForecast(now, current, bestFit, current, best.method(), best.horizonMs(), fallsInEachThird(n, bestFit.slope()));
    }

    /** Copies the buckets after {@code since} (and after logical index {@code first}) into lineT/lineY. */
    private int copySince(long since, int first) {
        int from = count - 1;
        while (from > first && times[at(from - 1)] > since) {
            from--;
        }
        int n = 0;
        for (int i = from; i < count; i++) {
            lineT[n] = times[at(i)];
            lineY[n] = free[at(i)];
            n++;
        }
        return n;
    }

    /** Theil-Sen slope of the buckets after {@code since}; NaN with fewer than 3. */
    private double slopeSince(long since, int first) {
        int n = copySince(since, first);
        if (n < 3) {
            return Double.NaN;
        }
        TheilSen.Fit fit = TheilSen.fit(lineT, lineY, 0, n, MAX_FIT_POINTS, scratch);
        return fit == null ? Double.NaN : fit.slope();
    }

    private Forecast toForecast(long now, double current, TheilSen.Fit fit, double level, String method, long horizon,
            boolean sustained) {
        if (fit == null) {
            return null;
        }
        double rate = -fit.slope() * HOUR;
        return new Forecast(now, current, eta(now, level, fit.slope()), eta(now, level, fit.slopeLow()),
                eta(now, level, fit.slopeHigh()), rate, method, horizon, sustained);
    }

    /**
     * Whether lineY[0, n) falls in each of its thirds, by Mann-Kendall's test at one-sided 99% and at
     * least a third as fast as the whole window. A batch burst is a step inside the window: the line
     * through it slopes, but the thirds beside the step stay flat.
     */
    private boolean fallsInEachThird(int n, double slope) {
        for (int k = 0; k < 3; k++) {
            int from = k * n / 3;
            int to = (k + 1) * n / 3;
            if (mannKendallZ(lineY, from, to) > -2.3263) {
                return false;
            }
            TheilSen.Fit third = TheilSen.fit(lineT, lineY, from, to, MAX_FIT_POINTS, scratch);
            if (third == null || third.slope() > slope / 3) {
                return false;
            }
        }
        return true;
    }

    /**
     * Mann-Kendall's z of y[from, to), subsampled to at most MAX_FIT_POINTS: negative when it falls.
     * Written by hand: Tribuo has no rank tests, and this is a dozen lines over the buffer in place.
     */
    private static double mannKendallZ(double[] y, int from, int to) {
        int stride = Math.max(1, (to - from + MAX_FIT_POINTS - 1) / MAX_FIT_POINTS);
        long s = 0;
        int n = 0;
        for (int i = from; i < to; i += stride) {
            n++;
            for (int j = i + stride; j < to; j += stride) {
                s += y[j] > y[i] ? 1 : y[j] < y[i] ? -1 : 0;
            }
        }
        if (n < 4 || s == 0) {
            return 0;
        }
        double sd = Math.sqrt(n * (n - 1.0) * (2 * n + 5) / 18.0);
        return (s - Math.signum(s)) / sd;
    }

    /** When a line at {@code level} now with {@code slope} (free fraction per ms) reaches 0. */
    private static long eta(long now, double level, double slope) {
        if (slope >= 0) {
            return Long.MAX_VALUE;
        }
        double ms = Math.max(0, level) / -slope;
        return ms > 365 * 24 * HOUR ? Long.MAX_VALUE : now + (long) ms;
    }

    /** A jump counts as a reset above 2% of the resource or 8 median absolute bucket changes. */
    private double resetThreshold() {
        int n = Math.min(count - 1, 288);
        double[] d = changes;
        for (int i = 0; i < n; i++) {
            d[i] = Math.abs(free[at(count - 1 - i)] - free[at(count - 2 - i)]);
        }
        java.util.Arrays.sort(d, 0, n);
        double mad = n == 0 ? 0 : d[n / 2];
        return Math.max(MIN_RESET, 8 * mad);
    }
}
