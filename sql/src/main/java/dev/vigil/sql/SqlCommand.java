package dev.vigil.sql;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil sql}: runs one SQL query over the Parquet history with embedded DuckDB. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run SQL over the Parquet history with embedded DuckDB.",
            "Tables: events, dead_letters, alerts, incidents, late_events, anomalies, forecasts, alert_dead_letters, notifications, log_templates, log_anomalies, gaps;",
            "views: metrics, logs, security_events, and from sql/views: incidents_per_week, detection_times,",
            "mean_times, noisy_rules, host_uptime, service_levels, alert_volume_per_receiver.",
            "Partition columns dt (YYYY-MM-DD) and hour (HH) prune files; times are UTC."})
public final class SqlCommand implements Callable<Integer> {
    @Option(names = "--history", required = true, description = "History folder (e.g. ./vigil-data/history).")
    Path history;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
    String query;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f;
        try {
            f = ResultFormatter.parseFormat(format);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (HistoryQuery q = new HistoryQuery(history)) {
            System.out.print(ResultFormatter.format(q.query(query), f));
            return 0;
        } catch (java.sql.SQLException e) {
            System.err.println("query failed: " + e.getMessage());
            return 1;
        }
    }
}
