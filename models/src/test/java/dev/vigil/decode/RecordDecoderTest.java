package dev.vigil.decode;

import dev.vigil.model.DeadLetter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecordDecoderTest {
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    private static final int MAX = 256 * 1024;
    private final RecordDecoder decoder = new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults()), "logs", MAX);

    private DeadLetter deadLetterOf(byte[] raw) {
        CollectingOutput out = new CollectingOutput();
        boolean ok = decoder.decode(raw, "vigil.logs", 3, 42L, NOW, out);
        assertThat(ok).isFalse();
        assertThat(out.events()).isZero();
        assertThat(out.deadLetters).hasSize(1);
        DeadLetter d = out.deadLetters.get(0);
        assertThat(d.source()).isEqualTo("vigil.logs");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(42L);
        assertThat(d.stream()).isEqualTo("logs");
        assertThat(d.format()).isEqualTo("auto");
        assertThat(d.time()).isEqualTo(NOW);
        assertThat(d.rawBytes()).isEqualTo(raw.length);
        return d;
    }

    @Test
    void malformedJsonIsDeadLetteredWithItsText() {
        String json = "{\"kind\":\"metric\",\"time\":";
        DeadLetter d = deadLetterOf(json.getBytes(StandardCharsets.UTF_8));
        assertThat(d.reason()).contains("malformed JSON");
        assertThat(d.rawText()).isEqualTo(json);
        assertThat(d.rawBase64()).isNull();
    }

    @Test
    void binaryGarbageIsDeadLetteredAsBase64() {
        byte[] garbage = new byte[512];
        new SplittableRandom(7).nextBytes(garbage);
        DeadLetter d = deadLetterOf(garbage);
        assertThat(d.reason()).contains("not valid UTF-8");
        assertThat(d.rawText()).isNull();
        assertThat(Base64.getDecoder().decode(d.rawBase64())).isEqualTo(garbage);
    }

    @Test
    void invalidUtf8InAnOtherwiseGoodLineNamesTheByte() {
        byte[] line = "<38>Nov 20 10:00:00 h sshd[1]: caf\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(line, line.length - 1); // cut inside the two-byte é
        broken[broken.length - 1] = (byte) 0xC3;
        byte[] withTail = Arrays.copyOf(broken, broken.length + 1);
        withTail[withTail.length - 1] = 'x';
        DeadLetter d = deadLetterOf(withTail);
        assertThat(d.reason()).contains("not valid UTF-8").contains("at byte " + (broken.length - 1));
        assertThat(Base64.getDecoder().decode(d.rawBase64())).isEqualTo(withTail);
    }

    @Test
    void oneMebibyteLineIsDeadLetteredWhole() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'a');
        DeadLetter d = deadLetterOf(big);
        assertThat(d.reason()).contains("1048576 bytes").contains("ingest.max-record-bytes");
        assertThat(d.rawText()).hasSize(1 << 20);
    }

    @Test
    void nanInfinityAndFarTimestampsAreDeadLettered() {
        assertThat(deadLetterOf(prom("2026-11-20T10:00:00Z", "NaN")).reason()).contains("'value'");
        assertThat(deadLetterOf(prom("2026-11-20T10:00:00Z", "Inf")).reason()).contains("'value'");
        assertThat(deadLetterOf(prom("1950-01-01T00:00:00Z", "1")).reason()).contains("'timestamp'");
        assertThat(deadLetterOf(prom("2090-01-01T00:00:00Z", "1")).reason()).contains("'timestamp'");
    }

    @Test
    void nullValueAndNulCharactersAreDeadLettered() {
        CollectingOutput out = new CollectingOutput();
        decoder.decode(null, "vigil.logs", 0, 1L, NOW, out);
        assertThat(out.deadLetters).singleElement().satisfies(d -> assertThat(d.reason()).contains("no value"));
        assertThat(deadLetterOf("<38>Nov 20 10:00:00 h a: x\0y".getBytes(StandardCharsets.UTF_8)).reason()).contains("NUL");
    }

    @Test
    void blankLinesAndLineTerminatorsAreHarmless() {
        CollectingOutput out = new CollectingOutput();
        assertThat(decoder.decode("   \r\n".getBytes(StandardCharsets.UTF_8), "f", null, 1L, NOW, out)).isTrue();
        assertThat(decoder.decode("<38>Nov 20 10:00:00 h a: x\r\n".getBytes(StandardCharsets.UTF_8), "f", null, 2L, NOW, out)).isTrue();
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.logs).singleElement().satisfies(l -> assertThat(l.message()).isEqualTo("x"));
    }

    @Test
    void decoderFailuresOfAnyKindBecomeDeadLetters() {
        Decoder broken = new Decoder() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
                if (text.equals("npe")) {
                    throw new NullPointerException();
                }
                if (text.equals("deep")) {
                    throw new StackOverflowError();
                }
                throw new DecodeException(null);
            }
        };
        RecordDecoder d = new RecordDecoder(broken, "logs", 1024);
        for (String input : List.of("npe", "deep", "no reason")) {
            CollectingOutput out = new CollectingOutput();
            d.decode(input.getBytes(StandardCharsets.UTF_8), "t", 0, 1, NOW, out);
            assertThat(out.deadLetters).singleElement().satisfies(x -> assertThat(x.reason()).isNotBlank());
        }
    }

    private static byte[] prom(String ts, String value) {
        return ("{\"timestamp\":\"" + ts + "\",\"value\":\"" + value + "\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
