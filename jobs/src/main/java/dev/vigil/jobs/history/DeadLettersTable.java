package dev.vigil.jobs.history;

import dev.vigil.model.DeadLetter;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.optionalInt32;
import static dev.vigil.jobs.history.HistoryTable.optionalString;
import static dev.vigil.jobs.history.HistoryTable.requiredInt32;
import static dev.vigil.jobs.history.HistoryTable.requiredInt64;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/** {@code dead_letters}: every record that could not be decoded, whole, with where it came from and why. */
public final class DeadLettersTable extends HistoryTable<DeadLetter> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "dead_letters";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("stream"),
            requiredString("format"),
            requiredString("source"),
            optionalInt32("partition"),
            requiredInt64("offset"),
            requiredString("reason"),
            optionalString("raw_text"),
            optionalString("raw_base64"),
            requiredInt32("raw_bytes"));

    public DeadLettersTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(DeadLetter row) {
        return row.time();
    }

    @Override
    public void write(DeadLetter d, RowWriter out) {
        out.int64(0, "time", d.time());
        out.string(1, "stream", d.stream());
        out.string(2, "format", d.format());
        out.string(3, "source", d.source());
        out.int32(4, "partition", d.partition());
        out.int64(5, "offset", d.offset());
        out.string(6, "reason", d.reason());
        out.string(7, "raw_text", d.rawText());
        out.string(8, "raw_base64", d.rawBase64());
        out.int32(9, "raw_bytes", d.rawBytes());
    }
}
