package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.testing.WebhookReceiver;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSinkTest {
    @Test
    void retriesUntilTheReceiverAcceptsAndFlushWaitsForIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            WebhookSink sink = new WebhookSink(receiver.url(), "vigil", "http://vigil", Duration.ofSeconds(5), 3);
            SimpleCounter failures = new SimpleCounter();
            SimpleCounter sent = new SimpleCounter();
            SinkWriter<Alert> w = sink.writer(failures, sent);
            w.write(Alert.firing(1000, Map.of("alertname", "A", "host", "h"), Map.of(), "http://vigil/rules/A"), null);
            w.flush(false);
            assertThat(receiver.bodies()).singleElement().satisfies(b -> assertThat(b).contains("\"alertname\":\"A\""));
            assertThat(sent.getCount()).isEqualTo(1);
            assertThat(failures.getCount()).isZero();
            w.close();
        }
    }

    @Test
    void givesUpAfterItsAttemptsAndCountsTheFailure() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(5)) {
            SimpleCounter failures = new SimpleCounter();
            SinkWriter<Alert> w = new WebhookSink(receiver.url(), "vigil", "http://vigil", Duration.ofSeconds(5), 2)
                    .writer(failures, new SimpleCounter());
            w.write(Alert.firing(1000, Map.of("alertname", "A"), Map.of(), "http://vigil/rules/A"), null);
            w.flush(true);
            assertThat(failures.getCount()).isEqualTo(1);
            assertThat(receiver.bodies()).isEmpty();
        }
    }

    @Test
    void errorsNeverShowTheSecretPartOfTheUrl() {
        assertThat(WebhookSink.redacted("https://hooks.slack.com/services/T00/B00/SECRET?x=1")).isEqualTo("https://hooks.slack.com/…");
        assertThatThrownBy(() -> new WebhookSink("https://hooks example/SECRET", "v", "e", Duration.ofSeconds(1), 1))
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> new WebhookSink("ftp://host/SECRET", "v", "e", Duration.ofSeconds(1), 1))
                .hasMessageNotContaining("SECRET");
    }
}
