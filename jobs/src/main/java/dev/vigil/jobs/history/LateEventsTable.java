package dev.vigil.jobs.history;

import org.apache.parquet.schema.MessageType;

/** {@code late_events}: events an analysis skipped because they arrived behind the watermark. */
public final class LateEventsTable extends HistoryTable<LateEvent> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "late_events";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("operator"),
            optionalString("host"),
            optionalString("rule"),
            optionalString("group_key"),
            requiredString("summary"));

    public LateEventsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(LateEvent row) {
        return row.time();
    }

    @Override
    public void write(LateEvent e, RowWriter out) {
        out.int64(0, "time", e.time());
        out.string(1, "operator", e.operator());
        out.string(2, "host", e.host());
        out.string(3, "rule", e.rule());
        out.string(4, "group_key", e.groupKey());
        out.string(5, "summary", e.summary());
    }
}
