package dev.vigil.jobs.history;

import dev.vigil.model.Gap;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.requiredInt32;
import static dev.vigil.jobs.history.HistoryTable.requiredInt64;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/** {@code gaps}: Kafka records the broker deleted before Vigil read them, one row per missing offset range. */
public final class GapsTable extends HistoryTable<Gap> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "gaps";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("stream"),
            requiredString("topic"),
            requiredInt32("partition"),
            requiredInt64("first_offset"),
            requiredInt64("last_offset"),
            requiredInt64("missing"),
            requiredString("reason"));

    public GapsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Gap row) {
        return row.time();
    }

    @Override
    public void write(Gap g, RowWriter out) {
        out.int64(0, "time", g.time());
        out.string(1, "stream", g.stream());
        out.string(2, "topic", g.topic());
        out.int32(3, "partition", g.partition());
        out.int64(4, "first_offset", g.firstMissing());
        out.int64(5, "last_offset", g.lastMissing());
        out.int64(6, "missing", g.missing());
        out.string(7, "reason", g.reason());
    }
}
