package dev.vigil.logs;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class LogCategoriesTest {
    @Test
    void unambiguousTemplatesGoByRule() {
        assertThat(LogCategories.byRule("Out of memory: Killed process <*> (<*>)")).isEqualTo("oom");
        assertThat(LogCategories.byRule("<*>[<*>]: segfault at <*> ip <*>")).isEqualTo("crash");
        assertThat(LogCategories.byRule("EXT4-fs (<*>): Remounting filesystem read-only")).isEqualTo("disk");
        assertThat(LogCategories.byRule("connect to <*> port <*>: Connection refused")).isEqualTo("network");
        assertThat(LogCategories.byRule("Failed password for <*> from <*> port <*> ssh2")).isEqualTo("auth");
        assertThat(LogCategories.byRule("Started Session <*> of user <*>.")).isNull();
    }

    @Test
    void theBundledModelLoadsWithProvenanceAndCategorisesTheRest() {
        LogCategories bundled = LogCategories.bundled();
        assertThat(bundled.provenanceHash()).hasSize(16);
        assertThat(bundled.categorise("CPU<*>: Package temperature above threshold, cpu clock throttled")).isEqualTo("hardware");
        assertThat(bundled.categorise("Unknown key name '<*>' in section '<*>', ignoring.")).isEqualTo("config");
        assertThat(bundled.categorise("Started <*>.")).isEqualTo("other");
    }

    @Test
    void theBundledModelIsTheOneTrainingOnTheLabelledSetGives() {
        LogCategories bundled = LogCategories.bundled();
        LogCategories fresh = LogCategories.train(false);
        assertThat(fresh.provenanceHash()).isNotBlank();
        for (LogCategories.Labelled row : LogCategories.labelled()) {
            assertThat(fresh.byModel(row.template())).as(row.template()).isEqualTo(bundled.byModel(row.template()));
        }
    }

    @Test
    void heldOutTemplatesAreMostlyRight() {
        int right = 0;
        int held = 0;
        for (LogCategories.CategoryScore s : LogCategories.heldOutScores()) {
            held += s.truth();
            right += s.right();
        }
        assertThat(held).isGreaterThanOrEqualTo(40);
        // docs/evaluation.md reports the per-category figures (vigil eval loghub prints them)
        assertThat((double) right / held).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void featuresAreWordsAndWordPairsWithoutValues() {
        assertThat(LogCategories.features("Out of memory: Killed process <*> 42"))
                .containsExactly("w=out", "p=out_of", "w=of", "p=of_memory", "w=memory", "p=memory_killed", "w=killed", "p=killed_process", "w=process");
    }
}
