package dev.vigil.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink SQL DDL of a history table (sql/ddl/NAME.sql, shipped in this jar), and its column list:
 * the one place the history's column names and types are written for SQL users.
 *
 * @param table   table name
 * @param ddl     the CREATE TABLE statement with {@code ${history}} unresolved
 * @param columns the columns, partition columns last
 */
public record TableDdl(String table, String ddl, List<Column> columns) {
    /** Tables of the history, in the order {@code vigil sql} lists them. */
    public static final List<String> TABLES = List.of("events", "dead_letters", "alerts", "incidents", "late_events", "anomalies", "forecasts",
            "alert_dead_letters", "notifications", "log_templates", "log_anomalies", "gaps");

    private static final Pattern COLUMN = Pattern.compile("^\\s*`(\\w+)`\\s+([A-Z_]+(?:\\(\\d+\\))?(?:<[A-Z, ]+>)?)(\\s+NOT NULL)?", Pattern.MULTILINE);

    /** One column: its name, its Flink SQL type, whether it may be null. */
    public record Column(String name, String flinkType, boolean nullable) {
        /** The same type in DuckDB's dialect. */
        public String duckDbType() {
            String t = flinkType.toUpperCase(Locale.ROOT);
            if (t.startsWith("TIMESTAMP_LTZ")) {
                return "TIMESTAMPTZ";
            }
            if (t.startsWith("MAP<")) {
                return "MAP(VARCHAR, VARCHAR)";
            }
            if (t.startsWith("ARRAY<")) {
                return "VARCHAR[]";
            }
            return switch (t) {
                case "STRING" -> "VARCHAR";
                case "INT" -> "INTEGER";
                case "BIGINT" -> "BIGINT";
                case "DOUBLE" -> "DOUBLE";
                default -> throw new IllegalStateException("no DuckDB type for Flink type " + flinkType);
            };
        }
    }

    public static TableDdl load(String table) {
        String resource = "/vigil-sql/ddl/" + table + ".sql";
        try (InputStream in = TableDdl.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no DDL for table '" + table + "' (" + resource + ")");
            }
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Column> columns = new ArrayList<>();
            Matcher m = COLUMN.matcher(ddl);
            while (m.find()) {
                columns.add(new Column(m.group(1), m.group(2), m.group(3) == null));
            }
            return new TableDdl(table, ddl, List.copyOf(columns));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DDL for a concrete history folder. */
    public String ddlFor(String historyRoot) {
        return ddl.replace("${history}", historyRoot);
    }
}
