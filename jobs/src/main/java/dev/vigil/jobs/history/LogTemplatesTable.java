package dev.vigil.jobs.history;

import dev.vigil.logs.TemplateWindow;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.optionalDouble;
import static dev.vigil.jobs.history.HistoryTable.requiredInt64;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/** {@code log_templates}: per host, app, template and window, the template's lines, first and last sighting and category. */
public final class LogTemplatesTable extends HistoryTable<TemplateWindow> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "log_templates";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredTimestamp("window_end"),
            requiredString("host"),
            requiredString("app"),
            requiredString("template_id"),
            requiredString("template"),
            requiredString("category"),
            requiredTimestamp("first_seen"),
            requiredTimestamp("last_seen"),
            requiredInt64("count"),
            optionalDouble("baseline"),
            optionalDouble("change"));

    public LogTemplatesTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(TemplateWindow row) {
        return row.windowStart();
    }

    @Override
    public void write(TemplateWindow r, RowWriter out) {
        out.int64(0, "time", r.windowStart());
        out.int64(1, "window_end", r.windowEnd());
        out.string(2, "host", r.host());
        out.string(3, "app", r.app());
        out.string(4, "template_id", r.templateId());
        out.string(5, "template", r.template());
        out.string(6, "category", r.category());
        out.int64(7, "first_seen", r.firstSeen());
        out.int64(8, "last_seen", r.lastSeen());
        out.int64(9, "count", r.count());
        out.float64(10, "baseline", r.baseline());
        out.float64(11, "change", r.change());
    }
}
