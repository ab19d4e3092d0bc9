package dev.vigil.jobs.cli;

import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.ResultFormatter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Small file and report helpers of the commands. */
final class Output {
    private Output() {}

    /** Two decimals, for figures printed as JSON. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Sorts a JSON-lines file so that parallel runs over the same input write the same bytes
     * (alerts arrive from parallel operators in no fixed order).
     */
    static void sortLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Collections.sort(lines);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Row counts of each history table and the events by kind. */
    static String summary(HistoryQuery q) throws SQLException {
        return ResultFormatter.format(q.query(
                "SELECT 'events' AS \"table\", kind AS detail, count(*) AS rows FROM events GROUP BY kind "
                        + "UNION ALL SELECT 'dead_letters', NULL, count(*) FROM dead_letters "
                        + "UNION ALL SELECT 'alerts', NULL, count(*) FROM alerts "
                        + "UNION ALL SELECT 'incidents', NULL, count(DISTINCT incident_id) FROM incidents "
                        + "ORDER BY 1 DESC, 2"), ResultFormatter.Format.TABLE);
    }
}
