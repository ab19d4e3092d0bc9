package dev.vigil.notify;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelMatcherTest {
    @Test
    void theFourOperatorsWithAnchoredRegexes() {
        Map<String, String> l = Map.of("host", "web-12", "severity", "warning");
        assertThat(LabelMatcher.parse("host=\"web-12\"").matches(l)).isTrue();
        assertThat(LabelMatcher.parse("host!=web-12").matches(l)).isFalse();
        assertThat(LabelMatcher.parse("host=~\"web-[0-9]+\"").matches(l)).isTrue();
        // Anchored: "web" alone does not match "web-12".
        assertThat(LabelMatcher.parse("host=~web").matches(l)).isFalse();
        assertThat(LabelMatcher.parse("severity!~\"crit.*\"").matches(l)).isTrue();
        // A missing label is the empty string.
        assertThat(LabelMatcher.parse("team=\"\"").matches(l)).isTrue();
    }

    @Test
    void quotedValuesKeepTheirEscapesAndPrintBack() {
        LabelMatcher m = LabelMatcher.parse("summary=\"say \\\"hi\\\"\"");
        assertThat(m.matches(Map.of("summary", "say \"hi\""))).isTrue();
        assertThat(m.toString()).isEqualTo("summary=\"say \\\"hi\\\"\"");
    }

    @Test
    void badSyntaxAndBadRegexesAreRejected() {
        assertThatThrownBy(() -> LabelMatcher.parse("host ~ web")).hasMessageContaining("host ~ web");
        assertThatThrownBy(() -> LabelMatcher.parse("host=~\"(\"")).hasMessageContaining("invalid regular expression");
    }
}
