package dev.vigil.jobs.ingest;

import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.ResultFormatter;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Reads the stored events of one slice of time back from the history, for backtests: the input is the
 * slice's index, slice i covering [from + i × slice, from + (i + 1) × slice) within [from, to). Each
 * event comes back as it was decoded: metric samples, log records and security events from their own
 * rows (security facts are not derived again from the logs), so the job sees what it saw live.
 * DuckDB reads the Parquet files, pruning by the {@code dt} partition; the rows stream one at a time.
 */
public final class ReadHistoryEvents implements FlatMapFunction<Long, Envelope> {
    private static final long serialVersionUID = 1L;
    private final String history;
    private final long fromMs;
    private final long toMs;
    private final long sliceMs;

    public ReadHistoryEvents(Path history, Instant from, Instant to, long sliceMs) {
        this.history = history.toAbsolutePath().toString();
        this.fromMs = from.toEpochMilli();
        this.toMs = to.toEpochMilli();
        this.sliceMs = sliceMs;
    }

    /** How many slices cover [from, to). */
    public static long slices(Instant from, Instant to, long sliceMs) {
        return Math.max(1, (to.toEpochMilli() - from.toEpochMilli() + sliceMs - 1) / sliceMs);
    }

    @Override
    public void flatMap(Long slice, Collector<Envelope> out) throws Exception {
        long start = fromMs + slice * sliceMs;
        long end = Math.min(toMs, start + sliceMs);
        String sql = "SELECT kind, epoch_ms(time) AS t, host, name, value, labels, app, pid, severity, message, action, outcome, user,"
                + " target_user, source_ip, source_port, destination_ip, destination_port, bytes, process FROM events"
                + " WHERE dt BETWEEN '" + day(start) + "' AND '" + day(end) + "'"
                + " AND time >= make_timestamptz(" + start * 1000 + ") AND time < make_timestamptz(" + end * 1000 + ")"
                + " ORDER BY time, kind, host";
        try (HistoryQuery q = HistoryQuery.tables(Path.of(history), java.util.List.of("events"))) {
            q.stream(sql, rs -> out.collect(envelope(rs)));
        }
    }

    private static String day(long ms) {
        return Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Envelope envelope(ResultSet rs) throws SQLException {
        long t = rs.getLong("t");
        String host = rs.getString("host");
        Map<String, String> labels = strings(rs.getObject("labels"));
        switch (rs.getString("kind")) {
            case "metric":
                return Envelope.of(new MetricSample(t, host, rs.getString("name"), rs.getDouble("value"), labels));
            case "log":
                return Envelope.of(new LogRecord(t, host, rs.getString("app"), (Integer) rs.getObject("pid"), rs.getString("severity"),
                        rs.getString("message"), labels));
            case "security":
                return Envelope.of(new SecurityEvent(t, host, rs.getString("action"), rs.getString("outcome"), rs.getString("user"),
                        rs.getString("target_user"), rs.getString("source_ip"), (Integer) rs.getObject("source_port"),
                        rs.getString("destination_ip"), (Integer) rs.getObject("destination_port"), (Long) rs.getObject("bytes"),
                        rs.getString("process"), labels));
            default:
                throw new IllegalStateException("events row of unknown kind '" + rs.getString("kind") + "' in the history");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object map) {
        Object m = ResultFormatter.normalise(map);
        if (m == null) {
            return Map.of();
        }
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
        }
        return out;
    }
}
