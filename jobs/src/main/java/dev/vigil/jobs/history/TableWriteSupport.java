package dev.vigil.jobs.history;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;

/** Parquet's WriteSupport for one {@link HistoryTable}. */
final class TableWriteSupport<T> extends WriteSupport<T> {
    private final HistoryTable<T> table;
    private final RowWriter writer = new RowWriter();
    private RecordConsumer consumer;

    TableWriteSupport(HistoryTable<T> table) {
        this.table = table;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(table.schema(), Map.of("vigil.table", table.name()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
        writer.use(recordConsumer);
    }

    @Override
    public void write(T record) {
        consumer.startMessage();
        table.write(record, writer);
        consumer.endMessage();
    }
}
