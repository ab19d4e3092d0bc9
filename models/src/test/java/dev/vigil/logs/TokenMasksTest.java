package dev.vigil.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMasksTest {
    @Test
    void masksValuesAndKeepsKeysAndPunctuation() {
        assertThat(TokenMasks.mask("uid=0")).isEqualTo("uid=<*>");
        assertThat(TokenMasks.mask("10.0.0.1:8080")).isEqualTo("<*>:<*>");
        assertThat(TokenMasks.mask("(pid=-12)")).isEqualTo("(pid=<*>)");
        assertThat(TokenMasks.mask("0x7fff1a2b")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("deadbeef12")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("123e4567-e89b-12d3-a456-426614174000")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("1445144423722_0020")).isEqualTo("<*>");
    }

    @Test
    void masksDurationsSizesAndDates() {
        assertThat(TokenMasks.mask("250ms")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("3.5s,")).isEqualTo("<*>,");
        assertThat(TokenMasks.mask("64KB")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("Jul")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("03:55:15")).isEqualTo("<*>:<*>:<*>");
    }

    @Test
    void aSentencesClosingPeriodStays() {
        assertThat(TokenMasks.mask("22.")).isEqualTo("<*>.");
        assertThat(TokenMasks.mask("1.2.3.4.")).isEqualTo("<*>.");
    }

    @Test
    void pathsWithVariablePartsAreOneValue() {
        assertThat(TokenMasks.mask("/mnt/data/subdir20/blk_77")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("'/udev/<*>'")).isEqualTo("'<*>'");
        assertThat(TokenMasks.mask("/<*>")).isEqualTo("<*>");
        assertThat(TokenMasks.mask("/default-rack")).isEqualTo("/default-rack");
    }

    @Test
    void wordsWithDigitsAreNotValues() {
        assertThat(TokenMasks.mask("ssh2")).isSameAs("ssh2");
        assertThat(TokenMasks.mask("BIOS-e820:")).isEqualTo("BIOS-e820:");
        assertThat(TokenMasks.mask("x86_64")).isEqualTo("x86_64");
        assertThat(TokenMasks.mask("failure;")).isSameAs("failure;");
    }

    @Test
    void parameterLikeTokensDoNotRoute() {
        assertThat(TokenMasks.isParameterLike("<*>")).isTrue();
        assertThat(TokenMasks.isParameterLike("uid=<*>")).isTrue();
        assertThat(TokenMasks.isParameterLike("ssh2")).isTrue();
        assertThat(TokenMasks.isParameterLike("session")).isFalse();
    }
}
