package dev.vigil.eval;

import dev.vigil.decode.RecordDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FuzzCorpusTest {
    private static final int N = 20_000;
    private static FuzzCorpus corpus;
    private static List<FuzzCorpus.Record> records;

    @BeforeAll
    static void build() {
        corpus = FuzzCorpus.create(7);
        records = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            records.add(corpus.record(i));
        }
    }

    @Test
    void theSameSeedGivesTheSameRecordsInAnyOrderAndAnotherSeedOthers() {
        FuzzCorpus again = FuzzCorpus.create(7);
        for (int i = N - 1; i >= 0; i -= 7) {
            assertThat(again.record(i)).isEqualTo(records.get(i));
        }
        assertThat(again.record(999_999)).isEqualTo(corpus.record(999_999));
        FuzzCorpus other = FuzzCorpus.create(8);
        long differ = 0;
        for (int i = 0; i < 1_000; i++) {
            differ += other.record(i).equals(records.get(i)) ? 0 : 1;
        }
        assertThat(differ).isGreaterThan(900);
    }

    @Test
    void everyMutationKindAndEveryOriginIsProduced() {
        Set<FuzzCorpus.Mutation> mutations = EnumSet.noneOf(FuzzCorpus.Mutation.class);
        Set<FuzzCorpus.Origin> origins = EnumSet.noneOf(FuzzCorpus.Origin.class);
        for (FuzzCorpus.Record r : records) {
            mutations.add(r.mutation());
            origins.add(r.origin());
            assertThat(corpus.mutationOf(r.index())).isEqualTo(r.mutation());
        }
        assertThat(mutations).containsExactlyInAnyOrder(FuzzCorpus.Mutation.values());
        assertThat(origins).containsExactlyInAnyOrder(FuzzCorpus.Origin.values());
    }

    @Test
    void linesOfAboutOneMebibyteAreThereIncludingABlankOne() {
        List<FuzzCorpus.Record> huge = records.stream().filter(r -> r.mutation() == FuzzCorpus.Mutation.HUGE_LINE).toList();
        assertThat(huge).extracting(FuzzCorpus.Record::length)
                .contains(FuzzCorpus.MIB - 1, FuzzCorpus.MIB, FuzzCorpus.MIB + 1, 200 * 1024);
        assertThat(huge).anySatisfy(r -> {
            assertThat(r.length()).isGreaterThan(FuzzCorpus.MIB);
            assertThat(RecordDecoder.isBlank(r.bytes())).isTrue();
        });
    }

    @Test
    void jsonIsNestedBeyondTheParsersLimitUpToAHundredThousandLevels() {
        int deepest = 0;
        for (FuzzCorpus.Record r : records) {
            if (r.mutation() == FuzzCorpus.Mutation.DEEP_NESTING) {
                deepest = Math.max(deepest, maxDepth(r.bytes()));
            }
        }
        assertThat(deepest).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void aRecordHoldsNoLineFeedExceptAtItsEndSoEachIsOneLineOfAFile(@TempDir Path dir) throws Exception {
        List<FuzzCorpus.Record> inner = new ArrayList<>();
        for (FuzzCorpus.Record r : records) {
            byte[] b = r.bytes();
            int end = b.length;
            while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
                end--;
            }
            for (int i = 0; i < end; i++) {
                if (b[i] == '\n') {
                    inner.add(r);
                    break;
                }
            }
        }
        assertThat(inner).isEmpty();
        Path file = dir.resolve("fuzz.log");
        corpus.write(file, 3_000);
        long blank = 0;
        long extraLines = 0;
        for (int i = 0; i < 3_000; i++) {
            blank += RecordDecoder.isBlank(records.get(i).bytes()) ? 1 : 0;
            for (byte x : records.get(i).bytes()) {
                extraLines += x == '\n' ? 1 : 0;
            }
        }
        FuzzEvaluation.Lines lines = FuzzEvaluation.countLines(file);
        assertThat(lines.lines()).isEqualTo(3_000 + extraLines);
        assertThat(lines.nonBlank()).isEqualTo(3_000 - blank);
    }

    @Test
    void theUnmutatedRecordsAreTheSimulatorsFormats() {
        List<String> none = records.stream().filter(r -> r.mutation() == FuzzCorpus.Mutation.NONE)
                .map(r -> new String(r.bytes(), StandardCharsets.UTF_8)).toList();
        assertThat(none).anySatisfy(s -> assertThat(s).matches("<\\d+>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d .*"));
        assertThat(none).anySatisfy(s -> assertThat(s).matches("<\\d+>1 2026-11-20T.*"));
        assertThat(none).anySatisfy(s -> assertThat(s).startsWith("{\"timestamp\":\"2026-11-20T"));
        assertThat(none).anySatisfy(s -> assertThat(s).startsWith("{\"kind\":\"security\""));
        assertThat(none).anySatisfy(s -> assertThat(s).startsWith("{\"kind\":\"metric\""));
    }

    @Test
    void aNegativeIndexIsRefused() {
        assertThatThrownBy(() -> corpus.record(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void aRecordIsAValue() {
        FuzzCorpus.Record r = records.get(0);
        byte[] copy = r.bytes();
        copy[0] ^= 1;
        assertThat(r.bytes()).isNotEqualTo(copy);
    }

    /** Deepest run of opening brackets or {"a": keys, a proxy for nesting depth that ignores strings. */
    private static int maxDepth(byte[] b) {
        int depth = 0;
        int max = 0;
        for (byte x : b) {
            if (x == '[' || x == '{') {
                max = Math.max(max, ++depth);
            } else if (x == ']' || x == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return max;
    }
}
