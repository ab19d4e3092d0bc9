package dev.vigil.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterKindsTest {
    private static String reasonOf(String format, String line) {
        CollectingOutput out = new CollectingOutput();
        new RecordDecoder(Decoders.create(format, DecoderOptions.defaults()), "logs", 256)
                .decode(line.getBytes(StandardCharsets.UTF_8), "t", 0, 1, 1_764_000_000_000L, out);
        assertThat(out.deadLetters).as("dead letter of %s", line).hasSize(1);
        return out.deadLetters.get(0).reason();
    }

    @Test
    void theDecodersReasonsFallIntoTheirKinds() {
        assertThat(DeadLetterKinds.of(reasonOf("auto", "{\"kind\": "))).isEqualTo(DeadLetterKinds.MALFORMED_JSON);
        assertThat(DeadLetterKinds.of(reasonOf("auto", "{\"a\": 1}"))).isEqualTo(DeadLetterKinds.UNKNOWN_FORMAT);
        assertThat(DeadLetterKinds.of(reasonOf("vigil-json", "{\"kind\":\"log\",\"host\":\"h\"}"))).isEqualTo(DeadLetterKinds.MISSING_FIELD);
        assertThat(DeadLetterKinds.of(reasonOf("prometheus-json", "{\"timestamp\":\"x\",\"value\":\"1\",\"name\":\"n\",\"labels\":{\"instance\":\"h\"}}")))
                .isEqualTo(DeadLetterKinds.BAD_TIME);
        assertThat(DeadLetterKinds.of(reasonOf("prometheus-json", "{\"timestamp\":\"2025-11-20T00:00:00Z\",\"value\":\"NaN\",\"name\":\"n\",\"labels\":{\"instance\":\"h\"}}")))
                .isEqualTo(DeadLetterKinds.BAD_VALUE);
        assertThat(DeadLetterKinds.of(reasonOf("syslog", "<999>Nov 20 00:00:00 h app: x"))).isEqualTo(DeadLetterKinds.SYSLOG_HEADER);
        assertThat(DeadLetterKinds.of(reasonOf("syslog", "x".repeat(300)))).isEqualTo(DeadLetterKinds.TOO_LARGE);
        CollectingOutput out = new CollectingOutput();
        new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults()), "logs", 256)
                .decode(new byte[] {(byte) 0xc3, 0x28}, "t", 0, 1, 1, out);
        assertThat(DeadLetterKinds.of(out.deadLetters.get(0).reason())).isEqualTo(DeadLetterKinds.INVALID_UTF8);
        assertThat(DeadLetterKinds.of(reasonOf("journald", "{\"MESSAGE\":\"x\",\"__REALTIME_TIMESTAMP\":\"12\"}")))
                .isEqualTo(DeadLetterKinds.BAD_TIME);
        assertThat(DeadLetterKinds.of(reasonOf("journald", "{\"__REALTIME_TIMESTAMP\":\"1764000000000000\"}")))
                .isEqualTo(DeadLetterKinds.MISSING_FIELD);
        assertThat(DeadLetterKinds.of(reasonOf("influx", "cpu,host=a usage=1 12"))).isEqualTo(DeadLetterKinds.BAD_TIME);
        assertThat(DeadLetterKinds.of(reasonOf("influx", "cpu usage=abc"))).isEqualTo(DeadLetterKinds.BAD_VALUE);
        assertThat(DeadLetterKinds.of(reasonOf("otlp-json", "{\"resourceSpans\":[]}"))).isEqualTo(DeadLetterKinds.UNKNOWN_FORMAT);
        assertThat(DeadLetterKinds.of(reasonOf("otlp-json", "[]"))).isEqualTo(DeadLetterKinds.NOT_AN_OBJECT);
        assertThat(DeadLetterKinds.of(reasonOf("otlp-proto", "not protobuf"))).isEqualTo(DeadLetterKinds.UNKNOWN_FORMAT);
        assertThat(DeadLetterKinds.of("something new")).isEqualTo(DeadLetterKinds.OTHER);
        assertThat(DeadLetterKinds.ALL).contains(DeadLetterKinds.OTHER).doesNotHaveDuplicates();
    }
}
