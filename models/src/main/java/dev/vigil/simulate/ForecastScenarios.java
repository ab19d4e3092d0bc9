package dev.vigil.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded filesystem series for evaluating exhaustion forecasts, each with its ground truth: when (if
 * ever) the filesystem really runs out. The kinds are the situations that fool a straight-line
 * extrapolation one way or the other: slow and fast fills, a fill under a daily cycle, daily reclaim
 * cycles, a log-rotation sawtooth, a batch burst that is cleaned up, and a disk that is full-ish but
 * stable. Samples every {@code stepMs} as node_exporter's avail and size gauges (Prometheus JSON).
 */
public final class ForecastScenarios {
    public static final double SIZE = 100L * 1024 * 1024 * 1024;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /**
     * One simulated filesystem: its host, kind, Prometheus JSON lines, when it filled (-1: never), and
     * the same samples as numbers (times in epoch millis, avail bytes; the size is {@link #SIZE}).
     */
    public record Series(String host, String kind, List<String> lines, long exhaustsAt, long[] times, double[] avail) {}

    /** The kinds, in the order they are generated. */
    public static final List<String> KINDS = List.of("slow_fill", "fast_fill", "daily_cycle_fill", "reclaim_cycle",
            "logrotate_sawtooth", "burst_cleaned", "stable_high");

    private ForecastScenarios() {}

    /** Every kind, {@code days} long (fills end 2 h after they run out), one host per kind. */
    public static List<Series> generate(Instant start, int days, long stepMs, long seed) {
        List<Series> out = new ArrayList<>();
        for (int k = 0; k < KINDS.size(); k++) {
            out.add(series(KINDS.get(k), start.toEpochMilli(), days * DAY, stepMs, new SplittableRandom(seed * 31 + k)));
        }
        return out;
    }

    /** Used fraction of the disk at {@code t} ms after the start, before noise. */
    static double used(String kind, long t, long duration) {
        double d = t / (double) DAY;
        double fill = duration / (double) DAY - 1;  // the fills run out one day before the end
        return switch (kind) {
            case "slow_fill" -> 0.45 + 0.55 * d / fill;
            case "fast_fill" -> d < fill - 10 / 24.0 ? 0.55 : 0.55 + 0.45 * (d - (fill - 10 / 24.0)) / (10 / 24.0);
            case "daily_cycle_fill" -> 0.40 + 0.60 * d / fill + 0.04 * Math.sin(2 * Math.PI * d);
            case "reclaim_cycle" -> 0.50 + 0.25 * (d - Math.floor(d));
            case "logrotate_sawtooth" -> 0.62 + 0.20 * (d * 4 - Math.floor(d * 4));
            case "burst_cleaned" -> {
                double h = (d - 4) * 24;
                yield h < 0 || h >= 5 ? 0.55 : h < 2 ? 0.55 + 0.33 * h / 2 : 0.88;
            }
            case "stable_high" -> 0.93;
            default -> throw new IllegalArgumentException("unknown forecast scenario kind '" + kind + "'");
        };
    }

    private static Series series(String kind, long start, long duration, long stepMs, SplittableRandom random) {
        String host = "fc-" + kind.replace('_', '-');
        List<String> lines = new ArrayList<>();
        int capacity = (int) (duration / stepMs) + 1;
        long[] times = new long[capacity];
        double[] avails = new double[capacity];
        int n = 0;
        long exhaustsAt = -1;
        for (long t = 0; t <= duration; t += stepMs) {
            double u = used(kind, t, duration) + 0.001 * random.nextGaussian();
            double avail = Math.max(0, Math.floor(SIZE * (1 - u)));
            long at = start + t;
            if (avail == 0 && exhaustsAt < 0) {
                exhaustsAt = at;
            }
            if (exhaustsAt >= 0 && at > exhaustsAt + 2 * HOUR) {
                break;
            }
            String ts = Instant.ofEpochMilli(at).toString();
            lines.add(line(ts, "node_filesystem_size_bytes", (long) SIZE, host));
            lines.add(line(ts, "node_filesystem_avail_bytes", (long) avail, host));
            times[n] = at;
            avails[n] = (long) avail;
            n++;
        }
        return new Series(host, kind, lines, exhaustsAt, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(avails, n));
    }

    /** One simulated process: its host, kind, resident-memory samples, the host's memory, and when it ran out (-1: never). */
    public record MemorySeries(String host, String kind, long[] times, double[] resident, double limit, long oomAt) {}

    /** The memory kinds: a leak hidden by restarts every 12 h, and caches that warm up again after each restart. */
    public static final List<String> MEMORY_KINDS = List.of("leak_with_restarts", "cache_warmup");

    /**
     * Resident memory of one process per kind, {@code days} long, on a host with 8 GB: restarts every
     * 12 h; within a run memory grows 0.1 GB an hour; with the leak, each run also starts 0.4 GB higher
     * than the last, so a run finally reaches the 8 GB (the OOM kill ends the series).
     */
    public static List<MemorySeries> memory(Instant start, int days, long stepMs, long seed) {
        List<MemorySeries> out = new ArrayList<>();
        double limit = 8e9;
        for (int k = 0; k < MEMORY_KINDS.size(); k++) {
            String kind = MEMORY_KINDS.get(k);
            SplittableRandom random = new SplittableRandom(seed * 17 + k);
            int n = (int) (days * DAY / stepMs) + 1;
            long[] times = new long[n];
            double[] resident = new double[n];
            long oomAt = -1;
            int m = 0;
            for (long t = 0; t <= days * DAY; t += stepMs) {
                long run = t / (12 * HOUR);
                double base = 1e9 + (kind.equals("leak_with_restarts") ? 0.4e9 * run : 0);
                double r = (base + 0.1e9 * (t % (12 * HOUR)) / (double) HOUR) * (1 + 0.003 * random.nextGaussian());
                times[m] = start.toEpochMilli() + t;
                resident[m] = Math.min(r, limit);
                m++;
                if (r >= limit) {
                    oomAt = start.toEpochMilli() + t;
                    break;
                }
            }
            out.add(new MemorySeries("mem-" + kind.replace('_', '-'), kind, java.util.Arrays.copyOf(times, m),
                    java.util.Arrays.copyOf(resident, m), limit, oomAt));
        }
        return out;
    }

    private static String line(String ts, String metric, long value, String host) {
        return "{\"timestamp\":\"" + ts + "\",\"value\":\"" + value + "\",\"name\":\"" + metric + "\",\"labels\":{\"__name__\":\""
                + metric + "\",\"device\":\"/dev/vda1\",\"fstype\":\"ext4\",\"mountpoint\":\"/\",\"instance\":\"" + host
                + ":9100\",\"job\":\"node\"}}";
    }
}
