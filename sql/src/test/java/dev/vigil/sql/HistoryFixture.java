package dev.vigil.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Writes tiny history tables as Parquet with DuckDB, one file per call, in the table's dt/hour
 * partition: rows are maps of column to SQL literal, and columns a row leaves out are null.
 */
final class HistoryFixture {
    private final Path history;
    private int files;

    HistoryFixture(Path history) {
        this.history = history;
    }

    void write(String table, String dt, String hour, List<Map<String, String>> rows) throws Exception {
        TableDdl ddl = TableDdl.load(table);
        StringBuilder select = new StringBuilder();
        for (Map<String, String> row : rows) {
            select.append(select.length() == 0 ? "" : " UNION ALL ").append("SELECT ");
            boolean first = true;
            for (TableDdl.Column c : ddl.columns()) {
                if (c.name().equals("dt") || c.name().equals("hour")) {
                    continue;
                }
                select.append(first ? "" : ", ").append("CAST(").append(row.getOrDefault(c.name(), "NULL")).append(" AS ")
                        .append(c.duckDbType()).append(") AS \"").append(c.name()).append('"');
                first = false;
            }
        }
        Path dir = Files.createDirectories(history.resolve(table).resolve("dt=" + dt).resolve("hour=" + hour));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("COPY (" + select + ") TO '" + dir.resolve("part-" + files++ + ".parquet") + "' (FORMAT PARQUET)");
        }
    }
}
