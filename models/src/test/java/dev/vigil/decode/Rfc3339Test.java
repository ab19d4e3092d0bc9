package dev.vigil.decode;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {
    private static Long general(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long fast(String text) {
        try {
            return Rfc3339.toEpochMilli(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsWhatJavaTimeReadsAndRefusesWhatItRefuses() {
        Random random = new Random(3);
        String[] offsets = {"Z", "z", "+00:00", "-00:00", "+02:00", "-07:30", "+17:59", "+18:00", "+19:00", "+2:00", "+02:60", "", "+0200"};
        String[] fractions = {"", ".", ".1", ".12", ".123", ".123456", ".123456789", ".1234567891", ".x"};
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(10) == 0 ? random.nextInt(10_000) : 1960 + random.nextInt(100);
            int month = random.nextInt(14);
            int day = random.nextInt(33);
            int hour = random.nextInt(26);
            int minute = random.nextInt(62);
            int second = random.nextInt(62);
            String text = String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", year, month, day, random.nextInt(20) == 0 ? "t" : "T",
                    hour, minute, second, fractions[random.nextInt(fractions.length)], offsets[random.nextInt(offsets.length)]);
            assertThat(fast(text)).as(text).isEqualTo(general(text));
        }
    }

    @Test
    void readsTheUsualShapes() {
        assertThat(Rfc3339.toEpochMilli("2026-11-20T01:02:03.456Z")).isEqualTo(1_795_136_523_456L);
        assertThat(Rfc3339.toEpochMilli("2026-11-20T03:02:03.456789+02:00")).isEqualTo(1_795_136_523_456L);
        assertThat(Rfc3339.toEpochMilli("1969-12-31T23:59:59.5Z")).isEqualTo(-500L);
        assertThat(Rfc3339.toEpochMilli("2024-02-29T00:00:00Z")).isEqualTo(1_709_164_800_000L);
    }

    @Test
    void refusesImpossibleDates() {
        assertThatThrownBy(() -> Rfc3339.toEpochMilli("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.toEpochMilli("2026-11-20 01:02:03Z")).isInstanceOf(DateTimeParseException.class);
    }
}
