package dev.vigil.jobs.metrics;

import dev.vigil.model.MetricSample;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamedTest {
    private static MetricSample sample(String name) {
        return new MetricSample(0, "h", name, 1, Map.of());
    }

    @Test
    void aListKeepsOnlyItsNamesCountersIncluded() throws Exception {
        MetricNamed f = new MetricNamed(" node_load1 , node_network_transmit_bytes_total", true);
        assertThat(f.filter(sample("node_load1"))).isTrue();
        assertThat(f.filter(sample("node_network_transmit_bytes_total"))).isTrue();
        assertThat(f.filter(sample("node_memory_MemAvailable_bytes"))).isFalse();
    }

    @Test
    void aBlankListKeepsEveryMetricButCountersWhenAsked() throws Exception {
        assertThat(new MetricNamed("", true).filter(sample("node_network_receive_bytes_total"))).isFalse();
        assertThat(new MetricNamed("", true).filter(sample("node_load1"))).isTrue();
        assertThat(new MetricNamed("", false).filter(sample("node_network_receive_bytes_total"))).isTrue();
    }
}
