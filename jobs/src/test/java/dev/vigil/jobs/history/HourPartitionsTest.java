package dev.vigil.jobs.history;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HourPartitionsTest {
    private static final DateTimeFormatter JAVA_TIME = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    @Test
    void agreesWithJavaTimeFrom1970To2200() {
        SplittableRandom rnd = new SplittableRandom(11);
        long max = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long t = rnd.nextLong(max);
            assertThat(HourPartitions.partitionOf(t)).isEqualTo(JAVA_TIME.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void edges() {
        assertThat(HourPartitions.partitionOf(0)).isEqualTo("dt=1970-01-01/hour=00");
        assertThat(HourPartitions.partitionOf(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli())).isEqualTo("dt=2024-02-29/hour=23");
        assertThat(HourPartitions.partitionOf(Instant.parse("2026-12-31T23:00:00Z").toEpochMilli())).isEqualTo("dt=2026-12-31/hour=23");
    }
}
