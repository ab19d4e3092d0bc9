package dev.vigil.jobs.history;

import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.optionalDouble;
import static dev.vigil.jobs.history.HistoryTable.optionalInt32;
import static dev.vigil.jobs.history.HistoryTable.optionalInt64;
import static dev.vigil.jobs.history.HistoryTable.optionalString;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;
import static dev.vigil.jobs.history.HistoryTable.stringMap;

/**
 * {@code events}: every metric sample, log record and security event, one table with a {@code kind}
 * column, so one query (and later a backtest) sees all three streams in time order. Columns that do
 * not apply to a kind are null. {@code labels} holds metric labels, log attributes and security
 * attributes alike.
 */
public final class EventsTable extends HistoryTable<Envelope> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "events";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredString("kind"),             // 0
            requiredTimestamp("time"),          // 1
            requiredString("host"),             // 2
            optionalString("name"),             // 3  metric
            optionalDouble("value"),            // 4  metric
            stringMap("labels"),                // 5  all
            optionalString("app"),              // 6  log
            optionalInt32("pid"),               // 7  log
            optionalString("severity"),         // 8  log
            optionalString("message"),          // 9  log
            optionalString("action"),           // 10 security
            optionalString("outcome"),          // 11 security
            optionalString("user"),             // 12 security
            optionalString("target_user"),      // 13 security
            optionalString("source_ip"),        // 14 security
            optionalInt32("source_port"),       // 15 security
            optionalString("destination_ip"),   // 16 security
            optionalInt32("destination_port"),  // 17 security
            optionalInt64("bytes"),             // 18 security
            optionalString("process"),          // 19 security
            optionalString("template_id"));     // 20 log: the template miner's id

    public EventsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Envelope row) {
        return row.eventTime();
    }

    @Override
    public void write(Envelope row, RowWriter out) {
        if (row.metric() != null) {
            MetricSample m = row.metric();
            common(out, "metric", m.time(), m.host());
            out.string(3, "name", m.name());
            out.float64(4, "value", m.value());
            out.map(5, "labels", m.labels());
        } else if (row.log() != null) {
            LogRecord l = row.log();
            common(out, "log", l.time(), l.host());
            out.map(5, "labels", l.attributes());
            out.string(6, "app", l.app());
            out.int32(7, "pid", l.pid());
            out.string(8, "severity", l.severity());
            out.string(9, "message", l.message());
            out.string(20, "template_id", l.templateId());
        } else if (row.security() != null) {
            SecurityEvent s = row.security();
            common(out, "security", s.time(), s.host());
            out.map(5, "labels", s.attributes());
            out.string(10, "action", s.action());
            out.string(11, "outcome", s.outcome());
            out.string(12, "user", s.user());
            out.string(13, "target_user", s.targetUser());
            out.string(14, "source_ip", s.sourceIp());
            out.int32(15, "source_port", s.sourcePort());
            out.string(16, "destination_ip", s.destinationIp());
            out.int32(17, "destination_port", s.destinationPort());
            out.int64(18, "bytes", s.bytes());
            out.string(19, "process", s.process());
        } else {
            throw new IllegalArgumentException("dead letters belong in dead_letters, not events");
        }
    }

    private static void common(RowWriter out, String kind, long time, String host) {
        out.string(0, "kind", kind);
        out.int64(1, "time", time);
        out.string(2, "host", host);
    }
}
