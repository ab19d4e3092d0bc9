package dev.vigil.jobs.cli;

import dev.vigil.model.Durations;
import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.ResultFormatter;
import dev.vigil.sql.SectionQueries;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil asof}: the state of each host at a moment, from the history (sql/queries/asof). */
@Command(name = "asof", mixinStandardHelpOptions = true,
        description = {"The state of each host at TIME, from the history: last value of each metric series (with its age),",
            "open incidents, firing alerts, latest forecasts, log templates and security activity in the window before TIME.",
            "The queries are the files of sql/queries/asof."})
public final class AsofCommand implements Callable<Integer> {
    /** The sections, in the order they are shown. */
    public static final List<String> SECTIONS = List.of("alerts", "incidents", "forecasts", "metrics", "templates", "security");

    @Option(names = "--history", required = true, description = "History folder.")
    Path history;

    @Option(names = "--at", required = true, description = "The moment, ISO 8601 UTC, e.g. 2026-11-20T03:15:00Z.")
    Instant at;

    @Option(names = "--host", description = "Only this host.")
    String host;

    @Option(names = "--window", defaultValue = "15m", description = "Window before TIME for templates and security activity (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--lookback", defaultValue = "1h", description = "How old a last value or forecast may be (default: ${DEFAULT-VALUE}).")
    String lookback;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f = ResultFormatter.parseFormat(format);
        Duration w = Durations.parse(window, "--window");
        Duration back = Durations.parse(lookback, "--lookback");
        try (HistoryQuery q = new HistoryQuery(history)) {
            System.out.print(ResultFormatter.format(state(q, at, host, w, back), f));
        }
        return 0;
    }

    /** The state at {@code at}: one row per item, sections stacked. */
    public static HistoryQuery.Result state(HistoryQuery q, Instant at, String host, Duration window, Duration lookback) throws java.sql.SQLException {
        Map<String, String> v = new HashMap<>();
        SectionQueries.instant(v, "at", at);
        v.put("from_dt", SectionQueries.fromDt(at, window.compareTo(lookback) > 0 ? window : lookback));
        v.put("window_s", Long.toString(window.toSeconds()));
        v.put("lookback_s", Long.toString(lookback.toSeconds()));
        v.put("host", SectionQueries.host(host));
        return SectionQueries.run(q, "asof", SECTIONS, v);
    }
}
