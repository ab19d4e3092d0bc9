package dev.vigil.jobs.cli;

import dev.vigil.correlate.IncidentTracker;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.sql.HistoryQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil eval bruteforce --logs FILE...}: the sources Vigil's SSH brute-force rules flag in real
 * logs, side by side with those fail2ban's sshd filter flags with its default jail (maxretry 5 within
 * findtime 10 minutes). fail2ban's own filter finds the failures (its {@code fail2ban-regex}, Debian
 * package fail2ban, with DNS lookups off); the jail's threshold is applied here, because the fail2ban
 * daemon ignores failures older than findtime and these logs are years old.
 */
@Command(name = "bruteforce", mixinStandardHelpOptions = true,
        description = {"Sources flagged by Vigil's SSH brute-force rules and by fail2ban's sshd filter (maxretry 5, findtime 10m),",
            "side by side, with the failure counts behind each verdict. Needs fail2ban-regex (Debian package fail2ban)."})
public final class EvalBruteforceCommand implements java.util.concurrent.Callable<Integer> {
    private static final Pattern ROW = Pattern.compile("^\\['([^']*)',\\s*([0-9.]+),");
    private static final List<String> RULES = List.of("vigil_ssh_brute_force", "vigil_ssh_brute_force_pam");

    @Option(names = "--logs", required = true, arity = "1..*", paramLabel = "FILE", description = "sshd / auth logs (syslog).")
    List<Path> logs;

    @Option(names = "--maxretry", defaultValue = "5", description = "fail2ban maxretry (default: ${DEFAULT-VALUE}).")
    int maxretry;

    @Option(names = "--findtime", defaultValue = "600", description = "fail2ban findtime in seconds (default: ${DEFAULT-VALUE}).")
    long findtime;

    @Option(names = "--fail2ban-regex", defaultValue = "fail2ban-regex", description = "The fail2ban-regex command.")
    String fail2banRegex;

    @Mixin
    ConfigMixin configMixin;

    /** One source's verdicts and counts. */
    record Row(String source, Long vigilAt, Long fail2banAt, int vigilMax, int fail2banMax, String reason) {}

    @Override
    public Integer call() throws Exception {
        for (Path log : logs) {
            List<Row> rows = evaluate(log);
            System.out.println("== " + log.getFileName());
            System.out.printf("%-42s %-22s %-22s %8s %8s  %s%n", "source", "Vigil flags at", "fail2ban flags at",
                    "Vigil/10m", "f2b/10m", "why they differ");
            int both = 0;
            int vigilOnly = 0;
            int f2bOnly = 0;
            for (Row r : rows) {
                System.out.printf("%-42s %-22s %-22s %8d %8d  %s%n", r.source(), time(r.vigilAt()), time(r.fail2banAt()),
                        r.vigilMax(), r.fail2banMax(), r.reason());
                if (r.vigilAt() != null && r.fail2banAt() != null) {
                    both++;
                } else if (r.vigilAt() != null) {
                    vigilOnly++;
                } else {
                    f2bOnly++;
                }
            }
            System.out.printf("%d sources flagged: %d by both, %d by Vigil only, %d by fail2ban only%n%n", rows.size(), both, vigilOnly, f2bOnly);
        }
        return 0;
    }

    List<Row> evaluate(Path log) throws Exception {
        Path out = Files.createTempDirectory("vigil-eval-bruteforce");
        VigilConfig config = configMixin.load(ReplayCommand.replaySettings(out, List.of("alerts.console=false")));
        Path history = ReplayCommand.run(List.of(log.toAbsolutePath().toString()), out, "syslog", null, config);
        Map<String, Long> vigilAt = new TreeMap<>();
        // Each rule counts its own failures: sshd's lines, or PAM's; the larger window count decides.
        Map<String, List<Long>> sshdFailures = new TreeMap<>();
        Map<String, List<Long>> pamFailures = new TreeMap<>();
        try (HistoryQuery q = new HistoryQuery(history)) {
            for (List<Object> row : q.query("SELECT group_key, epoch_ms(min(time)) FROM incidents WHERE status = 'open' AND rule_name IN ("
                    + "'" + String.join("','", RULES) + "') GROUP BY group_key").rows()) {
                vigilAt.merge(source(row.get(0).toString()), ((Number) row.get(1)).longValue(), Math::min);
            }
            for (List<Object> row : q.query("SELECT coalesce(source_ip, attributes['source.domain']), epoch_ms(time), action FROM security_events "
                    + "WHERE (action = 'auth_failure' AND process = 'sshd') OR (action = 'pam_auth_failure' AND attributes['pam.service'] = 'sshd')"
                    + " ORDER BY 2").rows()) {
                if (row.get(0) != null) {
                    Map<String, List<Long>> target = row.get(2).equals("auth_failure") ? sshdFailures : pamFailures;
                    target.computeIfAbsent(row.get(0).toString(), k -> new ArrayList<>()).add(((Number) row.get(1)).longValue());
                }
            }
        }
        Map<String, List<Long>> f2bFailures = fail2banFailures(log);
        Map<String, Long> f2bAt = new TreeMap<>();
        for (Map.Entry<String, List<Long>> e : f2bFailures.entrySet()) {
            Long at = firstReaching(e.getValue(), maxretry, findtime * 1000);
            if (at != null) {
                f2bAt.put(e.getKey(), at);
            }
        }
        TreeMap<String, Row> rows = new TreeMap<>();
        java.util.Set<String> sources = new java.util.TreeSet<>(vigilAt.keySet());
        sources.addAll(f2bAt.keySet());
        for (String s : sources) {
            int vMax = Math.max(maxInWindow(sshdFailures.getOrDefault(s, List.of()), findtime * 1000),
                    maxInWindow(pamFailures.getOrDefault(s, List.of()), findtime * 1000));
            int fMax = maxInWindow(f2bFailures.getOrDefault(s, List.of()), findtime * 1000);
            rows.put(s, new Row(s, vigilAt.get(s), f2bAt.get(s), vMax, fMax, reason(s, vigilAt.get(s), f2bAt.get(s), vMax, fMax)));
        }
        return new ArrayList<>(rows.values());
    }

    private String reason(String source, Long vigil, Long f2b, int vMax, int fMax) {
        if (vigil != null && f2b != null) {
            return "both";
        }
        if (vigil != null) {
            if (!source.matches("[0-9a-fA-F:.]+")) {
                return "the remote is a host name: fail2ban without DNS cannot ban it; Vigil groups by source.domain";
            }
            if (fMax == 0) {
                return "fail2ban's sshd filter matches none of this source's lines (it does not read the old 'sshd(pam_unix)' tag)";
            }
            return fMax < maxretry ? "fail2ban's filter counts fewer failures (" + fMax + ") than Vigil (" + vMax + ") in any 10 min"
                    : "flagged by both counts, but fail2ban's window differs";
        }
        if (vMax < 10) {
            return fMax > vMax ? "fail2ban counts more lines as failures (invalid user, disconnects) and bans at " + maxretry
                    + "; Vigil counts failed authentications only and needs 10" : "fail2ban bans at " + maxretry + "; Vigil's rule needs 10";
        }
        return "Vigil saw " + vMax + " failures in 10 min but raised no incident";
    }

    /** Failures fail2ban's sshd filter finds, per source, as epoch millis. */
    Map<String, List<Long>> fail2banFailures(Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(fail2banRegex, "--usedns", "no", "-o", "row", log.toAbsolutePath().toString(), "sshd");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Map<String, List<Long>> failures = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    failures.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add((long) (Double.parseDouble(m.group(2)) * 1000));
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("fail2ban-regex did not finish within 5 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("fail2ban-regex failed with exit code " + p.exitValue() + " (is fail2ban installed?)");
        }
        for (List<Long> times : failures.values()) {
            times.sort(Long::compare);
        }
        return failures;
    }

    /** The time of the failure that first brings the count within a window to n, or null. */
    static Long firstReaching(List<Long> sorted, int n, long window) {
        for (int i = n - 1; i < sorted.size(); i++) {
            if (sorted.get(i) - sorted.get(i - n + 1) < window) {
                return sorted.get(i);
            }
        }
        return null;
    }

    static int maxInWindow(List<Long> sorted, long window) {
        int best = 0;
        int start = 0;
        for (int i = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(start) >= window) {
                start++;
            }
            best = Math.max(best, i - start + 1);
        }
        return best;
    }

    private static String source(String groupKey) {
        Map<String, String> g = IncidentTracker.parseGroup(groupKey);
        String ip = g.get("source.ip");
        return ip != null && !ip.equals("null") ? ip : g.getOrDefault("source.domain", "?");
    }

    private static String time(Long t) {
        return t == null ? "-" : Instant.ofEpochMilli(t).toString().substring(5, 19).replace('T', ' ');
    }
}
