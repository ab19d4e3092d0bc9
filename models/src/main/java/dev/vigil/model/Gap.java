package dev.vigil.model;

import java.util.Objects;

/**
 * Records of a Kafka partition that the broker deleted (retention, or a deleted log start) before Vigil
 * read them: history table {@code gaps}. Offsets the broker skips for other reasons (transaction
 * markers, aborted transactions, compaction) are not gaps.
 *
 * @param time         when the gap was found: the timestamp of the first record read after it, epoch millis
 * @param stream       the stream the topic feeds: metrics, logs or security
 * @param topic        Kafka topic
 * @param partition    Kafka partition
 * @param firstMissing the first offset that was never read
 * @param lastMissing  the last offset that was never read
 * @param reason       how it was established (the broker's log start offset, and where reading resumed)
 */
public record Gap(long time, String stream, String topic, int partition, long firstMissing, long lastMissing, String reason) {
    public Gap {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        if (lastMissing < firstMissing) {
            throw new IllegalArgumentException("gap of " + topic + "-" + partition + ": last offset " + lastMissing
                    + " before first " + firstMissing);
        }
    }

    /** How many offsets were never read. */
    public long missing() {
        return lastMissing - firstMissing + 1;
    }
}
