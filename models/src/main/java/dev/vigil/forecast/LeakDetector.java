package dev.vigil.forecast;

/**
 * Memory leaks of one process or unit from its resident memory, restarts included. A leak is growth
 * that persists: across restarts it shows as a rising post-restart baseline (each run's first hour),
 * so a service restarted every night to hide a leak is still caught; without restarts, as a run of at
 * least 12 hours whose whole 80% slope band is growth of 5% of the limit or more. Memory that grows
 * within a run but starts each run from the same baseline (caches warming up) is not a leak. Samples
 * are averaged into 5-minute buckets kept for 7 days; baselines of the last 20 runs.
 */
public final class LeakDetector {
    static final long BUCKET_MS = 5 * 60_000L;
    static final long HOUR = 3_600_000L;
    static final int CAPACITY = 7 * 24 * 12;
    private static final int MAX_BASELINES = 20;
    private static final int MAX_FIT = 144;

    /**
     * A leak verdict.
     *
     * @param time           when it was made
     * @param resident       resident memory now (bucket mean)
     * @param limit          the memory it runs into
     * @param growthPerHour  within the current run, bytes per hour
     * @param baselinePerHour rise of the post-restart baseline, bytes per hour (NaN with fewer than 3 runs)
     * @param restarts       restarts seen in the kept history
     * @param oomAt          when the current run reaches the limit at its growth, epoch millis
     * @param method         {@code baseline-trend} (across restarts) or {@code run-trend} (one long run)
     */
    public record Leak(long time, double resident, double limit, double growthPerHour, double baselinePerHour, int restarts, long oomAt,
            String method) {}

    private final long[] times = new long[CAPACITY];
    private final double[] rss = new double[CAPACITY];
    private final long[] baseT = new long[MAX_BASELINES];
    private final double[] baseY = new double[MAX_BASELINES];
    private final long[] lineT = new long[CAPACITY];
    private final double[] lineY = new double[CAPACITY];
    private final double[] scratch = TheilSen.scratch(MAX_FIT);
    private boolean judged;
    private int count;
    private int next;
    private int baselines;
    private int restarts;
    private long runStart = Long.MIN_VALUE;
    private boolean baselineTaken;
    private long bucketStart = Long.MIN_VALUE;
    private double bucketSum;
    private int bucketN;

    /** Adds a sample; returns a verdict when a bucket completes and the memory leaks, else null. */
    public Leak update(long time, double resident, double limit) {
        long bucket = Math.floorDiv(time, BUCKET_MS) * BUCKET_MS;
        Leak verdict = null;
        judged = false;
        if (bucket != bucketStart) {
            if (bucketN > 0) {
                judged = true;
                push(bucketStart + BUCKET_MS, bucketSum / bucketN, limit);
                verdict = judge(limit);
            }
            bucketStart = bucket;
            bucketSum = 0;
            bucketN = 0;
        }
        bucketSum += resident;
        bucketN++;
        return verdict;
    }

    /** Whether the last update completed a bucket (a null verdict then means: no leak now). */
    public boolean judged() {
        return judged;
    }

    /** Writes the state (for Flink checkpoints); {@link #read} restores it. */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(1);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeLong(times[at(i)]);
            out.writeDouble(rss[at(i)]);
        }
        out.writeInt(baselines);
        for (int i = 0; i < baselines; i++) {
            out.writeLong(baseT[i]);
            out.writeDouble(baseY[i]);
        }
        out.writeInt(restarts);
        out.writeLong(runStart);
        out.writeBoolean(baselineTaken);
        out.writeLong(bucketStart);
        out.writeDouble(bucketSum);
        out.writeInt(bucketN);
    }

    public static LeakDetector read(java.io.DataInput in) throws java.io.IOException {
        if (in.readInt() != 1) {
            throw new java.io.IOException("leak detector state format is not 1");
        }
        LeakDetector d = new LeakDetector();
        int n = in.readInt();
        if (n < 0 || n > CAPACITY) {
            throw new java.io.IOException("leak detector state holds " + n + " buckets; at most " + CAPACITY);
        }
        for (int i = 0; i < n; i++) {
            d.times[d.next] = in.readLong();
            d.rss[d.next] = in.readDouble();
            d.next = (d.next + 1) % CAPACITY;
            d.count++;
        }
        d.baselines = in.readInt();
        if (d.baselines < 0 || d.baselines > MAX_BASELINES) {
            throw new java.io.IOException("leak detector state holds " + d.baselines + " baselines; at most " + MAX_BASELINES);
        }
        for (int i = 0; i < d.baselines; i++) {
            d.baseT[i] = in.readLong();
            d.baseY[i] = in.readDouble();
        }
        d.restarts = in.readInt();
        d.runStart = in.readLong();
        d.baselineTaken = in.readBoolean();
        d.bucketStart = in.readLong();
        d.bucketSum = in.readDouble();
        d.bucketN = in.readInt();
        return d;
    }

    private int at(int logical) {
        return (next - count + logical + CAPACITY) % CAPACITY;
    }

    private void push(long t, double value, double limit) {
        if (count > 0) {
            double previous = rss[at(count - 1)];
            // A restart: memory drops by over 10% (and by more than 2% of the limit) from one 5-minute bucket to the next.
            if (previous - value > 0.1 * previous && previous - value > 0.02 * limit) {
                restarts++;
                runStart = t;
                baselineTaken = false;
            }
        }
        if (runStart == Long.MIN_VALUE) {
            runStart = t;
        }
        times[next] = t;
        rss[next] = value;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
        if (!baselineTaken && restarts > 0 && t - runStart >= HOUR) {
            // The baseline of a run: the median of its first hour.
            int n = copySince(runStart - 1);
            java.util.Arrays.sort(lineY, 0, n);
            if (baselines == MAX_BASELINES) {
                System.arraycopy(baseT, 1, baseT, 0, MAX_BASELINES - 1);
                System.arraycopy(baseY, 1, baseY, 0, MAX_BASELINES - 1);
                baselines--;
            }
            baseT[baselines] = runStart;
            baseY[baselines] = lineY[n / 2];
            baselines++;
            baselineTaken = true;
        }
    }

    private int copySince(long since) {
        int from = count - 1;
        while (from > 0 && times[at(from - 1)] > since) {
            from--;
        }
        int n = 0;
        for (int i = from; i < count; i++) {
            lineT[n] = times[at(i)];
            lineY[n] = rss[at(i)];
            n++;
        }
        return n;
    }

    private Leak judge(double limit) {
        long now = times[at(count - 1)];
        double resident = rss[at(count - 1)];
        if (now - runStart < 3 * HOUR) {
            return null;
        }
        int n = copySince(runStart - 1);
        TheilSen.Fit run = TheilSen.fit(lineT, lineY, 0, n, MAX_FIT, scratch);
        if (run == null || run.slope() <= 0) {
            return null;
        }
        long oomAt = now + (long) (Math.max(0, limit - resident) / run.slope());
        if (baselines >= 3) {
            TheilSen.Fit base = TheilSen.fit(baseT, baseY, 0, baselines, MAX_BASELINES, scratch);
            if (base != null && base.slopeLow() > 0) {
                return new Leak(now, resident, limit, run.slope() * HOUR, base.slope() * HOUR, restarts, oomAt, "baseline-trend");
            }
            return null;
        }
        if (restarts == 0 && now - runStart >= 12 * HOUR && run.slopeLow() > 0 && run.slope() * (now - runStart) >= 0.05 * limit) {
            return new Leak(now, resident, limit, run.slope() * HOUR, Double.NaN, restarts, oomAt, "run-trend");
        }
        return null;
    }
}
