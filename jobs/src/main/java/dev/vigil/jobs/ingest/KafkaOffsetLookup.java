package dev.vigil.jobs.ingest;

import dev.vigil.ingest.OffsetGaps;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link OffsetGaps.Broker} over a Kafka Admin client: the partition's earliest offset (its log start) and
 * the consumer group's committed offset. One Admin client per configuration is shared by every reader
 * of a job in this TaskManager and closed when the job's classes are released, so restarts do not leak
 * clients (a deserialization schema has no close hook of its own).
 */
final class KafkaOffsetLookup implements OffsetGaps.Broker {
    /** Lookups run on the task thread, between records: short, so a slow broker delays a checkpoint little. */
    private static final long TIMEOUT_SECONDS = 5;
    /** Shared clients, by their configuration. Static in user code: one map per job class loader. */
    private static final Map<Properties, Admin> ADMINS = new ConcurrentHashMap<>();

    private final Admin admin;
    private final String groupId;
    /** The group's committed offsets, asked once per reader start: they only matter for each partition's first record. */
    private Map<TopicPartition, OffsetAndMetadata> committed;

    private KafkaOffsetLookup(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /**
     * @param props         the Kafka client properties of the source, with bootstrap.servers; config providers
     *                      (${env:...}, ${file:...}) in them are resolved by the client, here on the TaskManager
     * @param releaseHooks  where to register the close of the shared client: the user code class loader
     */
    static KafkaOffsetLookup open(Properties props, String groupId,
                                  org.apache.flink.util.UserCodeClassLoader releaseHooks) {
        Properties key = new Properties();
        key.putAll(props);
        Admin admin = ADMINS.computeIfAbsent(key, Admin::create);
        releaseHooks.registerReleaseHookIfAbsent("vigil-kafka-offset-lookups", KafkaOffsetLookup::closeAll);
        return new KafkaOffsetLookup(admin, groupId);
    }

    private static void closeAll() {
        for (Admin a : ADMINS.values()) {
            a.close(java.time.Duration.ofSeconds(5));
        }
        ADMINS.clear();
    }

    @Override
    public long logStartOffset(String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        ListOffsetsResult.ListOffsetsResultInfo info = admin.listOffsets(Map.of(tp, OffsetSpec.earliest()))
                .partitionResult(tp).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return info.offset();
    }

    @Override
    public OptionalLong committedOffset(String topic, int partition) throws Exception {
        if (committed == null) {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        OffsetAndMetadata offset = committed.get(new TopicPartition(topic, partition));
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
    }
}
