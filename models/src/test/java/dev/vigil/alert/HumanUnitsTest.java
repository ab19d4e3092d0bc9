package dev.vigil.alert;

import dev.vigil.anomaly.Anomaly;
import dev.vigil.anomaly.AnomalyAlerts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HumanUnitsTest {
    @Test
    void valuesReadInTheirUnits() {
        assertThat(HumanUnits.format(HumanUnits.unit("process_resident_memory_bytes"), 3.5 * (1L << 30))).isEqualTo("3.5 GiB");
        assertThat(HumanUnits.format(HumanUnits.unit("node_filesystem_avail_bytes"), 512)).isEqualTo("512 B");
        assertThat(HumanUnits.format(HumanUnits.unit("http_request_duration_seconds"), 0.2366)).isEqualTo("237 ms");
        assertThat(HumanUnits.format(HumanUnits.unit("instance:node_cpu_utilisation:rate5m"), 0.98)).isEqualTo("98%");
        assertThat(HumanUnits.format(HumanUnits.unit("orders_in_flight"), 12)).isEqualTo("12");
    }

    @Test
    void rangesStayWithinWhatTheMetricCanBe() {
        HumanUnits.Unit bytes = HumanUnits.unit("process_resident_memory_bytes");
        assertThat(HumanUnits.clamp(bytes, -8.102e9)).isZero();
        HumanUnits.Unit ratio = HumanUnits.unit("instance:node_cpu_utilisation:rate5m");
        assertThat(HumanUnits.clamp(ratio, 1.3)).isEqualTo(1);
        assertThat(HumanUnits.clamp(HumanUnits.unit("temperature"), -5)).isEqualTo(-5);
    }

    @Test
    void aSustainedAlertSaysWhatWasUnusualWithTheValueOutsideTheRangeInHumanUnits() {
        long t = java.time.Instant.parse("2026-11-23T16:35:00Z").toEpochMilli();
        Anomaly a = new Anomaly(t, "web-2", "instance:node_cpu_utilisation:rate5m", Map.of(), 0.98, 0.3, -0.1, 0.5, 0, 0, 0, 0, 0,
                "vigil-ensemble/3", "h");
        Map<String, String> m = AnomalyAlerts.sustained(a, 0.3, t - 35 * 60_000L, -0.05, 0.45, true);
        assertThat(m.get("summary")).isEqualTo("instance:node_cpu_utilisation:rate5m on web-2 has been 98% for 35 min;"
                + " usual at 16:35 UTC on the last days is 0% to 45%");
        assertThat(m.get("expected")).isEqualTo("0% to 45%");
        assertThat(m).containsKeys("query", "description", "score");
    }
}
