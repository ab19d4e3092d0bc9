package dev.vigil.decode;

import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonDecodersTest {
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    private final PrometheusJsonDecoder prometheus = new PrometheusJsonDecoder(DecoderOptions.defaults());
    private final VigilJsonDecoder vigil = new VigilJsonDecoder(DecoderOptions.defaults());
    private final AutoDecoder auto = new AutoDecoder(DecoderOptions.defaults());

    @Test
    void readsPrometheusKafkaAdapterSamples() throws Exception {
        CollectingOutput out = new CollectingOutput();
        prometheus.decode("{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"1234.5\",\"name\":\"node_filesystem_avail_bytes\","
                + "\"labels\":{\"__name__\":\"node_filesystem_avail_bytes\",\"instance\":\"web-3:9100\",\"job\":\"node\",\"mountpoint\":\"/\"}}", NOW, out);
        MetricSample s = out.metrics.get(0);
        assertThat(s.time()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli());
        assertThat(s.host()).isEqualTo("web-3");
        assertThat(s.name()).isEqualTo("node_filesystem_avail_bytes");
        assertThat(s.value()).isEqualTo(1234.5);
        assertThat(s.labels()).containsOnlyKeys("instance", "job", "mountpoint");
    }

    @ParameterizedTest
    @CsvSource({"web-3:9100,web-3", "10.0.0.1:9100,10.0.0.1", "[::1]:9100,::1", "db-1,db-1", "2001:db8::5,2001:db8::5"})
    void hostIsTheInstanceWithoutItsPort(String instance, String host) {
        assertThat(PrometheusJsonDecoder.stripPort(instance)).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"NaN\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'value': NaN",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"+Inf\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'value': Infinity",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"-Inf\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'value': -Infinity",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"abc\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'value': 'abc' is not a number",
        "{\"timestamp\":\"yesterday\",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'timestamp': 'yesterday' is not an RFC 3339 time",
        "{\"timestamp\":\"1969-07-20T20:17:00Z\",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'timestamp': 1969-07-20T20:17:00Z is before",
        "{\"timestamp\":\"2070-01-01T00:00:00Z\",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'timestamp': 2070-01-01T00:00:00Z is more than",
        "{\"value\":\"1\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}|'timestamp' is missing",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"1\",\"labels\":{\"instance\":\"h:1\"}}|'name' is missing",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"job\":\"x\"}}|no 'instance'",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"1\",\"name\":\"up\",\"labels\":[1,2]}|'labels' must be an object",
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":1,\"name\":\"up\",\"labels\":{\"instance\":{\"a\":1}}}|'labels.instance' must be a string",
        "{\"timestamp\": \"2026-11-20T10:00:00Z\", \"value\": \"1\"|malformed JSON",
        "[1,2,3]|expected a JSON object",
    })
    void rejectsBadPrometheusSamplesNamingTheField(String json, String reason) {
        assertThatThrownBy(() -> prometheus.decode(json, NOW, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining(reason);
    }

    @Test
    void readsVigilJsonOfEveryKind() throws Exception {
        CollectingOutput out = new CollectingOutput();
        vigil.decode("{\"kind\":\"metric\",\"time\":1795000000000,\"host\":\"h\",\"name\":\"m\",\"value\":2,\"labels\":{\"a\":\"b\"}}", NOW, out);
        vigil.decode("{\"kind\":\"log\",\"time\":\"2026-11-20T10:00:00Z\",\"host\":\"h\",\"app\":\"sshd\",\"pid\":9,\"severity\":\"error\",\"message\":\"Failed password for root from 1.2.3.4 port 22 ssh2\"}", NOW, out);
        vigil.decode("{\"kind\":\"security\",\"time\":\"2026-11-20T10:00:00Z\",\"host\":\"h\",\"action\":\"sudo\",\"outcome\":\"success\",\"user\":\"alice\",\"target_user\":\"root\",\"source_port\":22,\"bytes\":5}", NOW, out);
        assertThat(out.metrics).singleElement().satisfies(m -> assertThat(m.labels()).containsEntry("a", "b"));
        assertThat(out.logs).singleElement().satisfies(l -> {
            assertThat(l.severity()).isEqualTo("err");
            assertThat(l.pid()).isEqualTo(9);
        });
        // The log line carries a fact, which is extracted just as for syslog.
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("auth_failure", "sudo");
        assertThat(out.security.get(1).targetUser()).isEqualTo("root");
        assertThat(out.security.get(1).bytes()).isEqualTo(5L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"time\":1795000000000,\"host\":\"h\"}|'kind' is missing",
        "{\"kind\":\"trace\",\"time\":1795000000000,\"host\":\"h\"}|'kind': 'trace'",
        "{\"kind\":\"security\",\"time\":1795000000000,\"host\":\"h\",\"action\":\"teleport\"}|'action': 'teleport' is not in the vocabulary",
        "{\"kind\":\"security\",\"time\":1795000000000,\"host\":\"h\",\"action\":\"sudo\",\"source_port\":70000}|'source_port' must be a whole number",
        "{\"kind\":\"log\",\"time\":1795000000000,\"host\":\"h\",\"severity\":\"loud\",\"message\":\"x\"}|'severity': 'loud'",
        "{\"kind\":\"log\",\"time\":1795000000000,\"host\":\"h\"}|'message' is missing",
        "{\"kind\":\"metric\",\"time\":1795000000000,\"host\":42,\"name\":\"m\",\"value\":1}|'host' must be a string",
        "{\"kind\":\"metric\",\"time\":true,\"host\":\"h\",\"name\":\"m\",\"value\":1}|'time' must be an RFC 3339 string or epoch milliseconds",
    })
    void rejectsBadVigilJsonNamingTheField(String json, String reason) {
        assertThatThrownBy(() -> vigil.decode(json, NOW, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining(reason);
    }

    @Test
    void autoDetectsEachFormatPerLine() throws Exception {
        CollectingOutput out = new CollectingOutput();
        auto.decode("{\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":\"1\",\"name\":\"up\",\"labels\":{\"instance\":\"h:1\"}}", NOW, out);
        auto.decode("{\"kind\":\"metric\",\"time\":1795000000000,\"host\":\"h\",\"name\":\"m\",\"value\":2}", NOW, out);
        auto.decode("<38>Nov 20 10:00:00 h sshd[1]: hello", NOW, out);
        assertThat(out.metrics).hasSize(2);
        assertThat(out.logs).hasSize(1);
        assertThatThrownBy(() -> auto.decode("{\"hello\":\"world\"}", NOW, new CollectingOutput()))
                .hasMessageContaining("neither Vigil JSON");
    }
}
