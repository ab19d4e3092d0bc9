package dev.vigil.jobs.history;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/** FileSinks that write history tables under {@code <root>/<table>/dt=.../hour=.../part-*.parquet}. */
public final class HistorySinks {
    private HistorySinks() {}

    /**
     * Exactly-once: bulk formats roll on checkpoint, so a part file becomes visible (loses its
     * in-progress name) only when the checkpoint that covers its rows completes.
     */
    public static <T> FileSink<T> fileSink(String root, HistoryTable<T> table) {
        return fileSink(root, table, "part");
    }

    /** A second writer of a table names its files with its own prefix, so two writers never pick the same name. */
    public static <T> FileSink<T> fileSink(String root, HistoryTable<T> table, String partPrefix) {
        return FileSink.forBulkFormat(new Path(root, table.name()), HistoryParquet.writerFactory(table))
                .withBucketAssigner(new HourPartitions<>(table))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(partPrefix).withPartSuffix(".parquet").build())
                .build();
    }
}
