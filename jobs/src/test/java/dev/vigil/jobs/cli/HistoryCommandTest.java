package dev.vigil.jobs.cli;

import dev.vigil.sql.HistoryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCommandTest {
    @TempDir
    Path history;

    /** Writes {@code rows} metric samples at minutes 0.. of the hour into one part file of that hour. */
    private void part(String day, String hour, int file, int rows) throws Exception {
        Path dir = Files.createDirectories(history.resolve("events").resolve("dt=" + day).resolve("hour=" + hour));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement q = c.createStatement()) {
            q.execute("COPY (SELECT 'metric' AS kind, TIMESTAMPTZ '" + day + " " + hour + ":00:00+00' + to_minutes(i) AS \"time\", 'h' AS host,"
                    + " 'up' AS name, CAST(i AS DOUBLE) AS value FROM range(" + rows + ") t(i)) TO '" + dir.resolve("part-" + file + ".parquet")
                    + "' (FORMAT PARQUET)");
        }
    }

    /** A query over the fixture's events files alone (they hold only some of the table's columns). */
    private HistoryQuery.Result read(String sql) throws Exception {
        try (HistoryQuery q = HistoryQuery.tables(history, List.of("events"))) {
            return q.query(sql);
        }
    }

    private long parquetFiles() throws Exception {
        try (Stream<Path> s = Files.walk(history)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void pruneDeletesOnlyWholeDaysPastTheRetention() throws Exception {
        part("2026-08-01", "00", 0, 3);
        part("2026-08-27", "23", 0, 3);
        part("2026-08-28", "00", 0, 3);
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        // 90 days before now is 2026-08-28T12:00Z: that day is kept, the days before it go.
        assertThat(HistoryCommand.prune(history, Duration.ofDays(90), now, true)).hasSize(2);
        assertThat(parquetFiles()).isEqualTo(3);
        assertThat(HistoryCommand.prune(history, Duration.ofDays(90), now, false))
                .extracting(p -> p.getFileName().toString()).containsExactly("dt=2026-08-01", "dt=2026-08-27");
        assertThat(read("SELECT DISTINCT dt FROM events").rows()).containsExactly(List.of("2026-08-28"));
    }

    @Test
    void compactMergesTheClosedHoursPartsAndKeepsEveryRow() throws Exception {
        part("2026-11-20", "00", 0, 5);
        part("2026-11-20", "00", 1, 7);
        part("2026-11-20", "01", 0, 4);
        part("2026-11-20", "01", 1, 4);
        // Hour 01 ends at 02:00, after the cut: it may still be written, so it is left alone.
        int[] done = HistoryCommand.compact(history, Instant.parse("2026-11-20T01:30:00Z"));
        assertThat(done).containsExactly(1, 2);
        assertThat(parquetFiles()).isEqualTo(3);
        assertThat(read("SELECT hour, count(*), sum(value) FROM events GROUP BY hour ORDER BY hour").rows())
                .containsExactly(List.of("00", 12L, 31.0), List.of("01", 8L, 12.0));
    }
}
