package dev.vigil.jobs.cli;

import dev.vigil.eval.AlertEvaluation;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.LivelyFleet;
import dev.vigil.simulate.Problem;
import dev.vigil.simulate.SimulationFiles;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code vigil eval alerts}: the alerts an on-call engineer would get (issue 23). Per seed, a lively fleet
 * (healthy hosts with the normal behaviours of real fleets, and one host per injected problem) and a quiet
 * simulated fleet are replayed through the whole job; their alerts are scored: model-driven alerts on
 * healthy hosts per 100 host-days, each problem caught (an alert on its host between its start and its
 * deadline) and how fast, precision per alert name. Tuning seeds and held-out seeds are reported apart.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Replay lively and quiet fleets (per seed) and score their alerts: unrelated model-driven alerts per",
            "100 host-days, every injected problem caught (delay), precision per alert name. Tuning and held-out seeds apart."})
public final class EvalAlertsCommand implements Callable<Integer> {
    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Tuning seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--held-out", split = ",", defaultValue = "101,102", description = "Seeds kept out of every tuning decision (default: ${DEFAULT-VALUE}).")
    List<Long> heldOut;

    @Option(names = "--hosts", defaultValue = "12", description = "Healthy hosts of the lively fleet (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--days", defaultValue = "3", description = "Days of the lively fleet (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--quiet-hosts", defaultValue = "10", description = "Hosts of the quiet simulated fleet, 0 to skip (default: ${DEFAULT-VALUE}).")
    int quietHosts;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the replays write (default: a new temporary folder, removed after).")
    Path work;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? work : Files.createTempDirectory("vigil-eval-alerts");
        Totals tuning = new Totals();
        Totals held = new Totals();
        System.out.println("== lively fleet: " + hosts + " healthy hosts and one per problem, " + days + " days, 1 min scrapes; quiet fleet: "
                + quietHosts + " hosts, 2 days");
        System.out.printf("%-9s %-7s %9s %10s %s%n", "seed", "fleet", "host-days", "unrelated", "problems caught");
        List<Long> all = new ArrayList<>(seeds);
        all.addAll(heldOut);
        for (long seed : all) {
            Totals into = seeds.contains(seed) ? tuning : held;
            LivelyFleet fleet = new LivelyFleet(LivelyFleet.Config.of(hosts, days, seed));
            Path input = dir.resolve("lively-" + seed).resolve("metrics.jsonl");
            Files.createDirectories(input.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
                fleet.run(line -> {
                    try {
                        w.write(line);
                        w.newLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            Path history = replay(input.getParent().resolve("run"), List.of(input.toString()), "prometheus-json");
            AlertEvaluation.Report r = AlertEvaluation.score(fired(history), hosts, days, fleet.problems());
            into.add(r);
            System.out.printf("%-9s %-7s %9.0f %10d %d of %d%n", seeds.contains(seed) ? seed : seed + "*", "lively", r.healthyHostDays(),
                    r.unrelated().size(), r.caught(), r.outcomes().size());
            if (quietHosts > 0) {
                SimulatorConfig q = new SimulatorConfig(quietHosts, SimulatorConfig.DEFAULT_START, Duration.ofDays(2), Duration.ofSeconds(30), seed, false);
                SimulationFiles.Written files = SimulationFiles.write(q, new FleetSimulator(q), dir.resolve("quiet-" + seed));
                Path qh = replay(dir.resolve("quiet-" + seed).resolve("run"), List.of(files.metrics().toString(), files.logs().toString()), "auto");
                AlertEvaluation.Report qr = AlertEvaluation.score(fired(qh), quietHosts, 2, List.of());
                into.add(qr);
                System.out.printf("%-9s %-7s %9.0f %10d%n", seeds.contains(seed) ? seed : seed + "*", "quiet", qr.healthyHostDays(), qr.unrelated().size());
            }
        }
        System.out.println("(* held-out seed)");
        tuning.print("tuning seeds " + seeds);
        held.print("held-out seeds " + heldOut);
        if (work == null) {
            Output.deleteTree(dir);
        }
        // Reported, not gated yet: the targets are not met (docs/alerts.md says where they stand).
        return 0;
    }

    private Path replay(Path out, List<String> files, String format) throws Exception {
        VigilConfig config = configMixin.load(ReplayCommand.replaySettings(out, List.of("alerts.console=false",
                "ingest.syslog.year=" + SimulatorConfig.DEFAULT_START.atZone(java.time.ZoneOffset.UTC).getYear())));
        return ReplayCommand.run(files, out, format, null, config);
    }

    /** Every alert that fired: name, host, start (one per firing, however often it was re-sent). */
    private static List<AlertEvaluation.Fired> fired(Path history) throws Exception {
        List<AlertEvaluation.Fired> out = new ArrayList<>();
        try (HistoryQuery q = new HistoryQuery(history)) {
            for (List<Object> row : q.query("SELECT DISTINCT alertname, coalesce(host, ''), epoch_ms(starts_at) FROM alerts"
                    + " WHERE status = 'firing' ORDER BY 3, 1, 2").rows()) {
                out.add(new AlertEvaluation.Fired(String.valueOf(row.get(0)), String.valueOf(row.get(1)), ((Number) row.get(2)).longValue()));
            }
        }
        return out;
    }

    /** Sums over runs. */
    private static final class Totals {
        double hostDays;
        int unrelated;
        final Map<String, Integer> unrelatedByName = new TreeMap<>();
        final Map<String, Integer> related = new TreeMap<>();
        final Map<Problem.Kind, List<Long>> delays = new TreeMap<>();
        final Map<Problem.Kind, Integer> missed = new TreeMap<>();
        final Map<Problem.Kind, Map<String, Integer>> caughtBy = new TreeMap<>();

        void add(AlertEvaluation.Report r) {
            hostDays += r.healthyHostDays();
            unrelated += r.unrelated().size();
            r.unrelatedByName().forEach((k, v) -> unrelatedByName.merge(k, v, Integer::sum));
            r.related().forEach((k, v) -> related.merge(k, v, Integer::sum));
            for (AlertEvaluation.Outcome o : r.outcomes()) {
                if (o.caught()) {
                    delays.computeIfAbsent(o.problem().kind(), k -> new ArrayList<>()).add(o.delayMs());
                    caughtBy.computeIfAbsent(o.problem().kind(), k -> new TreeMap<>()).merge(o.caughtBy(), 1, Integer::sum);
                } else {
                    missed.merge(o.problem().kind(), 1, Integer::sum);
                }
            }
        }

        void print(String title) {
            System.out.printf(Locale.ROOT, "%n== %s: %.1f unrelated model-driven alerts per 100 host-days (%d in %.0f host-days; target at most 1)%n",
                    title, hostDays == 0 ? 0 : 100.0 * unrelated / hostDays, unrelated, hostDays);
            System.out.println("unrelated by alert name: " + unrelatedByName);
            System.out.println("precision by alert name (alerts on a problem's host after its start / all its alerts):");
            java.util.Set<String> names = new java.util.TreeSet<>(related.keySet());
            names.addAll(unrelatedByName.keySet());
            for (String n : names) {
                int tp = related.getOrDefault(n, 0);
                int fp = unrelatedByName.getOrDefault(n, 0);
                System.out.printf(Locale.ROOT, "  %-28s %3d of %3d  %.2f%n", n, tp, tp + fp, (double) tp / (tp + fp));
            }
            System.out.printf("%-22s %7s %7s %-28s %s%n", "problem", "caught", "missed", "median delay", "caught by");
            for (Problem.Kind k : Problem.Kind.values()) {
                List<Long> d = delays.getOrDefault(k, List.of());
                int miss = missed.getOrDefault(k, 0);
                if (d.isEmpty() && miss == 0) {
                    continue;
                }
                List<Long> sorted = new ArrayList<>(d);
                sorted.sort(null);
                String median = sorted.isEmpty() ? "-" : (sorted.get(sorted.size() / 2) / 60_000) + " min";
                System.out.printf("%-22s %7d %7d %-28s %s%n", k.name().toLowerCase(Locale.ROOT), d.size(), miss, median,
                        caughtBy.getOrDefault(k, Map.of()));
            }
        }
    }
}
