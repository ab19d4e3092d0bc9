package dev.vigil.jobs.ingest;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;

/**
 * {@code kafka.starting-offsets=latest}: a new job starts at the end of each partition, but a position the
 * broker has since deleted resets to the earliest record still held, not to the end. Flink's
 * {@link OffsetsInitializer#latest()} also sets the consumer's reset strategy to latest, so after records
 * were deleted under a lagging job it would jump over everything still on the broker too, and those
 * records, never deleted, could not be told from transaction markers: a silent loss.
 */
public final class LatestOffsets implements OffsetsInitializer {
    private static final long serialVersionUID = 1L;
    private final OffsetsInitializer latest = OffsetsInitializer.latest();

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
        return latest.getPartitionOffsets(partitions, retriever);
    }

    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
        return OffsetResetStrategy.EARLIEST;
    }
}
