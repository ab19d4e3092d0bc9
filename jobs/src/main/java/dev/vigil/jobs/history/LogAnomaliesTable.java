package dev.vigil.jobs.history;

import dev.vigil.logs.LogAnomaly;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.optionalDouble;
import static dev.vigil.jobs.history.HistoryTable.requiredInt64;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/** {@code log_anomalies}: templates new on a host and app, and error templates whose rate jumped. */
public final class LogAnomaliesTable extends HistoryTable<LogAnomaly> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "log_anomalies";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("host"),
            requiredString("app"),
            requiredString("kind"),
            requiredString("template_id"),
            requiredString("template"),
            requiredString("category"),
            requiredInt64("count"),
            optionalDouble("baseline"),
            optionalDouble("score"));

    public LogAnomaliesTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(LogAnomaly row) {
        return row.time();
    }

    @Override
    public void write(LogAnomaly a, RowWriter out) {
        out.int64(0, "time", a.time());
        out.string(1, "host", a.host());
        out.string(2, "app", a.app());
        out.string(3, "kind", a.kind());
        out.string(4, "template_id", a.templateId());
        out.string(5, "template", a.template());
        out.string(6, "category", a.category());
        out.int64(7, "count", a.count());
        out.float64(8, "baseline", a.baseline());
        out.float64(9, "score", a.score());
    }
}
