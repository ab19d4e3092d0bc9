package dev.vigil.jobs;

import dev.vigil.jobs.cli.AsofCommand;
import dev.vigil.jobs.cli.BacktestCommand;
import dev.vigil.jobs.cli.DiffCommand;
import dev.vigil.jobs.cli.ReplayCommandAccess;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.Scenario;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * asof, diff and backtest against the history of a simulated fleet (6 hosts, 24 h) whose injected
 * scenarios are known: the state at a moment shows the injected incident, the diff across the disk
 * fill ranks that disk first, and a backtest of the built-in rules raises exactly what the job raised.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HistoryCommandsITCase {
    @TempDir
    static Path dir;
    static Path history;
    static List<Scenario> scenarios;

    @BeforeAll
    static void replaySimulatedFleet() throws Exception {
        FleetSimulator sim = new FleetSimulator(new SimulatorConfig(6, SimulatorConfig.DEFAULT_START, Duration.ofHours(24), Duration.ofSeconds(60), 7));
        scenarios = sim.scenarios();
        List<String> metrics = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        sim.run(r -> (r.stream().equals(SimRecord.METRICS) ? metrics : logs).add(r.text()));
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("metrics.jsonl"), metrics, StandardCharsets.UTF_8);
        Files.write(in.resolve("syslog.log"), logs, StandardCharsets.UTF_8);
        history = ReplayCommandAccess.replay(in, dir.resolve("out"));
    }

    private static Scenario scenario(String kind) {
        return scenarios.stream().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static List<String> column(HistoryQuery.Result r, String name, List<Object> where, String whereColumn) {
        List<String> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            if (where == null || where.contains(row.get(r.columns().indexOf(whereColumn)))) {
                out.add(String.valueOf(row.get(r.columns().indexOf(name))));
            }
        }
        return out;
    }

    @Test
    void asofShowsTheCrashLoopFiringJustAfterItAndNotBefore() throws Exception {
        Scenario crash = scenario("crash_loop");
        try (HistoryQuery q = new HistoryQuery(history)) {
            HistoryQuery.Result during = AsofCommand.state(q, Instant.ofEpochMilli(crash.end()).plusSeconds(120), crash.host(),
                    Duration.ofMinutes(15), Duration.ofHours(1));
            assertThat(column(during, "subject", List.of("alert"), "section")).contains("Crash loop");
            assertThat(column(during, "subject", List.of("incident"), "section")).anyMatch(s -> s.startsWith("vigil_crash_loop"));
            // Templates are the miner's, named from log_templates, with their category and id.
            assertThat(column(during, "subject", List.of("template"), "section"))
                    .contains("systemd: worker.service: Scheduled restart job, restart counter is at <*>.");
            assertThat(column(during, "detail", List.of("template"), "section")).isNotEmpty()
                    .allMatch(d -> d.matches("severity .*; category [a-z]+; id [0-9a-f]{16}"), "severity, category and id");
            assertThat(column(during, "host", null, null)).containsOnly(crash.host());
            // The last value of each series is fresh: the simulator scrapes every minute.
            assertThat(column(during, "detail", List.of("metric"), "section")).isNotEmpty()
                    .allMatch(d -> Integer.parseInt(d.replaceAll("\\D", "")) <= 60);

            HistoryQuery.Result before = AsofCommand.state(q, Instant.ofEpochMilli(crash.start()).minusSeconds(3600), crash.host(),
                    Duration.ofMinutes(15), Duration.ofHours(1));
            // The disk filled earlier on that host, so its alert still fires then; the crash loop does not yet.
            assertThat(column(before, "subject", List.of("alert"), "section")).contains("RootFilesystemAlmostFull").doesNotContain("Crash loop");
            assertThat(column(before, "subject", List.of("incident"), "section")).noneMatch(s -> s.startsWith("vigil_crash_loop"));
        }
    }

    @Test
    void diffAcrossTheDiskFillRanksThatDiskFirst() throws Exception {
        Scenario disk = scenario("disk_filling");
        try (HistoryQuery q = new HistoryQuery(history)) {
            HistoryQuery.Result changes = DiffCommand.changes(q, Instant.ofEpochMilli(disk.start()).minusSeconds(1800),
                    Instant.ofEpochMilli(disk.end()).minusSeconds(1800), null, Duration.ofMinutes(30), 10);
            List<Object> top = changes.rows().get(0);
            assertThat(top.get(changes.columns().indexOf("host"))).isEqualTo(disk.host());
            assertThat(top.get(changes.columns().indexOf("subject")).toString()).startsWith("node_filesystem_avail_bytes").contains("mountpoint=/}");
            assertThat(top.get(changes.columns().indexOf("rank"))).isEqualTo(1);

            // Across the crash loop, its restart template is new: the miner's template, named from log_templates.
            Scenario crash = scenario("crash_loop");
            HistoryQuery.Result loop = DiffCommand.changes(q, Instant.ofEpochMilli(crash.start()).minusSeconds(3600),
                    Instant.ofEpochMilli(crash.end()).plusSeconds(60), crash.host(), Duration.ofMinutes(15), 50);
            assertThat(column(loop, "subject", List.of("template_new"), "kind"))
                    .contains("systemd: worker.service: Scheduled restart job, restart counter is at <*>.");
        }
    }

    @Test
    void aBacktestOfTheBuiltInRulesRaisesExactlyWhatTheJobRaised() throws Exception {
        Path out = dir.resolve("backtest");
        VigilConfig config = VigilConfig.load(Path.of("..", "config", "vigil.yaml"), BacktestCommand.settingsFor(out, List.of("builtin"), false));
        HistoryQuery.Result r = BacktestCommand.run(history, List.of("builtin"), SimulatorConfig.DEFAULT_START,
                SimulatorConfig.DEFAULT_START.plus(Duration.ofHours(25)), out, false, config);
        long incidents;
        try (HistoryQuery q = new HistoryQuery(history)) {
            incidents = (Long) q.query("SELECT count(DISTINCT incident_id) FROM incidents").scalar();
        }
        assertThat(incidents).isGreaterThanOrEqualTo(scenarios.size());
        assertThat(column(r, "verdict", null, null)).isNotEmpty().containsOnly("same");
        assertThat(column(r, "what", List.of("same"), "verdict").stream().filter("incident"::equals).count()).isEqualTo(incidents);
        try (HistoryQuery q = new HistoryQuery(history)) {
            assertThat(q.query("SELECT count(*) FROM read_parquet('" + out.resolve("comparison.parquet") + "')").scalar())
                    .isEqualTo((long) r.rows().size());
        }
    }
}
