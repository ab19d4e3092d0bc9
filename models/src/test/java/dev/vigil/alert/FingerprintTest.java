package dev.vigil.alert;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {
    /** The reference values of prometheus/common's TestMetricToFingerprint. */
    @Test
    void matchesPrometheusReferenceValues() {
        assertThat(Fingerprint.of(Map.of())).isEqualTo(hex("14695981039346656037"));
        assertThat(Fingerprint.of(Map.of("name", "garland, briggs", "fear", "love is not enough")))
                .isEqualTo(hex("5799056148416392346"));
    }

    @Test
    void dependsOnLabelsNotOnTheirOrder() {
        assertThat(Fingerprint.of(Map.of("a", "1", "b", "2"))).isEqualTo(Fingerprint.of(new java.util.TreeMap<>(Map.of("b", "2", "a", "1"))))
                .isNotEqualTo(Fingerprint.of(Map.of("a", "1", "b", "3")));
    }

    private static String hex(String unsignedDecimal) {
        return String.format("%016x", Long.parseUnsignedLong(unsignedDecimal));
    }
}
