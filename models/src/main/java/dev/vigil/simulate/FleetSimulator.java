package dev.vigil.simulate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic fleet of Linux hosts: node_exporter-style metrics with daily cycles and noise, as
 * prometheus-kafka-adapter JSON, and auth, kernel and systemd logs as RFC 3164 syslog, with injected
 * incidents whose ground truth it reports. Tests, the demo and benchmarks share it.
 *
 * <p>Records come out in time order, one scrape step at a time, so memory stays bounded by one step's
 * records however long the run. The same {@link SimulatorConfig} always gives the same records.
 */
public final class FleetSimulator {
    private static final String[] ROLES = {"web", "api", "db"};
    private static final long GIB = 1L << 30;
    private static final double DAY_MS = 86_400_000.0;
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final Comparator<SimRecord> BY_TIME = Comparator.comparingLong(SimRecord::time);

    private final SimulatorConfig config;
    private final List<HostModel> hosts = new ArrayList<>();
    private final List<Scenario> scenarios = new ArrayList<>();
    /** Log lines of the injected scenarios, sorted by time. */
    private final List<SimRecord> scripted = new ArrayList<>();

    public FleetSimulator(SimulatorConfig config) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        for (int i = 0; i < config.hosts(); i++) {
            hosts.add(new HostModel(hostName(i), root.split()));
        }
        SplittableRandom plan = root.split();
        if (config.attacks()) {
            planScenarios(plan);
        }
        scripted.sort(BY_TIME);
    }

    public static String hostName(int index) {
        return ROLES[index % ROLES.length] + "-" + (index / ROLES.length + 1);
    }

    /** The injected incidents, in start order. */
    public List<Scenario> scenarios() {
        List<Scenario> sorted = new ArrayList<>(scenarios);
        sorted.sort(Comparator.comparingLong(Scenario::start));
        return sorted;
    }

    /** Emits every record in time order. */
    public void run(Consumer<SimRecord> sink) {
        long start = config.start().toEpochMilli();
        long end = start + config.duration().toMillis();
        long step = config.step().toMillis();
        // Records not yet due: a line generated now may belong to a later step (a session closed 30 s on).
        PriorityQueue<SimRecord> pending = new PriorityQueue<>(BY_TIME);
        pending.addAll(scripted);
        List<SimRecord> batch = new ArrayList<>();
        for (long t = start; t < end; t += step) {
            for (HostModel h : hosts) {
                h.scrape(t, batch);
                h.backgroundLogs(t, step, batch);
            }
            pending.addAll(batch);
            batch.clear();
            while (!pending.isEmpty() && pending.peek().time() < t + step) {
                sink.accept(pending.poll());
            }
        }
        while (!pending.isEmpty()) {
            sink.accept(pending.poll());
        }
    }

    // ---------------------------------------------------------------- scenarios

    private void planScenarios(SplittableRandom rnd) {
        long start = config.start().toEpochMilli();
        long span = config.duration().toMillis();
        // Each scenario gets its own slot of the run so that they do not overlap on one host.
        String[] kinds = {"ssh_brute_force_success", "password_spraying", "sudo_root_new_user", "port_scan",
            "outbound_transfer_spike", "disk_filling", "memory_leak_oom", "crash_loop"};
        long slot = span / kinds.length;
        for (int k = 0; k < kinds.length; k++) {
            long slotStart = start + k * slot;
            HostModel host = hosts.get(rnd.nextInt(hosts.size()));
            String attacker = "203.0.113." + (10 + rnd.nextInt(200));
            switch (kinds[k]) {
                case "ssh_brute_force_success" -> bruteForce(host, attacker, slotStart + slot / 4, rnd);
                case "password_spraying" -> spraying(attacker, slotStart + slot / 4, rnd);
                case "sudo_root_new_user" -> sudoNewUser(host, slotStart + slot / 3, rnd);
                case "port_scan" -> portScan(host, attacker, slotStart + slot / 3, rnd);
                case "outbound_transfer_spike" -> {
                    long s = slotStart + slot / 4;
                    long e = s + Math.min(slot / 2, 20 * 60_000L);
                    host.exfilFrom = s;
                    host.exfilTo = e;
                    scenarios.add(new Scenario(kinds[k], host.name, "198.51.100." + (1 + rnd.nextInt(250)), null, s, e));
                }
                case "disk_filling" -> {
                    // Fills the root filesystem to full over most of the slot (and beyond, if the run ends first).
                    long s = slotStart;
                    long e = slotStart + slot;
                    host.diskFillFrom = s;
                    host.diskFillTo = e;
                    scenarios.add(new Scenario(kinds[k], host.name, null, null, s, e));
                }
                case "memory_leak_oom" -> memoryLeak(host, slotStart, slot, rnd);
                case "crash_loop" -> crashLoop(host, slotStart + slot / 3, rnd);
                default -> throw new IllegalStateException(kinds[k]);
            }
        }
    }

    private void bruteForce(HostModel host, String ip, long t0, SplittableRandom rnd) {
        long t = t0;
        int pid = 20_000 + rnd.nextInt(10_000);
        String[] users = {"root", "admin", "root", "deploy"};
        int attempts = 30 + rnd.nextInt(20);
        for (int i = 0; i < attempts; i++) {
            String user = users[i % users.length];
            int port = 30_000 + rnd.nextInt(30_000);
            if (user.equals("admin")) {
                log(host, t, 6, "sshd", pid, "Invalid user admin from " + ip + " port " + port);
                log(host, t, 6, "sshd", pid, "Failed password for invalid user admin from " + ip + " port " + port + " ssh2");
            } else {
                log(host, t, 5, "sshd", pid, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip + "  user=" + user);
                log(host, t, 6, "sshd", pid, "Failed password for " + user + " from " + ip + " port " + port + " ssh2");
            }
            t += 2_000 + rnd.nextInt(6_000);
            if (i % 3 == 2) {
                pid++;
            }
        }
        log(host, t, 6, "sshd", ++pid, "Accepted password for deploy from " + ip + " port " + (30_000 + rnd.nextInt(30_000)) + " ssh2");
        log(host, t, 6, "sshd", pid, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)");
        scenarios.add(new Scenario("ssh_brute_force_success", host.name, ip, "deploy", t0, t));
    }

    private void spraying(String ip, long t0, SplittableRandom rnd) {
        String[] users = {"oracle", "postgres", "test", "guest", "ubuntu", "git", "jenkins", "ftp", "support", "user"};
        long t = t0;
        HostModel last = hosts.get(0);
        for (String user : users) {
            HostModel host = hosts.get(rnd.nextInt(hosts.size()));
            last = host;
            int pid = 20_000 + rnd.nextInt(10_000);
            int port = 30_000 + rnd.nextInt(30_000);
            log(host, t, 6, "sshd", pid, "Invalid user " + user + " from " + ip + " port " + port);
            log(host, t, 6, "sshd", pid, "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2");
            t += 30_000 + rnd.nextInt(60_000);
        }
        scenarios.add(new Scenario("password_spraying", last.name, ip, null, t0, t));
    }

    private void sudoNewUser(HostModel host, long t0, SplittableRandom rnd) {
        long t = t0;
        int sshd = 9_000 + rnd.nextInt(1_000);
        log(host, t, 6, "sshd", sshd, "Accepted publickey for alice from 10.0.0.23 port " + (40_000 + rnd.nextInt(20_000)) + " ssh2: ED25519 SHA256:aLiCe");
        log(host, t, 6, "sshd", sshd, "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)");
        // The same commands as auditd records them (execve rules), no random draws so the rest of the fleet is unchanged.
        exec(host, t + 50, sshd + 2, sshd + 1, 1000, "alice", "/home/alice", "/usr/bin/bash", List.of("-bash"));
        t += 60_000 + rnd.nextInt(60_000);
        log(host, t, 5, "sudo", 0, "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash");
        log(host, t, 6, "sudo", 0, "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)");
        exec(host, t, sshd + 10, sshd + 2, 1000, "alice", "/home/alice", "/usr/bin/sudo", List.of("sudo", "/bin/bash"));
        exec(host, t + 5, sshd + 11, sshd + 10, 0, "root", "/home/alice", "/usr/bin/bash", List.of("/bin/bash"));
        int shell = sshd + 11;
        t += 40_000 + rnd.nextInt(20_000);
        int pid = 5_000 + rnd.nextInt(1_000);
        exec(host, t - 5, pid, shell, 0, "root", "/home/alice", "/usr/sbin/useradd", List.of("useradd", "-m", "-s", "/bin/bash", "svc-backup"));
        log(host, t, 6, "useradd", pid, "new group: name=svc-backup, GID=1002");
        log(host, t, 6, "useradd", pid, "new user: name=svc-backup, UID=1002, GID=1002, home=/home/svc-backup, shell=/bin/bash, from=/dev/pts/0");
        t += 10_000;
        exec(host, t - 5, pid + 3, shell, 0, "root", "/home/alice", "/usr/bin/passwd", List.of("passwd", "svc-backup"));
        log(host, t, 6, "passwd", pid + 3, "pam_unix(passwd:chauthtok): password changed for svc-backup");
        scenarios.add(new Scenario("sudo_root_new_user", host.name, null, "alice", t0, t));
    }

    private void portScan(HostModel host, String ip, long t0, SplittableRandom rnd) {
        long t = t0;
        int spt = 40_000 + rnd.nextInt(20_000);
        for (int i = 0; i < 120; i++) {
            int dpt = i < 100 ? 1 + i * 7 : 1024 + rnd.nextInt(60_000);
            log(host, t, 4, "kernel", 0, "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=" + ip
                    + " DST=" + host.ip + " LEN=44 TOS=0x00 PREC=0x00 TTL=49 ID=54321 PROTO=TCP SPT=" + spt + " DPT=" + dpt
                    + " WINDOW=1024 RES=0x00 SYN URGP=0");
            t += 200 + rnd.nextInt(400);
        }
        scenarios.add(new Scenario("port_scan", host.name, ip, null, t0, t));
    }

    private void memoryLeak(HostModel host, long slotStart, long slot, SplittableRandom rnd) {
        long s = slotStart;
        long oom = slotStart + slot * 3 / 4;
        host.leakFrom = s;
        host.leakTo = oom;
        int pid = 3_000 + rnd.nextInt(1_000);
        log(host, oom, 3, "kernel", 0, "Out of memory: Killed process " + pid + " (java) total-vm:9123456kB, anon-rss:7012345kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:15000kB oom_score_adj:0");
        log(host, oom + 1_000, 4, "systemd", 1, "app.service: A process of this unit has been killed by the OOM killer.");
        log(host, oom + 1_000, 4, "systemd", 1, "app.service: Failed with result 'oom-kill'.");
        log(host, oom + 6_000, 6, "systemd", 1, "app.service: Scheduled restart job, restart counter is at 1.");
        log(host, oom + 6_000, 6, "systemd", 1, "Started app.service - Vigil demo application.");
        scenarios.add(new Scenario("memory_leak_oom", host.name, null, null, s, oom));
    }

    private void crashLoop(HostModel host, long t0, SplittableRandom rnd) {
        long t = t0;
        int restarts = 8 + rnd.nextInt(5);
        for (int i = 1; i <= restarts; i++) {
            int pid = 7_000 + i;
            log(host, t, 6, "systemd", 1, "Started worker.service - Queue worker.");
            t += 3_000 + rnd.nextInt(2_000);
            log(host, t, 3, "worker", pid, "fatal: cannot connect to queue at 127.0.0.1:5672: connection refused");
            log(host, t, 5, "systemd", 1, "worker.service: Main process exited, code=exited, status=1/FAILURE");
            log(host, t, 4, "systemd", 1, "worker.service: Failed with result 'exit-code'.");
            t += 5_000;
            log(host, t, 6, "systemd", 1, "worker.service: Scheduled restart job, restart counter is at " + i + ".");
        }
        scenarios.add(new Scenario("crash_loop", host.name, null, null, t0, t));
    }

    /** An execve as auditd logs it, on the logs stream (auto reads it), its serial from its time. */
    private void exec(HostModel host, long t, int pid, int ppid, int uid, String user, String cwd, String exe, List<String> argv) {
        for (String line : AgentLines.auditExec(new AgentLines.Exec(host.name, t, pid, ppid, uid, user, cwd, exe, argv), t / 10 % 100_000_000, "exec")) {
            scripted.add(new SimRecord(SimRecord.LOGS, t, host.name, line));
        }
    }

    private void log(HostModel host, long t, int severity, String app, int pid, String msg) {
        int facility = app.equals("kernel") ? 0 : app.equals("systemd") || app.equals("worker") ? 3 : 4;
        scripted.add(syslog(host.name, t, facility * 8 + severity, app, pid, msg));
    }

    static SimRecord syslog(String host, long t, int pri, String app, int pid, String msg) {
        String stamp = BSD.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC));
        String tag = pid > 0 ? app + "[" + pid + "]" : app;
        return new SimRecord(SimRecord.LOGS, t, host, "<" + pri + ">" + stamp + " " + host + " " + tag + ": " + msg);
    }

    // ---------------------------------------------------------------- hosts

    /** One host's state and its normal behaviour. */
    private final class HostModel {
        final String name;
        final String ip;
        final SplittableRandom rnd;
        final double cpuBase;
        final double phase;
        final long memTotal;
        final long diskSize;
        final long dataSize;
        double diskUsed;
        double dataUsed;
        double txBytes;
        double rxBytes;
        long exfilFrom = Long.MAX_VALUE;
        long exfilTo = Long.MIN_VALUE;
        long diskFillFrom = Long.MAX_VALUE;
        long diskFillTo = Long.MIN_VALUE;
        long leakFrom = Long.MAX_VALUE;
        long leakTo = Long.MIN_VALUE;
        int sshPid;

        HostModel(String name, SplittableRandom rnd) {
            this.name = name;
            this.rnd = rnd;
            this.ip = "10.0." + (rnd.nextInt(250) + 1) + "." + (rnd.nextInt(250) + 1);
            this.cpuBase = 0.15 + rnd.nextDouble() * 0.2;
            this.phase = rnd.nextDouble() * 0.1;
            this.memTotal = (8L + 8L * rnd.nextInt(4)) * GIB;
            this.diskSize = 50L * GIB;
            this.dataSize = 200L * GIB;
            this.diskUsed = diskSize * (0.3 + rnd.nextDouble() * 0.2);
            this.dataUsed = dataSize * (0.2 + rnd.nextDouble() * 0.3);
            this.sshPid = 10_000 + rnd.nextInt(5_000);
        }

        void scrape(long t, List<SimRecord> out) {
            double day = Math.sin(2 * Math.PI * ((t % (long) DAY_MS) / DAY_MS - 0.25 - phase));
            double cpu = clamp(cpuBase + 0.15 * day + rnd.nextGaussian() * 0.03, 0.01, 0.99);
            double stepSec = config.step().toMillis() / 1000.0;
            // Root filesystem: slow growth of logs, a daily rotation cleanup, and the injected fill.
            diskUsed += stepSec * 2_000 * (1 + rnd.nextDouble());
            if ((t % (long) DAY_MS) < config.step().toMillis() && t > config.start().toEpochMilli()) {
                diskUsed -= diskSize * 0.01;
            }
            if (t >= diskFillFrom && t <= diskFillTo) {
                double remaining = diskSize - diskUsed;
                double stepsLeft = Math.max(1, (diskFillTo - t) / (double) config.step().toMillis());
                diskUsed += remaining * 0.995 / stepsLeft;
            }
            diskUsed = clamp(diskUsed, 0, diskSize);
            dataUsed = clamp(dataUsed + rnd.nextGaussian() * 1e5, 0, dataSize);
            // Memory: the app's RSS; leaks grow it linearly until the OOM kill resets it.
            double appRss = 1.2 * GIB + 0.1 * GIB * day + rnd.nextGaussian() * 20e6;
            if (t >= leakFrom && t <= leakTo) {
                double frac = (t - leakFrom) / (double) (leakTo - leakFrom);
                appRss += frac * (memTotal * 0.85 - 1.4 * GIB);
            }
            double memAvail = clamp(memTotal - 1.5 * GIB - appRss - 0.3 * GIB * (cpu - cpuBase), 0.02 * memTotal, memTotal);
            double txRate = 2e6 * (1 + 0.5 * day) * (0.8 + 0.4 * rnd.nextDouble());
            if (t >= exfilFrom && t <= exfilTo) {
                txRate += 80e6;
            }
            txBytes += txRate * stepSec;
            rxBytes += 3e6 * (1 + 0.5 * day) * (0.8 + 0.4 * rnd.nextDouble()) * stepSec;
            String ts = Instant.ofEpochMilli(t).toString();
            metric(out, t, ts, "instance:node_cpu_utilisation:rate5m", cpu, null, "node");
            metric(out, t, ts, "node_load1", cpu * 4 + Math.abs(rnd.nextGaussian()) * 0.2, null, "node");
            metric(out, t, ts, "node_memory_MemTotal_bytes", memTotal, null, "node");
            metric(out, t, ts, "node_memory_MemAvailable_bytes", Math.floor(memAvail), null, "node");
            metric(out, t, ts, "process_resident_memory_bytes", Math.floor(appRss), null, "app");
            metric(out, t, ts, "node_filesystem_size_bytes", diskSize, FS_ROOT, "node");
            metric(out, t, ts, "node_filesystem_avail_bytes", Math.floor(diskSize - diskUsed), FS_ROOT, "node");
            metric(out, t, ts, "node_filesystem_size_bytes", dataSize, FS_DATA, "node");
            metric(out, t, ts, "node_filesystem_avail_bytes", Math.floor(dataSize - dataUsed), FS_DATA, "node");
            metric(out, t, ts, "node_network_transmit_bytes_total", Math.floor(txBytes), NET, "node");
            metric(out, t, ts, "node_network_receive_bytes_total", Math.floor(rxBytes), NET, "node");
        }

        private void metric(List<SimRecord> out, long t, String ts, String metric, double value, String extraLabels, String job) {
            StringBuilder b = new StringBuilder(256);
            b.append("{\"timestamp\":\"").append(ts).append("\",\"value\":\"").append(format(value))
                    .append("\",\"name\":\"").append(metric).append("\",\"labels\":{\"__name__\":\"").append(metric).append("\",");
            if (extraLabels != null) {
                b.append(extraLabels);
            }
            b.append("\"instance\":\"").append(name).append(":9100\",\"job\":\"").append(job).append("\"}}");
            out.add(new SimRecord(SimRecord.METRICS, t, name, b.toString()));
        }

        /** Ordinary activity: key logins, cron sessions, timer units, the odd stray failed password. */
        void backgroundLogs(long t, long step, List<SimRecord> out) {
            if (rnd.nextDouble() < step / 600_000.0) {
                long at = t + rnd.nextLong(step);
                int pid = ++sshPid;
                int port = 40_000 + rnd.nextInt(20_000);
                out.add(syslog(name, at, 4 * 8 + 6, "sshd", pid, "Accepted publickey for deploy from 10.0.0.5 port " + port + " ssh2: ED25519 SHA256:q2bYJH1Nh5Q0m"));
                out.add(syslog(name, at, 10 * 8 + 6, "sshd", pid, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)"));
                out.add(syslog(name, at + 30_000, 10 * 8 + 6, "sshd", pid, "pam_unix(sshd:session): session closed for user deploy"));
            }
            if (rnd.nextDouble() < step / 300_000.0) {
                long at = t + rnd.nextLong(step);
                int pid = 30_000 + rnd.nextInt(20_000);
                out.add(syslog(name, at, 10 * 8 + 6, "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
                out.add(syslog(name, at, 9 * 8 + 6, "CRON", pid, "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"));
                out.add(syslog(name, at + 1_000, 10 * 8 + 6, "CRON", pid, "pam_unix(cron:session): session closed for user root"));
            }
            if (rnd.nextDouble() < step / 3_600_000.0) {
                long at = t + rnd.nextLong(step);
                out.add(syslog(name, at, 3 * 8 + 6, "systemd", 1, "Starting logrotate.service - Rotate log files..."));
                out.add(syslog(name, at + 2_000, 3 * 8 + 6, "systemd", 1, "logrotate.service: Deactivated successfully."));
                out.add(syslog(name, at + 2_000, 3 * 8 + 6, "systemd", 1, "Finished logrotate.service - Rotate log files."));
            }
            if (rnd.nextDouble() < step / 1_800_000.0) {
                long at = t + rnd.nextLong(step);
                String ip = "192.0.2." + (1 + rnd.nextInt(250));
                out.add(syslog(name, at, 4 * 8 + 6, "sshd", ++sshPid, "Failed password for root from " + ip + " port " + (40_000 + rnd.nextInt(20_000)) + " ssh2"));
            }
        }
    }

    private static final String FS_ROOT = "\"device\":\"/dev/vda1\",\"fstype\":\"ext4\",\"mountpoint\":\"/\",";
    private static final String FS_DATA = "\"device\":\"/dev/vdb1\",\"fstype\":\"xfs\",\"mountpoint\":\"/data\",";
    private static final String NET = "\"device\":\"eth0\",";

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Integers without a fraction, others with up to 6 decimals: what Prometheus prints for gauges. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
