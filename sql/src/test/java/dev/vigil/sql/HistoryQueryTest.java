package dev.vigil.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryQueryTest {
    @TempDir
    Path history;

    @Test
    void anEmptyHistoryHasEveryTableAndViewWithItsColumns() throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            for (String t : List.of("events", "dead_letters", "alerts", "metrics", "logs", "security_events")) {
                assertThat(q.query("SELECT count(*) FROM " + t).scalar()).as(t).isEqualTo(0L);
            }
            HistoryQuery.Result r = q.query("SELECT * FROM alerts");
            assertThat(r.columns()).containsExactlyElementsOf(
                    TableDdl.load("alerts").columns().stream().map(TableDdl.Column::name).toList());
        }
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThatThrownBy(() -> new HistoryQuery(history.resolve("nope"))).hasMessageContaining("does not exist");
    }

    @Test
    void ddlColumnsParseWithTypesAndNullability() {
        TableDdl events = TableDdl.load("events");
        assertThat(events.columns()).first().isEqualTo(new TableDdl.Column("kind", "STRING", false));
        assertThat(events.columns()).contains(new TableDdl.Column("labels", "MAP<STRING, STRING>", true),
                new TableDdl.Column("time", "TIMESTAMP_LTZ(3)", false), new TableDdl.Column("hour", "STRING", true));
        assertThat(events.ddlFor("/data/h")).contains("'path' = '/data/h/events'");
        assertThat(new TableDdl.Column("x", "TIMESTAMP_LTZ(3)", true).duckDbType()).isEqualTo("TIMESTAMPTZ");
    }

    @Test
    void formatsTablesCsvAndJson() {
        HistoryQuery.Result r = new HistoryQuery.Result(List.of("host", "n", "labels"),
                List.of(List.of("web-1", 3L, Map.of("a", "1")), java.util.Arrays.asList("db, \"1\"", 10L, null)));
        assertThat(ResultFormatter.format(r, ResultFormatter.Format.TABLE)).isEqualTo(
                "host    | n  | labels\n"
                        + "--------+----+----------\n"
                        + "web-1   |  3 | {\"a\":\"1\"}\n"
                        + "db, \"1\" | 10 | \n"
                        + "(2 rows)\n");
        assertThat(ResultFormatter.format(r, ResultFormatter.Format.CSV))
                .isEqualTo("host,n,labels\r\nweb-1,3,\"{\"\"a\"\":\"\"1\"\"}\"\r\n\"db, \"\"1\"\"\",10,\r\n");
        assertThat(ResultFormatter.format(r, ResultFormatter.Format.JSON).replaceAll("\\s", ""))
                .isEqualTo("[{\"host\":\"web-1\",\"n\":3,\"labels\":{\"a\":\"1\"}},{\"host\":\"db,\\\"1\\\"\",\"n\":10,\"labels\":null}]");
    }
}
