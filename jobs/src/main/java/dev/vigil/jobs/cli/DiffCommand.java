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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil diff}: what changed between two moments, ranked by how unusual (sql/queries/diff). */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What changed between the window before T1 and the window before T2: metric series whose level or",
            "variance shifted, log templates that appeared, disappeared or changed rate, incidents opened and closed,",
            "new users, source addresses and ports. Ranked by score (standard errors; larger is more unusual).",
            "The queries are the files of sql/queries/diff."})
public final class DiffCommand implements Callable<Integer> {
    public static final List<String> SECTIONS = List.of("metrics", "templates", "incidents", "security");

    @Option(names = "--history", required = true, description = "History folder.")
    Path history;

    @Option(names = "--from", required = true, description = "T1, ISO 8601 UTC (when it worked).")
    Instant from;

    @Option(names = "--to", required = true, description = "T2, ISO 8601 UTC (now).")
    Instant to;

    @Option(names = "--host", description = "Only this host.")
    String host;

    @Option(names = "--window", defaultValue = "30m", description = "The window compared before each moment (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--limit", defaultValue = "30", description = "Rows shown, most unusual first (default: ${DEFAULT-VALUE}; 0: all).")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f = ResultFormatter.parseFormat(format);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to must be after --from");
        }
        try (HistoryQuery q = new HistoryQuery(history)) {
            System.out.print(ResultFormatter.format(changes(q, from, to, host, Durations.parse(window, "--window"), limit), f));
        }
        return 0;
    }

    /** The changes, most unusual first, numbered by rank; at most {@code limit} (0: all). */
    public static HistoryQuery.Result changes(HistoryQuery q, Instant t1, Instant t2, String host, Duration window, int limit)
            throws java.sql.SQLException {
        Map<String, String> v = new HashMap<>();
        SectionQueries.instant(v, "t1", t1);
        SectionQueries.instant(v, "t2", t2);
        v.put("from_dt", SectionQueries.fromDt(t1, window));
        v.put("window_s", Long.toString(window.toSeconds()));
        v.put("host", SectionQueries.host(host));
        HistoryQuery.Result all = SectionQueries.run(q, "diff", SECTIONS, v);
        int score = all.columns().indexOf("score");
        List<List<Object>> rows = new ArrayList<>(all.rows());
        // Most unusual first; ties in a stable order (kind, host, subject), so the same history gives the same ranks.
        rows.sort((a, b) -> {
            int c = Double.compare(((Number) b.get(score)).doubleValue(), ((Number) a.get(score)).doubleValue());
            for (int i = 0; c == 0 && i < 3; i++) {
                c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            }
            return c;
        });
        List<String> columns = new ArrayList<>();
        columns.add("rank");
        columns.addAll(all.columns());
        List<List<Object>> ranked = new ArrayList<>();
        for (int i = 0; i < rows.size() && (limit <= 0 || i < limit); i++) {
            List<Object> row = new ArrayList<>();
            row.add(i + 1);
            for (Object o : rows.get(i)) {
                row.add(o instanceof Double d ? Output.round(d) : o);
            }
            ranked.add(row);
        }
        return new HistoryQuery.Result(columns, ranked);
    }
}
