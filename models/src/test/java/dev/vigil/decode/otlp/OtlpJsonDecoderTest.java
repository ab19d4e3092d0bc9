package dev.vigil.decode.otlp;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.vigil.decode.otlp.OtlpSamples.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpJsonDecoderTest {
    private static final long EXAMPLE_TIME = 1544712660300L;
    private final OtlpJsonDecoder decoder = new OtlpJsonDecoder(DecoderOptions.defaults());

    private CollectingOutput decode(String json) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        decoder.decode(json, RECEIVED, out);
        return out;
    }

    /** One log record in a resource naming the host and service, with the given record fields. */
    private static String log(String recordFields) {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"web-1\"}},"
                + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"sshd\"}}]},"
                + "\"scopeLogs\":[{\"logRecords\":[{" + recordFields + "}]}]}]}";
    }

    /** One metric in a resource naming the host. */
    private static String metric(String metric) {
        return "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"db-2\"}},"
                + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"pg\"}},{\"key\":\"process.pid\",\"value\":{\"intValue\":\"42\"}}]},"
                + "\"scopeMetrics\":[{\"metrics\":[" + metric + "]}]}]}";
    }

    @Test
    void readsTheOfficialLogsExample() throws Exception {
        CollectingOutput out = decode(OtlpSamples.compact("logs.json"));
        LogRecord r = out.logs.get(0);
        assertThat(out.logs).hasSize(1);
        assertThat(r.time()).isEqualTo(EXAMPLE_TIME);
        assertThat(r.host()).isEqualTo("unknown");
        assertThat(r.app()).isEqualTo("my.service");
        assertThat(r.severity()).isEqualTo("notice");
        assertThat(r.message()).isEqualTo("Example log record");
        assertThat(r.attributes())
                .containsEntry("service.name", "my.service")
                .containsEntry("otel.scope.name", "my.library")
                .containsEntry("otel.scope.version", "1.0.0")
                .containsEntry("string.attribute", "some string")
                .containsEntry("boolean.attribute", "true")
                .containsEntry("int.attribute", "10")
                .containsEntry("double.attribute", "637.704")
                .containsEntry("array.attribute", "[\"many\",\"values\"]")
                .containsEntry("map.attribute", "{\"some.map.key\":\"some value\"}")
                .containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                .containsEntry("span_id", "eee19b7ec3c1b174");
        assertThat(out.security).isEmpty();
    }

    @Test
    void readsTheOfficialMetricsExample() throws Exception {
        CollectingOutput out = decode(OtlpSamples.compact("metrics.json"));
        assertThat(out.metrics).extracting(MetricSample::name).containsExactly(
                "my_counter", "my_gauge", "my_histogram_count", "my_histogram_sum", "my_histogram_bucket", "my_histogram_bucket",
                "my_exponential_histogram_count", "my_exponential_histogram_sum");
        assertThat(out.metrics).extracting(MetricSample::value).containsExactly(5.0, 10.0, 2.0, 2.0, 1.0, 2.0, 3.0, 10.0);
        assertThat(out.metrics).allSatisfy(m -> {
            assertThat(m.time()).isEqualTo(EXAMPLE_TIME);
            assertThat(m.host()).isEqualTo("unknown");
            assertThat(m.labels()).containsEntry("service_name", "my.service").containsEntry("otel_scope_name", "my.library")
                    .containsEntry("otel_scope_version", "1.0.0");
        });
        // The example's sum and histograms are delta (aggregationTemporality 1): marked, and no _total.
        assertThat(out.metrics.get(0).labels()).containsEntry("otel_temporality", "delta").containsEntry("my_counter_attr", "some value");
        assertThat(out.metrics.get(1).labels()).doesNotContainKey("otel_temporality").containsEntry("my_gauge_attr", "some value");
        assertThat(out.metrics.get(4).labels()).containsEntry("le", "1").containsEntry("otel_temporality", "delta");
        assertThat(out.metrics.get(5).labels()).containsEntry("le", "+Inf");
    }

    @Test
    void aMonotonicCumulativeSumIsACounterNamedTotal() throws Exception {
        CollectingOutput out = decode(metric("{\"name\":\"http.server.requests\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,"
                + "\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asInt\":\"1234567890123\","
                + "\"attributes\":[{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/api\"}}]}]}},"
                + "{\"name\":\"queue.depth\",\"sum\":{\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_CUMULATIVE\",\"isMonotonic\":false,"
                + "\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asDouble\":7}]}}"));
        MetricSample counter = out.metrics.get(0);
        assertThat(counter.name()).isEqualTo("http_server_requests_total");
        assertThat(counter.value()).isEqualTo(1234567890123.0);
        assertThat(counter.host()).isEqualTo("db-2");
        // process.pid changes with every restart: not a label.
        assertThat(counter.labels()).containsExactly(Map.entry("http_route", "/api"), Map.entry("service_name", "pg"));
        assertThat(out.metrics.get(1).name()).isEqualTo("queue_depth");
        assertThat(out.metrics.get(1).labels()).doesNotContainKey("otel_temporality");
    }

    @Test
    void aSummaryGivesCountSumAndQuantiles() throws Exception {
        CollectingOutput out = decode(metric("{\"name\":\"rpc.latency\",\"summary\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\","
                + "\"count\":\"10\",\"sum\":5.5,\"quantileValues\":[{\"quantile\":0.5,\"value\":0.4},{\"quantile\":0.99,\"value\":1.2}]}]}}"));
        assertThat(out.metrics).extracting(MetricSample::name).containsExactly("rpc_latency_count", "rpc_latency_sum", "rpc_latency", "rpc_latency");
        assertThat(out.metrics.get(3).labels()).containsEntry("quantile", "0.99");
        assertThat(out.metrics.get(3).value()).isEqualTo(1.2);
    }

    @Test
    void aPointWithNoRecordedValueIsSkipped() throws Exception {
        CollectingOutput out = decode(metric("{\"name\":\"up\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"flags\":1},"
                + "{\"timeUnixNano\":\"1544712660300000000\",\"asDouble\":1}]}}"));
        assertThat(out.metrics).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
    }

    @Test
    void anSshdLogRecordAlsoGivesItsSecurityFact() throws Exception {
        CollectingOutput out = decode(log("\"timeUnixNano\":\"1544712660300000000\",\"severityNumber\":9,"
                + "\"body\":{\"stringValue\":\"Failed password for root from 198.51.100.7 port 4242 ssh2\"},"
                + "\"attributes\":[{\"key\":\"process.pid\",\"value\":{\"intValue\":812}}]"));
        LogRecord r = out.logs.get(0);
        assertThat(r.host()).isEqualTo("web-1");
        assertThat(r.app()).isEqualTo("sshd");
        assertThat(r.pid()).isEqualTo(812);
        assertThat(r.attributes()).doesNotContainKey("host.name");
        assertThat(out.security).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("auth_failure");
            assertThat(e.sourceIp()).isEqualTo("198.51.100.7");
            assertThat(e.host()).isEqualTo("web-1");
        });
    }

    @Test
    void timeFallsBackToObservedThenToTheReceiveTime() throws Exception {
        assertThat(decode(log("\"observedTimeUnixNano\":\"1544712660400000000\",\"body\":{\"stringValue\":\"a\"}")).logs.get(0).time())
                .isEqualTo(1544712660400L);
        assertThat(decode(log("\"body\":{\"stringValue\":\"a\"}")).logs.get(0).time()).isEqualTo(RECEIVED);
    }

    @Test
    void aStructuredBodyIsKeptAsJsonAndNoBodyIsAnEmptyMessage() throws Exception {
        assertThat(decode(log("\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"MESSAGE\",\"value\":{\"stringValue\":\"hi\"}},"
                + "{\"key\":\"n\",\"value\":{\"intValue\":\"3\"}},{\"key\":\"b\",\"value\":{\"bytesValue\":\"AAE=\"}}]}}")).logs.get(0).message())
                .isEqualTo("{\"MESSAGE\":\"hi\",\"n\":3,\"b\":\"AAE=\"}");
        assertThat(decode(log("\"severityText\":\"WARN\"")).logs.get(0)).satisfies(r -> {
            assertThat(r.message()).isEmpty();
            assertThat(r.severity()).isEqualTo("warning");
        });
    }

    @Test
    void structuredValuesRenderAsValidJsonWhateverTheirCharacters() throws Exception {
        String message = decode(log("\"body\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"q\\\"b\\\\n\\nt\\t\\u0001\"},"
                + "{\"doubleValue\":\"NaN\"},{\"boolValue\":false},{\"doubleValue\":1.5},{}]}}")).logs.get(0).message();
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(message);
        assertThat(parsed.get(0).textValue()).isEqualTo("q\"b\\n\nt\t\u0001");
        assertThat(parsed.get(1).textValue()).isEqualTo("NaN");
        assertThat(parsed.get(2).booleanValue()).isFalse();
        assertThat(parsed.get(3).doubleValue()).isEqualTo(1.5);
        assertThat(parsed.get(4).isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1,debug", "5,debug", "8,debug", "9,info", "10,notice", "12,info", "13,warning", "16,warning",
        "17,err", "18,crit", "19,alert", "20,err", "21,emerg", "24,emerg"})
    void severityNumbersMapOntoSyslogSeverities(int number, String keyword) throws Exception {
        assertThat(decode(log("\"severityNumber\":" + number + ",\"body\":{\"stringValue\":\"x\"}")).logs.get(0).severity()).isEqualTo(keyword);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"resourceSpans\":[]}|JSON object is neither OTLP LogsData ('resourceLogs') nor MetricsData ('resourceMetrics')",
        "{\"resourceLogs\":[],\"resourceMetrics\":[]}|has both",
        "[1]|expected a JSON object, got ARRAY",
        "{\"resourceLogs\":[|malformed JSON",
        "{\"resourceLogs\":{}}|field 'resourceLogs' at column 17 must be an array, was OBJECT",
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"soon\"}]}]}]}|field 'timeUnixNano' at column 63: 'soon' is not an unsigned 64-bit integer",
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1000\"}]}]}]}|field 'timeUnixNano': 1970-01-01T00:00:00Z is before",
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":30}]}]}]}|field 'severityNumber': 30 is not from 0 to 24",
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz1\"}]}]}]}|field 'traceId' at column 58: 'xyz1' is not hex",
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":\"text\"}]}]}]}|field 'body' at column 55 must be an object, was STRING",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\"}]}}]}]}]}|field 'asDouble' of a data point of metric 'm' is missing",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"asDouble\":1}]}}]}]}]}|field 'timeUnixNano' of a data point of metric 'm' is missing",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asDouble\":\"NaN\"}]}}]}]}]}|field 'asDouble' of metric 'm': NaN is not a finite number",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asInt\":\"1.5\"}]}}]}]}]}|field 'asInt' at column 131: '1.5' is not a 64-bit integer",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"sum\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asInt\":\"1\"}]}}]}]}]}|field 'aggregationTemporality' of metric 'm' is AGGREGATION_TEMPORALITY_UNSPECIFIED",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"histogram\":{\"aggregationTemporality\":2,\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"count\":\"2\",\"bucketCounts\":[\"1\",\"1\"]}]}}]}]}]}|field 'bucketCounts' of metric 'm': 2 counts for 0 bounds",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"...\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asInt\":\"1\"}]}}]}]}]}|field 'name': '...' has nothing valid in a metric name",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[]}}]}]}]}|field 'name' of a metric is missing",
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"sum\":{\"aggregationTemporality\":\"SOMETIMES\"}}]}]}]}|field 'aggregationTemporality' at column 94: 'SOMETIMES' is not a known value",
    })
    void rejectsBadRecordsNamingTheField(String json, String reason) {
        CollectingOutput out = new CollectingOutput();
        assertThatThrownBy(() -> decoder.decode(json, RECEIVED, out))
                .isInstanceOf(DecodeException.class).hasMessageContaining(reason);
        assertThat(out.events()).isZero();
    }

    @Test
    void oneBadDataPointRejectsTheWholeRecordAndEmitsNothing() {
        String json = metric("{\"name\":\"good\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\",\"asDouble\":1},"
                + "{\"timeUnixNano\":\"1544712660300000000\",\"asDouble\":2}]}},"
                + "{\"name\":\"bad\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1544712660300000000\"}]}}");
        CollectingOutput out = new CollectingOutput();
        assertThatThrownBy(() -> decoder.decode(json, RECEIVED, out)).isInstanceOf(DecodeException.class).hasMessageContaining("'bad'");
        assertThat(out.events()).isZero();
    }

    @Test
    void unknownFieldsAreIgnoredAsOtlpJsonRequires() throws Exception {
        CollectingOutput out = decode("{\"future\":{\"a\":[1,2]},\"resourceLogs\":[{\"entityRefs\":[],\"scopeLogs\":[{\"logRecords\":"
                + "[{\"newField\":\"x\",\"body\":{\"stringValue\":\"ok\",\"newKind\":1}}]}]}]}");
        assertThat(out.logs).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("ok"));
    }

    @Test
    void aOneMebibyteBodyIsReadWhole() throws Exception {
        String big = "b".repeat(1 << 20);
        assertThat(decode(log("\"body\":{\"stringValue\":\"" + big + "\"}")).logs.get(0).message()).hasSize(1 << 20);
    }

    @Test
    void isRegisteredAndRunsThroughRecordDecoder() throws Exception {
        RecordDecoder record = new RecordDecoder(Decoders.create("otlp-json", DecoderOptions.defaults()), "logs", 1 << 20);
        CollectingOutput out = new CollectingOutput();
        assertThat(record.decode(OtlpSamples.compact("logs.json").getBytes(StandardCharsets.UTF_8), "t", 0, 1, RECEIVED, out)).isTrue();
        assertThat(out.logs).hasSize(1);
        assertThat(out.security).extracting(SecurityEvent::action).isEmpty();
    }
}
