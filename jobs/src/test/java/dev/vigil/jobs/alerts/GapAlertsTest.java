package dev.vigil.jobs.alerts;

import dev.vigil.alert.Alert;
import dev.vigil.model.Gap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GapAlertsTest {
    @Test
    void aGapPagesOnceWithTheTopicPartitionAndCountAndEndsOnItsOwn() {
        Alert a = new GapAlerts("http://vigil").map(new Gap(1_000, "metrics", "vigil.metrics", 1, 100, 4999, "deleted"));
        assertThat(a.status()).isEqualTo(Alert.FIRING);
        assertThat(a.labels()).containsEntry("alertname", "KafkaRecordsLost").containsEntry("severity", "critical")
                .containsEntry("topic", "vigil.metrics").containsEntry("partition", "1");
        assertThat(a.annotations().get("summary")).isEqualTo("4,900 records of vigil.metrics partition 1 were deleted by Kafka before Vigil read them");
        assertThat(a.annotations()).containsEntry("value", "4900").containsKey("query");
        assertThat(a.endsAt()).isEqualTo(1_000 + GapAlerts.ACTIVE_MS);
        assertThat(a.generatorUrl()).isEqualTo("http://vigil/gaps");
    }
}
