package dev.vigil.jobs.history;

import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import dev.vigil.model.SecurityAction;
import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.TableDdl;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The history's Parquet files read the same through Flink SQL (the DDL in sql/ddl) and DuckDB. */
class HistorySqlCompatibilityTest {
    private static final long T = Instant.parse("2026-11-20T10:15:00Z").toEpochMilli();

    @TempDir
    Path history;

    @Test
    void flinkSqlAndDuckDbAgreeOnTheSameFiles() throws Exception {
        List<Envelope> rows = List.of(
                Envelope.of(new MetricSample(T, "web-1", "node_load1", 1.5, Map.of("job", "node"))),
                Envelope.of(new MetricSample(T + 3_600_000, "web-1", "node_load1", 2.5, Map.of("job", "node"))),
                Envelope.of(new LogRecord(T, "web-1", "sshd", 42, "info", "Accepted publickey", Map.of("syslog.facility", "auth"))),
                Envelope.of(SecurityEvent.builder(T, "web-1", SecurityAction.AUTH_FAILURE, "failure")
                        .user("root").sourceIp("1.2.3.4").sourcePort(22).bytes(10L).build()));
        write(new EventsTable(), rows);
        write(new DeadLettersTable(), List.of(new DeadLetter(T, "logs", "auto", "f.log", null, 3L, "bad", "x", null, 1)));
        write(new IncidentsTable(), List.of(new dev.vigil.correlate.Incident("i1", "open", T, "r1", "brute", "SSH brute force", "high",
                List.of("attack.credential-access", "attack.t1110.001"), "{\"source.ip\":\"1.2.3.4\"}", Map.of("source.ip", "1.2.3.4"),
                T - 1000, T, 10, List.of("e1 one", "e2 two"), "summary", List.of("ip 1.2.3.4 (feed)"), List.of("[oom] kernel \"Out of memory\" new"))));

        String query = "SELECT kind, host, COUNT(*) AS n, SUM(COALESCE(`value`, 0)) AS v, MAX(source_port) AS p, "
                + "MIN(`time`) AS t FROM events GROUP BY kind, host ORDER BY kind";
        List<String> flink = flinkSql(query.replace("`", "`"));
        try (HistoryQuery duck = new HistoryQuery(history)) {
            HistoryQuery.Result r = duck.query(query.replace('`', '"'));
            List<String> duckRows = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                duckRows.add(row.get(0) + "|" + row.get(1) + "|" + row.get(2) + "|" + ((Number) row.get(3)).doubleValue()
                        + "|" + row.get(4) + "|" + Instant.parse(row.get(5).toString()));
            }
            assertThat(flink).containsExactlyElementsOf(duckRows);
            assertThat(duckRows).containsExactly(
                    "log|web-1|1|0.0|null|2026-11-20T10:15:00Z",
                    "metric|web-1|2|4.0|null|2026-11-20T10:15:00Z",
                    "security|web-1|1|0.0|22|2026-11-20T10:15:00Z");
            assertThat(duck.query("SELECT labels['job'] FROM metrics WHERE hour = '11'").scalar()).isEqualTo("node");
            assertThat(duck.query("SELECT count(*) FROM dead_letters").scalar()).isEqualTo(1L);
            assertThat(duck.query("SELECT count(*) FROM alerts").scalar()).isEqualTo(0L);
            String arrays = "SELECT tags[2], cardinality(events), threat_intel[1], log_hints[1] FROM incidents";
            List<Object> d = duck.query(arrays.replace("cardinality(events)", "len(events)")).rows().get(0);
            assertThat(d).containsExactly("attack.t1110.001", 2L, "ip 1.2.3.4 (feed)", "[oom] kernel \"Out of memory\" new");
            assertThat(flinkRows(arrays)).containsExactly("attack.t1110.001|2|ip 1.2.3.4 (feed)|[oom] kernel \"Out of memory\" new");
        }
    }

    private <T> void write(HistoryTable<T> table, List<T> rows) throws Exception {
        for (T row : rows) {
            Path dir = history.resolve(table.name()).resolve(HourPartitions.partitionOf(table.partitionTime(row)));
            Files.createDirectories(dir);
            Path file = dir.resolve("part-" + Files.list(dir).count() + ".parquet");
            try (ParquetWriter<T> w = HistoryParquet.open(table, new LocalOutputFile(file))) {
                w.write(row);
            }
        }
    }

    private List<String> flinkRows(String query) throws Exception {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("table.local-time-zone", "UTC");
        env.getConfig().set("parallelism.default", "1");
        for (String table : TableDdl.TABLES) {
            env.executeSql(TableDdl.load(table).ddlFor(history.toString()));
        }
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < row.getArity(); i++) {
                    b.append(i == 0 ? "" : "|").append(row.getField(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private List<String> flinkSql(String query) throws Exception {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("table.local-time-zone", "UTC");
        env.getConfig().set("parallelism.default", "1");
        for (String table : TableDdl.TABLES) {
            env.executeSql(TableDdl.load(table).ddlFor(history.toString()));
        }
        TableResult result = env.executeSql(query);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                out.add(row.getField(0) + "|" + row.getField(1) + "|" + row.getField(2) + "|" + ((Number) row.getField(3)).doubleValue()
                        + "|" + row.getField(4) + "|" + row.getField(5));
            }
        }
        return out;
    }
}
