package dev.vigil.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A fleet whose normal behaviour is lively, as real fleets' is, with problems injected on their own hosts:
 * the yardstick of issue 23 ("at most one unrelated alert per 100 host-days, every real problem caught").
 *
 * <p>Every healthy host has, each with its own phase and size: a daily load curve; hourly cron spikes at
 * a fixed minute and a daily cron job; a nightly backup (CPU, disk and outbound traffic); a page-cache
 * sawtooth in available memory; a JVM's GC sawtooth in the app's resident memory; a daily deploy that
 * restarts the app (its memory drops to a baseline and warms up, its CPU spikes); a nightly logrotate
 * that frees disk; heavy-tailed request latency with isolated spikes. Across the fleet, one host reboots
 * (its traffic counters reset) and one goes missing for 10 minutes.
 *
 * <p>Each problem ({@link Problem.Kind}) runs on one extra host, otherwise as lively as the others, from a
 * start drawn in the second half of the run's first day or later, so the detectors have seen a day of it.
 * The same seed always gives the same records.
 */
public final class LivelyFleet {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final String FS_ROOT = "\"device\":\"/dev/sda1\",\"fstype\":\"ext4\",\"mountpoint\":\"/\",";
    private static final String FS_DATA = "\"device\":\"/dev/sdb1\",\"fstype\":\"xfs\",\"mountpoint\":\"/data\",";
    private static final String NET = "\"device\":\"eth0\",";

    /** What a lively run is. */
    public record Config(int healthyHosts, Instant start, long durationMs, long stepMs, long seed, List<Problem.Kind> problems) {
        public Config {
            problems = List.copyOf(problems);
            if (healthyHosts < 1 || durationMs < 2 * DAY || stepMs < 1000 || stepMs > 10 * MIN) {
                throw new IllegalArgumentException("a lively run needs at least one healthy host, two days and a step of 1 s to 10 min");
            }
        }

        public static Config of(int healthyHosts, int days, long seed) {
            return new Config(healthyHosts, SimulatorConfig.DEFAULT_START, days * DAY, MIN, seed, List.of(Problem.Kind.values()));
        }

        public int hosts() {
            return healthyHosts + problems.size();
        }
    }

    private final Config config;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    public LivelyFleet(Config config) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        long start = config.start().toEpochMilli();
        for (int i = 0; i < config.healthyHosts(); i++) {
            hosts.add(new Host("node-" + (i + 1), root.split(), null));
        }
        for (Problem.Kind kind : config.problems()) {
            SplittableRandom r = root.split();
            // After the first 18 h (the detectors have seen most of a day), leaving the problem room to show.
            long latest = start + config.durationMs() - kind.roomMs();
            long earliest = start + 18 * HOUR;
            long at = earliest + (long) (r.nextDouble() * Math.max(0, latest - earliest));
            at -= at % config.stepMs();
            Problem p = new Problem(kind, kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-1", at, kind.deadline(at));
            problems.add(p);
            hosts.add(new Host(p.host(), r, p));
        }
        // Across the fleet: the first healthy host reboots on the second day, the last goes missing for 10 minutes.
        hosts.get(0).rebootAt = start + DAY + 7 * HOUR + 13 * MIN;
        Host missing = hosts.get(config.healthyHosts() - 1);
        missing.missingFrom = start + DAY + 15 * HOUR;
        missing.missingTo = missing.missingFrom + 10 * MIN;
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Host names: the healthy ones, then one per problem. */
    public List<String> hostNames() {
        List<String> names = new ArrayList<>();
        hosts.forEach(h -> names.add(h.name));
        return names;
    }

    /** Prometheus JSON lines, in time order. */
    public void run(Consumer<String> out) {
        long start = config.start().toEpochMilli();
        long end = start + config.durationMs();
        List<String> batch = new ArrayList<>(64);
        for (long t = start; t < end; t += config.stepMs()) {
            for (Host h : hosts) {
                batch.clear();
                h.scrape(t, batch);
                batch.forEach(out);
            }
        }
    }

    /** One host's state. */
    private final class Host {
        final String name;
        final SplittableRandom rnd;
        final Problem problem;
        final double cpuBase;
        final int cronMinute;
        final long deployAt;
        final long backupAt;
        final double memTotal;
        final double appBaseline;
        final double appSteady;
        final double gcPeriod;
        final double latencyBase;
        final double diskSize = 50 * GIB;
        final double dataSize = 500 * GIB;
        double diskUsed;
        double dataUsed;
        double tx;
        double rx;
        double cachePhase;
        long rebootAt = Long.MAX_VALUE;
        long missingFrom = Long.MAX_VALUE;
        long missingTo = Long.MIN_VALUE;
        long lastRestart = Long.MIN_VALUE;
        double leakBase;

        Host(String name, SplittableRandom rnd, Problem problem) {
            this.name = name;
            this.rnd = rnd;
            this.problem = problem;
            this.cpuBase = 0.12 + rnd.nextDouble() * 0.2;
            this.cronMinute = rnd.nextInt(60);
            this.deployAt = (9 + rnd.nextInt(8)) * HOUR + rnd.nextInt(60) * MIN;
            this.backupAt = (1 + rnd.nextInt(3)) * HOUR + rnd.nextInt(60) * MIN;
            this.memTotal = (8 + 8 * rnd.nextInt(4)) * GIB;
            this.appBaseline = 0.35 * GIB + rnd.nextDouble() * 0.2 * GIB;
            this.appSteady = 1.2 * GIB + rnd.nextDouble() * 0.8 * GIB;
            this.gcPeriod = (15 + rnd.nextInt(20)) * MIN;
            this.latencyBase = 0.08 + rnd.nextDouble() * 0.1;
            this.diskUsed = diskSize * (0.35 + rnd.nextDouble() * 0.15);
            this.dataUsed = dataSize * (0.3 + rnd.nextDouble() * 0.2);
            this.cachePhase = rnd.nextDouble();
        }

        boolean active(Problem.Kind kind, long t) {
            return problem != null && problem.kind() == kind && t >= problem.start();
        }

        void scrape(long t, List<String> out) {
            if (t >= missingFrom && t < missingTo) {
                return; // the host is unreachable: no sample at all
            }
            long tod = Math.floorMod(t, DAY);
            double stepSec = config.stepMs() / 1000.0;
            double day = Math.sin(2 * Math.PI * (tod / (double) DAY - 0.3));
            // CPU: daily curve, hourly cron spike at its minute (2-3 min), the 04:00 daily job, the backup, the deploy.
            double cpu = cpuBase + 0.12 * day + rnd.nextGaussian() * 0.025;
            long minuteOfHour = Math.floorMod(t, HOUR) / MIN;
            if (minuteOfHour >= cronMinute && minuteOfHour < cronMinute + 3) {
                cpu += 0.35;
            }
            if (tod >= 4 * HOUR && tod < 4 * HOUR + 12 * MIN) {
                cpu += 0.3;
            }
            boolean backup = tod >= backupAt && tod < backupAt + HOUR;
            if (backup) {
                cpu += 0.2;
            }
            // Daily deploy restarts the app (not on the host whose leak must run without restarts).
            boolean deployed = tod >= deployAt && tod < deployAt + config.stepMs() && !active(Problem.Kind.LEAK_NO_RESTARTS, t);
            if (deployed || (t >= rebootAt && t < rebootAt + config.stepMs())) {
                lastRestart = t;
            }
            long sinceRestart = lastRestart == Long.MIN_VALUE ? Long.MAX_VALUE : t - lastRestart;
            if (sinceRestart < 15 * MIN) {
                cpu += 0.4 * Math.exp(-sinceRestart / (5.0 * MIN)); // JIT warm-up
            }
            if (active(Problem.Kind.RUNAWAY_CPU, t)) {
                cpu = 0.97 + rnd.nextDouble() * 0.025;
            }
            cpu = clamp(cpu, 0.01, 1.0);

            // App memory: warm-up from the baseline after a restart, then a GC sawtooth around the steady size.
            double warm = sinceRestart == Long.MAX_VALUE ? 1 : 1 - Math.exp(-sinceRestart / (20.0 * MIN));
            double saw = (Math.floorMod(t, (long) gcPeriod) / gcPeriod) * 0.25 * GIB;
            double rss = appBaseline + (appSteady - appBaseline) * warm + saw + rnd.nextGaussian() * 15e6;
            if (active(Problem.Kind.LEAK_NO_RESTARTS, t)) {
                // Grows steadily, no restart (deploys skip this host), to 90% of memory at the deadline.
                double frac = (t - problem.start()) / (double) (problem.deadline() - problem.start());
                rss += frac * (0.9 * memTotal - appSteady);
            }
            if (active(Problem.Kind.LEAK_ACROSS_RESTARTS, t)) {
                // Each restart comes back a little higher, and it grows between restarts.
                double days = (t - problem.start()) / (double) DAY;
                rss += days * 0.22 * memTotal;
            }
            // Host memory: the page cache fills free memory, then is dropped (a sawtooth over ~5 h). The kernel
            // counts most of it as available (MemAvailable), so it shows in MemFree and Cached, and only its
            // unreclaimable tenth in MemAvailable.
            double cycle = (t / (5.0 * HOUR) + cachePhase) % 1.0;
            double cache = 0.05 * memTotal + cycle * 0.45 * memTotal;
            double free = clamp(memTotal - 1.2 * GIB - rss - cache + rnd.nextGaussian() * 30e6, 0.01 * memTotal, memTotal);
            double avail = memTotal - 1.2 * GIB - rss - 0.1 * cache + rnd.nextGaussian() * 30e6;
            if (active(Problem.Kind.MEMORY_EXHAUSTION, t)) {
                double frac = Math.min(1, (t - problem.start()) / (double) (problem.deadline() - problem.start()));
                avail = avail * (1 - frac) + 0.01 * memTotal * frac;
            }
            avail = clamp(avail, 0.005 * memTotal, memTotal);

            // Disks: logs grow, logrotate frees at 00:00; backups land on /data and old ones are pruned.
            diskUsed += stepSec * 3_000 * (1 + rnd.nextDouble());
            if (tod < config.stepMs()) {
                diskUsed -= 0.012 * diskSize;
            }
            if (backup) {
                dataUsed += 25 * GIB / (HOUR / (double) config.stepMs());
            } else if (tod >= backupAt + HOUR && tod < backupAt + HOUR + config.stepMs()) {
                dataUsed -= 25 * GIB; // yesterday's backup pruned
            }
            if (active(Problem.Kind.FAST_DISK_FILL, t) && t <= problem.deadline()) {
                double stepsLeft = Math.max(1, (problem.deadline() - t) / (double) config.stepMs());
                diskUsed += (diskSize - diskUsed) * 0.999 / stepsLeft;
            }
            if (active(Problem.Kind.SLOW_DISK_FILL, t) && t <= problem.deadline()) {
                double stepsLeft = Math.max(1, (problem.deadline() - t) / (double) config.stepMs());
                dataUsed += (dataSize - dataUsed) * 0.999 / stepsLeft;
            }
            diskUsed = clamp(diskUsed, 0, diskSize);
            dataUsed = clamp(dataUsed, 0, dataSize);

            // Traffic counters: daily curve, the backup's upload; they restart from 0 when the host reboots.
            if (t >= rebootAt && t < rebootAt + config.stepMs()) {
                tx = 0;
                rx = 0;
            }
            tx += (1.5e6 * (1 + 0.5 * day) + (backup ? 12e6 : 0)) * (0.8 + 0.4 * rnd.nextDouble()) * stepSec;
            rx += 2.5e6 * (1 + 0.5 * day) * (0.8 + 0.4 * rnd.nextDouble()) * stepSec;

            // Latency: log-normal body, isolated heavy-tail spikes.
            double latency = latencyBase * Math.exp(rnd.nextGaussian() * 0.15);
            if (rnd.nextDouble() < 0.01) {
                latency *= 3 + 10 * Math.pow(rnd.nextDouble(), 3);
            }
            if (active(Problem.Kind.LATENCY_SHIFT, t)) {
                latency *= 3.5;
            }

            String ts = Instant.ofEpochMilli(t).toString();
            metric(out, ts, "instance:node_cpu_utilisation:rate5m", cpu, null, "node");
            metric(out, ts, "node_load1", cpu * 4 + Math.abs(rnd.nextGaussian()) * 0.2, null, "node");
            metric(out, ts, "node_memory_MemTotal_bytes", memTotal, null, "node");
            metric(out, ts, "node_memory_MemAvailable_bytes", Math.floor(avail), null, "node");
            metric(out, ts, "node_memory_MemFree_bytes", Math.floor(free), null, "node");
            metric(out, ts, "node_memory_Cached_bytes", Math.floor(cache), null, "node");
            metric(out, ts, "node_filesystem_size_bytes", diskSize, FS_ROOT, "node");
            metric(out, ts, "node_filesystem_avail_bytes", Math.floor(diskSize - diskUsed), FS_ROOT, "node");
            metric(out, ts, "node_filesystem_size_bytes", dataSize, FS_DATA, "node");
            metric(out, ts, "node_filesystem_avail_bytes", Math.floor(dataSize - dataUsed), FS_DATA, "node");
            metric(out, ts, "node_network_transmit_bytes_total", Math.floor(tx), NET, "node");
            metric(out, ts, "node_network_receive_bytes_total", Math.floor(rx), NET, "node");
            if (!active(Problem.Kind.STOPS_REPORTING, t)) {
                // The app's own exporter: silent once the service stops reporting.
                metric(out, ts, "process_resident_memory_bytes", Math.floor(rss), null, "app");
                metric(out, ts, "service:http_request_duration_seconds:p99", latency, null, "app");
            }
        }

        private void metric(List<String> out, String ts, String metric, double value, String extraLabels, String job) {
            StringBuilder b = new StringBuilder(256);
            b.append("{\"timestamp\":\"").append(ts).append("\",\"value\":\"").append(FleetSimulator.format(value))
                    .append("\",\"name\":\"").append(metric).append("\",\"labels\":{\"__name__\":\"").append(metric).append("\",");
            if (extraLabels != null) {
                b.append(extraLabels);
            }
            b.append("\"instance\":\"").append(name).append(":9100\",\"job\":\"").append(job).append("\"}}");
            out.add(b.toString());
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
