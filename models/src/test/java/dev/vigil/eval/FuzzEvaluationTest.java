package dev.vigil.eval;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.EventCollector;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class FuzzEvaluationTest {
    /** The job's default ingest.max-record-bytes. */
    private static final int MAX = 256 * 1024;
    private static final List<String> BUILT_IN = List.of(Decoders.AUTO, Decoders.SYSLOG, Decoders.PROMETHEUS_JSON, Decoders.VIGIL_JSON);
    private static final Function<String, RecordDecoder> DECODERS =
            name -> new RecordDecoder(Decoders.create(name, DecoderOptions.defaults()), "fuzz", MAX);
    private static FuzzCorpus corpus;

    @BeforeAll
    static void build() {
        corpus = FuzzCorpus.create(3);
    }

    @Test
    void twentyThousandRecordsThroughEveryDecoderKeepTheInvariant() {
        FuzzEvaluation.Result r = FuzzEvaluation.run(corpus, new FuzzEvaluation.Settings(20_000, BUILT_IN, 2, Duration.ofSeconds(10)), DECODERS);
        assertThat(r.examples()).isEmpty();
        assertThat(r.violations()).isZero();
        assertThat(r.passed()).isTrue();
        assertThat(r.records()).isEqualTo(20_000);
        assertThat(r.byFormat().keySet()).containsExactlyElementsOf(BUILT_IN);
        for (FuzzEvaluation.Counts c : r.byFormat().values()) {
            assertThat(c.records()).isEqualTo(20_000);
            assertThat(c.rows() + c.deadLetters()).isEqualTo(c.nonBlank());
            assertThat(c.deadLetters()).isPositive();
        }
        FuzzEvaluation.Counts auto = r.byFormat().get(Decoders.AUTO);
        assertThat(auto.metrics()).isPositive();
        assertThat(auto.logs()).isPositive();
        assertThat(auto.securityRows()).isPositive();
        assertThat(auto.derivedSecurity()).isPositive();
        // The control group: unmutated records all decode under auto, so the corpus is made of real records.
        assertThat(r.byMutation().get(FuzzCorpus.Mutation.NONE).deadLetters().get(Decoders.AUTO)).isZero();
        assertThat(r.byMutation().get(FuzzCorpus.Mutation.INVALID_UTF8).deadLetters().get(Decoders.AUTO))
                .isEqualTo(r.byMutation().get(FuzzCorpus.Mutation.INVALID_UTF8).records());
        assertThat(r.byMutation()).containsKeys(FuzzCorpus.Mutation.values());
        // The slowest record alone takes well under a second (the 200 KiB lines are decoded for real); the
        // longest decoding in the run, pauses included, stays under the hang limit.
        assertThat(r.slowest().aloneNanos()).isPositive().isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(r.longest().nanos()).isGreaterThanOrEqualTo(r.slowest().nanos()).isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(r.recordsPerSecond()).isPositive();
    }

    /**
     * The count mismatch of issue 20: the size limit was applied before blankness, so a blank line over
     * ingest.max-record-bytes became a dead letter while a short one yielded nothing, and rows plus dead
     * letters exceeded the non-blank lines.
     */
    @Test
    void aBlankRecordYieldsNothingHoweverLong() {
        RecordDecoder decoder = DECODERS.apply(Decoders.AUTO);
        for (String unit : List.of(" ", "\t", " \r", "\u3000", "\u2028 ")) {
            byte[] big = unit.repeat(FuzzCorpus.MIB / unit.length()).getBytes(StandardCharsets.UTF_8);
            assertThat(big.length).isGreaterThan(MAX);
            CollectingOutput out = new CollectingOutput();
            assertThat(decoder.decode(big, "f", null, 1, corpus.receivedAt(), out)).isTrue();
            assertThat(out.deadLetters).as("a megabyte of %s", FuzzCorpus.excerpt(unit.getBytes(StandardCharsets.UTF_8), 10)).isEmpty();
            assertThat(out.events()).isZero();
        }
        byte[] notBlank = Arrays.copyOf(" ".repeat(FuzzCorpus.MIB).getBytes(StandardCharsets.UTF_8), FuzzCorpus.MIB + 1);
        notBlank[FuzzCorpus.MIB] = 'x';
        CollectingOutput out = new CollectingOutput();
        assertThat(decoder.decode(notBlank, "f", null, 1, corpus.receivedAt(), out)).isFalse();
        assertThat(out.deadLetters).singleElement().satisfies(d -> assertThat(d.reason()).contains("over the limit"));
    }

    @Test
    void blankIsWhiteSpaceAsJavaDefinesItAndNeverInvalidUtf8() {
        for (String blank : List.of("", " ", "\t\r\n", "\u000B\f", "\u001C\u001F", "\u2028\u2029", "\u3000", "\u1680")) {
            assertThat(RecordDecoder.isBlank(blank.getBytes(StandardCharsets.UTF_8))).as(FuzzCorpus.excerpt(blank.getBytes(StandardCharsets.UTF_8), 20)).isTrue();
        }
        for (String text : List.of("x", " \u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", "\u0085", "\u0000", " \u0001")) {
            assertThat(RecordDecoder.isBlank(text.getBytes(StandardCharsets.UTF_8))).as(FuzzCorpus.excerpt(text.getBytes(StandardCharsets.UTF_8), 20)).isFalse();
        }
        assertThat(RecordDecoder.isBlank(new byte[] {' ', (byte) 0xC2})).isFalse(); // a cut U+00A0 ... or U+0085
        assertThat(RecordDecoder.isBlank(new byte[] {(byte) 0xC0, (byte) 0xA0})).isFalse(); // an overlong space
        assertThat(RecordDecoder.isBlank(null)).isFalse();
    }

    @Test
    void aDecoderThatEmitsTwoRowsOrARowAndADeadLetterOrThrowsIsCaught() {
        Decoder twoRows = decoder("two-rows", (text, out) -> {
            out.log(log(text));
            out.log(log(text));
        });
        Decoder rowThenFails = decoder("row-then-fails", (text, out) -> {
            out.log(log(text));
            throw new IllegalStateException("after the row");
        });
        Decoder nothing = decoder("nothing", (text, out) -> { });
        Map<String, Decoder> byName = Map.of("two-rows", twoRows, "row-then-fails", rowThenFails, "nothing", nothing);
        FuzzEvaluation.Result r = FuzzEvaluation.run(corpus, new FuzzEvaluation.Settings(300, List.copyOf(byName.keySet()), 1,
                Duration.ofSeconds(10)), name -> new RecordDecoder(byName.get(name), "fuzz", MAX));
        assertThat(r.passed()).isFalse();
        // Every record that reaches the decoder breaks the invariant; the ones the size, UTF-8 and NUL checks
        // dead-letter first (all the "nothing" decoder's dead letters) do not.
        FuzzEvaluation.Counts none = r.byFormat().get("nothing");
        long reached = none.nonBlank() - none.deadLetters();
        assertThat(reached).isGreaterThan(200);
        assertThat(none.rows()).isZero();
        assertThat(none.violations()).isEqualTo(reached);
        assertThat(r.byFormat().get("two-rows").violations()).isEqualTo(reached);
        assertThat(r.byFormat().get("row-then-fails").violations()).isEqualTo(reached);
        assertThat(r.violations()).isEqualTo(3 * reached);
        assertThat(r.examples()).hasSize(FuzzEvaluation.EXAMPLES)
                .allSatisfy(v -> assertThat(v.problem()).containsAnyOf("2 row(s)", "1 row(s) (0 metric, 1 log, 0 security) and 1 dead letter",
                        "0 row(s)"));
    }

    @Test
    void aDecoderThatNeverReturnsIsReportedAsAHang() {
        CountDownLatch release = new CountDownLatch(1);
        Decoder stuck = decoder("stuck", (text, out) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new DecodeException("released");
        });
        try {
            FuzzEvaluation.Result r = FuzzEvaluation.run(corpus, new FuzzEvaluation.Settings(1_000, List.of("stuck"), 1,
                    Duration.ofMillis(300)), name -> new RecordDecoder(stuck, "fuzz", MAX));
            assertThat(r.hung()).isTrue();
            assertThat(r.passed()).isFalse();
            assertThat(r.records()).isLessThan(1_000);
            assertThat(r.slowest()).isNull();
            assertThat(r.examples()).first().satisfies(v -> {
                assertThat(v.problem()).contains("hang");
                assertThat(v.format()).isEqualTo("stuck");
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void theReplayCheckComparesTheHistoryWithTheDecodersAndTheLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.log");
        Files.write(file, "a\n\n  \r\nb\r\n\u3000\nc".getBytes(StandardCharsets.UTF_8));
        FuzzEvaluation.Lines lines = FuzzEvaluation.countLines(file);
        assertThat(lines).isEqualTo(new FuzzEvaluation.Lines(6, 3));
        FuzzEvaluation.Counts expected = new FuzzEvaluation.Counts(6, 3, 1, 1, 0, 2, 1, 0, 1);
        assertThat(FuzzEvaluation.ReplayCheck.of(lines, expected, 1, 1, 2, 1, 1.0).problems()).isEmpty();
        // One dead letter too many (a blank line dead-lettered, say): the history no longer adds up.
        assertThat(FuzzEvaluation.ReplayCheck.of(lines, expected, 1, 1, 2, 2, 1.0).problems())
                .anySatisfy(p -> assertThat(p).contains("4 rows and dead letters for 3 non-blank lines"))
                .anySatisfy(p -> assertThat(p).contains("2 dead letters, the decoder made 1"));
        assertThat(FuzzEvaluation.ReplayCheck.of(lines, expected, 1, 1, 3, 1, 1.0).problems())
                .singleElement().satisfies(p -> assertThat(p).contains("3 security events"));
    }

    private interface Body {
        void decode(String text, EventCollector out) throws DecodeException;
    }

    private static Decoder decoder(String name, Body body) {
        return new Decoder() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
                body.decode(text, out);
            }
        };
    }

    private static LogRecord log(String text) {
        return new LogRecord(0, "h", "a", null, "info", text, Map.of());
    }
}
