package dev.vigil.jobs.history;

import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;

/** Parquet writers for history tables: Snappy-compressed, one row group per part file at most 64 MiB. */
public final class HistoryParquet {
    private HistoryParquet() {}

    public static <T> ParquetWriterFactory<T> writerFactory(HistoryTable<T> table) {
        return new ParquetWriterFactory<>(new TableParquetBuilder<>(table));
    }

    /** Opens a plain (non-Flink) writer for a table, for tools and tests that write history directly. */
    public static <T> ParquetWriter<T> open(HistoryTable<T> table, OutputFile file) throws IOException {
        return new TableParquetBuilder<>(table).createWriter(file);
    }

    private static final class TableParquetBuilder<T> implements ParquetBuilder<T> {
        private static final long serialVersionUID = 1L;
        private final HistoryTable<T> table;

        TableParquetBuilder(HistoryTable<T> table) {
            this.table = table;
        }

        @Override
        public ParquetWriter<T> createWriter(OutputFile out) throws IOException {
            return new Builder<>(out, table)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(64L * 1024 * 1024)
                    .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final HistoryTable<T> table;

        Builder(OutputFile file, HistoryTable<T> table) {
            super(file);
            this.table = table;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new TableWriteSupport<>(table);
        }
    }
}
