package dev.vigil.jobs.cli;

import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.model.SqlText;
import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.ResultFormatter;
import dev.vigil.sql.SectionQueries;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil backtest}: the job's own operators over stored events, in Flink's batch mode, with the
 * given rules; the incidents and alerts it raises are compared with those raised at the time.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run rules (and with --models the anomaly detector and forecasts) over the events stored in a history",
            "between FROM and TO, with the same operators as the streaming job in batch mode, and compare the incidents and",
            "alerts they raise with those raised at the time: same, new, missed. Writes OUT/history (incidents, alerts, ...)",
            "and OUT/comparison.parquet. Nothing is sent to any receiver."})
public final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--history", required = true, description = "History folder holding the events.")
    Path history;

    @Option(names = "--rules", arity = "1..*", paramLabel = "PATH", required = true,
            description = "Sigma rule files or folders; the word 'builtin' stands for Vigil's own pack.")
    List<String> rules;

    @Option(names = "--from", required = true, description = "Start, ISO 8601 UTC (inclusive).")
    Instant from;

    @Option(names = "--to", required = true, description = "End, ISO 8601 UTC (exclusive).")
    Instant to;

    @Option(names = "--out", paramLabel = "DIR", description = "Backtest folder (default: backtests/<now> beside the history).")
    Path out;

    @Option(names = "--models", description = "Also run the anomaly detector and the forecasts, and compare their alerts.")
    boolean models;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f = ResultFormatter.parseFormat(format);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to must be after --from");
        }
        Path dir = out != null ? out : history.toAbsolutePath().getParent().resolve("backtests")
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(Instant.now().atOffset(ZoneOffset.UTC)));
        HistoryQuery.Result comparison = run(history, rules, from, to, dir, models, configMixin.load(settingsFor(dir, rules, models)));
        System.out.print(ResultFormatter.format(comparison, f));
        Map<String, Integer> verdicts = new java.util.TreeMap<>();
        int verdict = comparison.columns().indexOf("verdict");
        for (List<Object> row : comparison.rows()) {
            verdicts.merge((String) row.get(verdict), 1, Integer::sum);
        }
        System.err.println("backtest " + from + " .. " + to + ": " + verdicts + "; written to " + dir);
        return 0;
    }

    /**
     * The backtest's settings, over the configuration file: its rules, its output, and no receivers
     * (routing, webhook, alert and dead-letter topics off), so a backtest never pages anyone.
     */
    public static List<String> settingsFor(Path dir, List<String> rules, boolean models) {
        List<String> paths = new ArrayList<>();
        boolean builtin = false;
        for (String r : rules) {
            if (r.equals("builtin")) {
                builtin = true;
            } else {
                paths.add(Path.of(r).toAbsolutePath().toString());
            }
        }
        List<String> s = new ArrayList<>(List.of(
                VigilOptions.RULES_BUILTIN.key() + "=" + builtin,
                VigilOptions.RULES_PATHS.key() + "=" + String.join(",", paths),
                VigilOptions.HISTORY_PATH.key() + "=" + dir.resolve("history"),
                VigilOptions.ALERTS_JSONL.key() + "=" + dir.resolve("alerts.jsonl"),
                VigilOptions.CONSOLE.key() + "=false",
                VigilOptions.ALERTS_ROUTING.key() + "=",
                VigilOptions.WEBHOOK_URL.key() + "=",
                VigilOptions.KAFKA_TOPIC_ALERTS.key() + "=",
                VigilOptions.KAFKA_TOPIC_DEAD_LETTERS.key() + "="));
        if (!models) {
            s.add(VigilOptions.ANOMALY_ENABLED.key() + "=false");
            s.add(VigilOptions.FORECAST_ENABLED.key() + "=false");
        }
        return s;
    }

    /** Runs the backtest into {@code dir} (replaced) and returns the comparison, also written as dir/comparison.parquet. */
    public static HistoryQuery.Result run(Path history, List<String> rules, Instant from, Instant to, Path dir, boolean models, VigilConfig config)
            throws Exception {
        Path backtest = dir.resolve("history");
        Output.deleteTree(backtest);
        Files.deleteIfExists(dir.resolve("comparison.parquet"));
        // The alerts sink appends: a second backtest into the same folder must not pile onto the first.
        Path alerts = dir.resolve("alerts.jsonl");
        Files.deleteIfExists(alerts);
        Files.createDirectories(dir);
        StreamExecutionEnvironment env = LocalFlink.environment(config.get(VigilOptions.PARALLELISM), RuntimeExecutionMode.BATCH,
                config.get(VigilOptions.CHECKPOINT_INTERVAL), null, null);
        VigilJob.Sinks all = Wiring.sinks(config, backtest.toString());
        // The events are already in the history: the backtest writes what it raised, not a second copy.
        VigilJob.Sinks sinks = new VigilJob.Sinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), all.deadLetters(), all.alertHistory(), all.incidents(),
                all.lateEvents(), all.anomalies(), all.forecasts(), all.alertDeadLetters(), all.notifications(), all.logTemplates(), all.logAnomalies(), all.gaps(), all.alertOutputs(), all.deadLetterOutputs());
        new VigilJob(Wiring.history(history, from, to, config), sinks, config).build(env);
        env.execute("vigil backtest");
        Output.sortLines(alerts);

        Map<String, String> v = new HashMap<>();
        SectionQueries.instant(v, "from", from);
        SectionQueries.instant(v, "to", to);
        v.put("alert_scope", models ? "true" : "generator_url LIKE '%/rules/%'");
        String sql = SectionQueries.fill(HistoryQuery.text("queries/backtest/compare.sql"), v);
        try (HistoryQuery q = new HistoryQuery(history)) {
            q.attach("backtest", backtest);
            // Computed once: the file and the result are the same rows.
            q.execute("CREATE TEMP TABLE comparison AS " + sql);
            q.execute("COPY comparison TO " + SqlText.quote(dir.resolve("comparison.parquet").toAbsolutePath().toString()) + " (FORMAT PARQUET)");
            return q.query("SELECT * FROM comparison ORDER BY began, what, name, subject");
        }
    }
}
