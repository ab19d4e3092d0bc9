package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimulationFiles;
import dev.vigil.simulate.Scenario;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil eval scenarios}: replays a simulated fleet and checks that every injected incident raises
 * the right Sigma incident (or threshold alert) with the right group key; then replays an attack-free
 * fleet and counts what it raises (the target is nothing). Exit code 1 when a check fails.
 */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = {"Replay a simulated fleet and check every injected incident is raised with the right group key;",
            "then replay an attack-free fleet (default 50 hosts, 24 h) and count what it raises."})
public final class EvalScenariosCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "6", description = "Hosts of the attacked fleet (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--duration", defaultValue = "24h", description = "Time span (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet-hosts", defaultValue = "50", description = "Hosts of the attack-free fleet, 0 to skip (default: ${DEFAULT-VALUE}).")
    int quietHosts;

    @Option(names = "--quiet-step", defaultValue = "5m", description = "Scrape step of the attack-free fleet (default: ${DEFAULT-VALUE}).")
    String quietStep;

    @Mixin
    ConfigMixin configMixin;

    /** What a scenario must raise: a rule (by name) or threshold alert, and the group values it must carry. */
    public record Expectation(String table, String rule, Map<String, String> group) {}

    public static List<Expectation> expected(Scenario s) {
        return switch (s.kind()) {
            case "ssh_brute_force_success" -> List.of(
                    new Expectation("incidents", "vigil_ssh_brute_force", Map.of("source.ip", s.sourceIp())),
                    new Expectation("incidents", "vigil_ssh_brute_force_success", Map.of("source.ip", s.sourceIp())));
            case "password_spraying" -> List.of(new Expectation("incidents", "vigil_ssh_password_spraying", Map.of("source.ip", s.sourceIp())));
            case "sudo_root_new_user" -> List.of(new Expectation("incidents", "vigil_privilege_escalation_chain", Map.of("host.name", s.host())),
                    new Expectation("incidents", "vigil_useradd_from_shell", Map.of("host.name", s.host())));
            case "port_scan" -> List.of(new Expectation("incidents", "vigil_port_scan", Map.of("source.ip", s.sourceIp())));
            case "crash_loop" -> List.of(new Expectation("incidents", "vigil_crash_loop", Map.of("host.name", s.host(), "process.name", "worker.service")));
            case "memory_leak_oom" -> List.of(
                    new Expectation("incidents", "vigil_oom_then_unit_failure", Map.of("host.name", s.host())),
                    new Expectation("alerts", "AppMemoryHigh", Map.of("host", s.host())));
            case "disk_filling" -> List.of(new Expectation("alerts", "RootFilesystemAlmostFull", Map.of("host", s.host())));
            case "outbound_transfer_spike" -> List.of(new Expectation("incidents", "vigil_exfiltration", Map.of("host.name", s.host())));
            default -> List.of();
        };
    }

    @Override
    public Integer call() throws Exception {
        int failures = 0;
        SimulatorConfig attacked = new SimulatorConfig(hosts, SimulatorConfig.DEFAULT_START, TimeUtils.parseDuration(duration),
                Duration.ofSeconds(30), seed, true);
        Path dir = Files.createTempDirectory("vigil-eval-scenarios");
        FleetSimulator sim = new FleetSimulator(attacked);
        Path history = replay(attacked, sim, dir.resolve("attacked"));
        System.out.printf("== attacked fleet: %d hosts, %s, seed %d%n", hosts, duration, seed);
        System.out.printf("%-26s %-8s %-34s %-52s %s%n", "scenario", "host", "expected", "group", "raised");
        try (HistoryQuery q = new HistoryQuery(history)) {
            for (Scenario s : sim.scenarios()) {
                for (Expectation e : expected(s)) {
                    boolean found = raised(q, e);
                    failures += found ? 0 : 1;
                    System.out.printf("%-26s %-8s %-34s %-52s %s%n", s.kind(), s.host(), e.rule(), e.group(), found ? "yes" : "NO");
                }
            }
            System.out.println("\nincidents raised (opened) by rule:");
            System.out.print(dev.vigil.sql.ResultFormatter.format(q.query(
                    "SELECT rule_name, count(*) AS incidents, string_agg(group_key, ' ') AS groups FROM incidents WHERE status = 'open' GROUP BY rule_name ORDER BY rule_name"),
                    dev.vigil.sql.ResultFormatter.Format.TABLE));
        }
        if (quietHosts > 0) {
            SimulatorConfig quiet = new SimulatorConfig(quietHosts, SimulatorConfig.DEFAULT_START, TimeUtils.parseDuration(duration),
                    TimeUtils.parseDuration(quietStep), seed + 1, false);
            Path quietHistory = replay(quiet, new FleetSimulator(quiet), dir.resolve("quiet"));
            try (HistoryQuery q = new HistoryQuery(quietHistory)) {
                long incidents = ((Number) q.query("SELECT count(*) FROM incidents WHERE status = 'open'").scalar()).longValue();
                long alerts = ((Number) q.query("SELECT count(*) FROM alerts WHERE status = 'firing'").scalar()).longValue();
                long events = ((Number) q.query("SELECT count(*) FROM events").scalar()).longValue();
                System.out.printf("%n== attack-free fleet: %d hosts, %s (%,d events): %d incidents, %d alerts%n", quietHosts, duration, events, incidents, alerts);
                if (incidents + alerts > 0) {
                    System.out.print(dev.vigil.sql.ResultFormatter.format(q.query(
                            "SELECT title, group_key, summary FROM incidents WHERE status = 'open' ORDER BY time"), dev.vigil.sql.ResultFormatter.Format.TABLE));
                    failures++;
                }
            }
        }
        System.out.println(failures == 0 ? "\nall checks passed" : "\n" + failures + " check(s) failed");
        return failures == 0 ? 0 : 1;
    }

    private static boolean raised(HistoryQuery q, Expectation e) throws Exception {
        StringBuilder sql = new StringBuilder();
        if (e.table().equals("incidents")) {
            sql.append("SELECT count(*) FROM incidents WHERE status = 'open' AND rule_name = '").append(e.rule()).append("'");
            for (Map.Entry<String, String> g : e.group().entrySet()) {
                sql.append(" AND json_extract_string(group_key, '$.\"").append(g.getKey()).append("\"') = '").append(g.getValue()).append("'");
            }
        } else {
            sql.append("SELECT count(*) FROM alerts WHERE status = 'firing' AND alertname = '").append(e.rule()).append("'");
            for (Map.Entry<String, String> g : e.group().entrySet()) {
                sql.append(" AND labels['").append(g.getKey()).append("'] = '").append(g.getValue()).append("'");
            }
        }
        return ((Number) q.query(sql.toString()).scalar()).longValue() > 0;
    }

    private Path replay(SimulatorConfig simConfig, FleetSimulator sim, Path out) throws Exception {
        SimulationFiles.Written files = SimulationFiles.write(simConfig, sim, out);
        VigilConfig config = configMixin.load(ReplayCommand.replaySettings(out.resolve("run"),
                List.of("alerts.console=false", "ingest.syslog.year=" + SimulatorConfig.DEFAULT_START.atZone(java.time.ZoneOffset.UTC).getYear())));
        return ReplayCommand.run(List.of(files.metrics().toString(), files.logs().toString()), out.resolve("run"), "auto", null, config);
    }
}
