package dev.vigil.jobs.config;

import java.util.Locale;

/** Where a job without a checkpoint starts reading Kafka ({@code kafka.starting-offsets}). */
public enum StartingOffsets {
    /** The group's committed offsets; partitions without one from the earliest record. */
    COMMITTED_OR_EARLIEST,
    /** The earliest record the broker holds. */
    EARLIEST,
    /** Records written after the start (a deleted position resets to the earliest record still held). */
    LATEST;

    /** As written in configuration: {@code committed-or-earliest}, {@code earliest}, {@code latest} (Flink matches enum options by this). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
