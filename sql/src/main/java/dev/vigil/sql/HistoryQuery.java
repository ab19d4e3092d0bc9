package dev.vigil.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * SQL over the Parquet history with embedded DuckDB: every history table is a view by its name
 * (partitions {@code dt} and {@code hour} read as columns), plus {@code metrics}, {@code logs} and
 * {@code security_events}, the per-kind slices of {@code events}, and the views of sql/views
 * ({@link #VIEWS}). Times are shown in UTC.
 */
public final class HistoryQuery implements AutoCloseable {
    private final Connection connection;

    public HistoryQuery(Path history) throws SQLException {
        this(history, TableDdl.TABLES, true);
    }

    /**
     * Only {@code tables}, without the derived views: for readers that need one table (a backtest reads
     * {@code events} once per slice) and should not list the other tables' files each time.
     */
    public static HistoryQuery tables(Path history, List<String> tables) throws SQLException {
        return new HistoryQuery(history, tables, false);
    }

    private HistoryQuery(Path history, List<String> tables, boolean views) throws SQLException {
        if (!Files.isDirectory(history)) {
            throw new IllegalArgumentException("history folder " + history + " does not exist");
        }
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            for (String table : tables) {
                s.execute(viewSql(table, history, TableDdl.load(table)));
            }
            if (!views) {
                return;
            }
            s.execute("CREATE VIEW metrics AS SELECT time, host, name, value, labels, dt, hour FROM events WHERE kind = 'metric'");
            s.execute("CREATE VIEW logs AS SELECT time, host, app, pid, severity, message, template_id, labels AS attributes, dt, hour"
                    + " FROM events WHERE kind = 'log'");
            s.execute("CREATE VIEW security_events AS SELECT time, host, action, outcome, user, target_user, source_ip,"
                    + " source_port, destination_ip, destination_port, bytes, process, labels AS attributes, dt, hour"
                    + " FROM events WHERE kind = 'security'");
            for (String macro : text("views/macros.sql").replaceAll("(?m)^--.*$", "").split(";")) {
                if (!macro.isBlank()) {
                    s.execute(macro);
                }
            }
            for (String view : VIEWS) {
                s.execute("CREATE VIEW " + view + " AS " + text("views/" + view + ".sql"));
            }
        }
    }

    /**
     * The views of sql/views, by name, in dependency order: the questions people ask of the history
     * (incidents per week, detection and resolution times, noisy rules, uptime, service levels).
     */
    public static final List<String> VIEWS = List.of("incidents_per_week", "detection_times", "mean_times", "noisy_rules", "host_uptime",
            "service_levels", "alert_volume_per_receiver");

    /** A SQL file shipped in this jar from the module's folders (views/, queries/). */
    public static String text(String path) {
        String resource = "/vigil-sql/" + path;
        try (java.io.InputStream in = HistoryQuery.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL file " + resource);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds another history's tables as views named {@code prefix_table} (e.g. a backtest's
     * {@code backtest_incidents}), so one query can compare the two.
     */
    public void attach(String prefix, Path other) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String table : TableDdl.TABLES) {
                s.execute(viewSql(prefix + "_" + table, other, TableDdl.load(table)));
            }
        }
    }

    /** View {@code name} over the table's Parquet files, or an empty view of the same columns while it has none. */
    static String viewSql(String name, Path history, TableDdl ddl) {
        Path dir = history.resolve(ddl.table());
        if (hasParquet(dir)) {
            String glob = dir.toAbsolutePath().toString().replace("'", "''") + "/**/*.parquet";
            return "CREATE VIEW " + name + " AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true,"
                    + " union_by_name = true, hive_types = {'dt': VARCHAR, 'hour': VARCHAR})";
        }
        StringBuilder b = new StringBuilder("CREATE VIEW ").append(name).append(" AS SELECT ");
        for (int i = 0; i < ddl.columns().size(); i++) {
            TableDdl.Column c = ddl.columns().get(i);
            b.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(c.duckDbType()).append(") AS \"").append(c.name()).append('"');
        }
        return b.append(" WHERE false").toString();
    }

    private static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a query and returns its rows; values are as {@link ResultFormatter} prints them. */
    public Result query(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> names = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                names.add(rs.getMetaData().getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(ResultFormatter.normalise(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new Result(names, rows);
        }
    }

    /** Runs a statement that returns no rows (COPY, SET). */
    public void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a query and hands each row to {@code handler}, holding no more than one row in memory. */
    public void stream(String sql, RowHandler handler) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                handler.row(rs);
            }
        }
    }

    /** Receives one row of {@link #stream}. */
    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** A query's result: column names and rows of plain Java values (String, Number, Boolean, Map, null). */
    public record Result(List<String> columns, List<List<Object>> rows) {
        /** The single value of a one-row, one-column result. */
        public Object scalar() {
            if (rows.size() != 1 || columns.size() != 1) {
                throw new IllegalStateException("expected one value, got " + rows.size() + " rows of " + columns.size() + " columns");
            }
            return rows.get(0).get(0);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
