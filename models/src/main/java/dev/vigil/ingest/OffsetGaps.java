package dev.vigil.ingest;

import dev.vigil.model.Gap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Finds records a Kafka broker deleted before they were read. A consumer whose position falls below the
 * partition's log start offset (retention deleted the segments) is silently moved to the new start by
 * the Kafka client; the only trace is a jump in the offsets it returns. Jumps have other, harmless
 * causes too: transaction markers and aborted transactions under {@code read_committed}, and
 * compaction. They are told apart by asking the broker for the partition's log start offset: offsets
 * below it that were never read were deleted; offsets at or above it that were skipped were markers,
 * aborted or compacted records.
 *
 * <p>After a (re)start the first offset of a partition is compared with the group's committed offset,
 * which Flink commits on each completed checkpoint: a restore resumes there unless the broker deleted it.
 * This is a stand-in for the restored position, which a deserializer is not told: a commit that failed
 * (commits are best effort) can make records read before the failure look deleted, and committed offsets
 * that expired ({@code offsets.retention.minutes}) during a long outage hide a gap at the restart.
 *
 * <p>Asking the broker costs a round trip, so each partition asks at most once per {@code minCheckNanos}
 * (or sooner when {@link #MAX_PENDING} jumps wait); jumps in between wait and are settled by the next
 * answer, which is never less informative: the log start only moves forward, and a range that was never
 * read is below it at the next answer if it was at the time of the jump.
 * One instance per source reader; not thread-safe.
 */
public final class OffsetGaps {
    /** What the broker says about a partition. Implementations may throw; the jump is then reported unexplained. */
    public interface Broker {
        /** The partition's log start offset: the first offset it still holds. */
        long logStartOffset(String topic, int partition) throws Exception;

        /** The consumer group's committed offset for the partition, if any. */
        OptionalLong committedOffset(String topic, int partition) throws Exception;
    }

    /** What to do with findings. */
    public interface Listener {
        void gap(Gap gap);

        /** A jump the broker could not be asked about: logged and counted, not stored as a gap. */
        void unexplained(String topic, int partition, long from, long to, Exception cause);
    }

    static final int MAX_PENDING = 64;

    private final Broker broker;
    private final Listener listener;
    private final long minCheckNanos;
    private final boolean checkResume;
    private final Map<Long, Partition> partitions = new HashMap<>();

    private static final class Partition {
        final String topic;
        final int partition;
        long next = -1;
        long lastCheckNanos;
        boolean checkedOnce;
        /** Missing ranges not yet settled, as {first, last} pairs in offset order. */
        final List<long[]> pending = new ArrayList<>();

        Partition(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }
    }

    public OffsetGaps(Broker broker, Listener listener, long minCheckNanos) {
        this(broker, listener, minCheckNanos, true);
    }

    /**
     * @param checkResume whether a partition's first offset is compared with the committed offset (see the
     *                    class comment); off for jobs that start at the latest offsets on purpose
     */
    public OffsetGaps(Broker broker, Listener listener, long minCheckNanos, boolean checkResume) {
        this.broker = broker;
        this.listener = listener;
        this.minCheckNanos = minCheckNanos;
        this.checkResume = checkResume;
    }

    /**
     * Notes the offset of a record just read.
     *
     * @param topicId   a number unique to the topic within this reader (its index among the reader's topics)
     * @param stream    the stream the topic feeds, for the gap row
     * @param timestamp the record's timestamp, which becomes the gap's time
     * @param nowNanos  {@link System#nanoTime()} (passed in so tests control the clock)
     */
    public void offset(int topicId, String topic, String stream, int partition, long offset, long timestamp, long nowNanos) {
        long key = ((long) topicId << 32) | (partition & 0xffffffffL);
        Partition p = partitions.get(key);
        if (p == null) {
            p = new Partition(topic, partition);
            partitions.put(key, p);
            if (checkResume) {
                resumed(p, stream, offset, timestamp);
            }
        } else if (offset > p.next) {
            addPending(p, p.next, offset - 1);
        }
        p.next = offset + 1;
        if (!p.pending.isEmpty() && (!p.checkedOnce || p.pending.size() == MAX_PENDING
                || nowNanos - p.lastCheckNanos >= minCheckNanos)) {
            settle(p, stream, timestamp, nowNanos);
        }
    }

    /** The first record of a partition since this reader started: a restore resumes at the committed offset. */
    private void resumed(Partition p, String stream, long offset, long timestamp) {
        OptionalLong committed;
        try {
            committed = broker.committedOffset(p.topic, p.partition);
        } catch (Exception e) {
            listener.unexplained(p.topic, p.partition, -1, offset, e);
            return;
        }
        if (committed.isPresent() && offset > committed.getAsLong()) {
            addPending(p, committed.getAsLong(), offset - 1);
        }
    }

    private static void addPending(Partition p, long first, long last) {
        p.pending.add(new long[] {first, last});
    }

    private void settle(Partition p, String stream, long timestamp, long nowNanos) {
        p.lastCheckNanos = nowNanos;
        p.checkedOnce = true;
        long logStart;
        try {
            logStart = broker.logStartOffset(p.topic, p.partition);
        } catch (Exception e) {
            for (long[] r : p.pending) {
                listener.unexplained(p.topic, p.partition, r[0], r[1], e);
            }
            p.pending.clear();
            return;
        }
        for (long[] r : p.pending) {
            if (r[0] < logStart) {
                long last = Math.min(r[1], logStart - 1);
                listener.gap(new Gap(timestamp, stream, p.topic, p.partition, r[0], last,
                        "offsets " + r[0] + " to " + last + " were deleted by the broker before they were read "
                                + "(log start offset " + logStart + "; reading went on at " + (r[1] + 1) + ")"));
            }
        }
        p.pending.clear();
    }
}
