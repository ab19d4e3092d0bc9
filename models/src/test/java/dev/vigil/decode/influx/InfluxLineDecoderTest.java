package dev.vigil.decode.influx;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.MetricSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxLineDecoderTest {
    private static final long RECEIVED = Instant.parse("2023-05-01T00:00:00Z").toEpochMilli();
    private final InfluxLineDecoder decoder = new InfluxLineDecoder(DecoderOptions.defaults());

    private static List<String> sample(String name) throws IOException {
        try (InputStream in = InfluxLineDecoderTest.class.getResourceAsStream("/agents/influx/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        }
    }

    private CollectingOutput decode(String... lines) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        for (String line : lines) {
            decoder.decode(line, RECEIVED, out);
        }
        return out;
    }

    private static MetricSample find(CollectingOutput out, String host, String name) {
        return out.metrics.stream().filter(m -> m.host().equals(host) && m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsTelegrafCpuAndDiskForThreeHostsFromAFileWithoutFinalNewline() throws Exception {
        List<String> lines = sample("telegraf-cpu-disk.influx");
        assertThat(lines).hasSize(5);
        CollectingOutput out = decode(lines.toArray(String[]::new));
        assertThat(out.metrics).hasSize(3 * 10 + 2 * 7);
        assertThat(out.metrics).extracting(MetricSample::host).containsOnly("Hugin", "Munin", "Thor");
        MetricSample idle = find(out, "Thor", "cpu_usage_idle");
        assertThat(idle.value()).isEqualTo(99.75000000049295);
        assertThat(idle.labels()).containsExactly(Map.entry("cpu", "cpu-total"));
        assertThat(idle.time()).isEqualTo(1678124473000L);
        MetricSample free = find(out, "Munin", "disk_free");
        assertThat(free.value()).isEqualTo(65652391936.0);
        assertThat(free.labels()).containsOnlyKeys("device", "fstype", "mode", "path").containsEntry("path", "/");
        assertThat(find(out, "Hugin", "disk_used_percent").value()).isEqualTo(90.4631722684);
    }

    @Test
    void readsPerCoreCpuWhateverTheFieldOrder() throws Exception {
        CollectingOutput out = decode(sample("telegraf-cpu-percore.influx").toArray(String[]::new));
        assertThat(out.metrics).hasSize(17 * 10);
        assertThat(out.metrics.stream().filter(m -> m.name().equals("cpu_usage_idle")).map(m -> m.labels().get("cpu")).distinct())
                .hasSize(17);
        assertThat(out.metrics).allSatisfy(m -> assertThat(m.time()).isEqualTo(1682613051000L));
    }

    @Test
    void unescapesMeasurementTagsAndFieldKeys() throws Exception {
        CollectingOutput out = decode("my\\ meas\\,ure,tag\\ key=va\\,l\\=ue\\ x,host=web\\ 1 fi\\=eld\\ one=1i 1682613051000000000");
        MetricSample s = out.metrics.get(0);
        // Telegraf's Prometheus naming: invalid characters become '_'.
        assertThat(s.name()).isEqualTo("my_meas_ure_fi_eld_one");
        assertThat(s.labels()).containsExactly(Map.entry("tag_key", "va,l=ue x"));
        assertThat(s.host()).isEqualTo("web 1");
        assertThat(s.value()).isEqualTo(1.0);
    }

    @Test
    void skipsStringFieldsEvenWithSpacesCommasAndEscapedQuotes() throws Exception {
        CollectingOutput out = decode("syslog,appname=sshd message=\"Failed password, \\\"root\\\" from a b=c\",severity_code=3i,"
                + "path=\"C:\\\\temp\\\\\",ok=true 1682613051000000000");
        assertThat(out.metrics).extracting(MetricSample::name).containsExactly("syslog_severity_code", "syslog_ok");
        assertThat(out.metrics).extracting(MetricSample::value).containsExactly(3.0, 1.0);
    }

    @Test
    void readsEveryValueType() throws Exception {
        CollectingOutput out = decode("m a=1.5,b=-2i,c=18446744073709551615u,d=t,e=FALSE,f=1e3,g=-.5,h=9223372036854775807i,"
                + "i=-9223372036854775808i,j=True,k=0u 1682613051000000000");
        assertThat(out.metrics).extracting(MetricSample::value)
                .containsExactly(1.5, -2.0, 1.8446744073709552E19, 1.0, 0.0, 1000.0, -0.5, 9.223372036854776E18,
                        -9.223372036854776E18, 1.0, 0.0);
    }

    @Test
    void withoutATimestampTheSampleIsStampedWithTheReceiveTimeAndTheDefaultHost() throws Exception {
        MetricSample s = decode("mem,region=eu available=123i").metrics.get(0);
        assertThat(s.time()).isEqualTo(RECEIVED);
        assertThat(s.host()).isEqualTo("unknown");
        assertThat(s.labels()).containsExactly(Map.entry("region", "eu"));
    }

    @Test
    void thePrometheusMeasurementIsNamedByItsFieldAlone() throws Exception {
        MetricSample s = decode("prometheus,instance=a:9100 node_load1=0.5 1682613051000000000").metrics.get(0);
        assertThat(s.name()).isEqualTo("node_load1");
    }

    @Test
    void aCommentLineIsDeadLetteredNotDropped() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decode("# a comment"))
                .isInstanceOf(dev.vigil.decode.DecodeException.class).hasMessageContaining("comment");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpu|fields: missing at position 3",
        "cpu,host=a|fields: missing at position 10",
        "'cpu,host=a '|fields: missing at position 11",
        "cpu usage|field at position 4: no '=' after the key 'usage'",
        "cpu usage=|field 'usage' at position 4: missing value",
        "cpu usage=,x=1|field 'usage' at position 4: empty value",
        "cpu =1|field at position 4: empty key",
        "cpu usage=12x|field 'usage': '12x' at position 10 is not a number, boolean or quoted string",
        "cpu usage=1.2.3|'1.2.3' at position 10 is not a number",
        "cpu usage=0x10|'0x10' at position 10 is not a number",
        "cpu usage=NaN|'NaN' at position 10 is not a number",
        "cpu usage=1e999|'1e999' at position 10 is not a finite number",
        "cpu usage=12.5i|'12.5i' at position 10 is not an integer",
        "cpu usage=9223372036854775808i|is not an integer",
        "cpu usage=-1u|'-1u' at position 10 is not an unsigned integer",
        "cpu usage=18446744073709551616u|is not an unsigned integer",
        "cpu msg=\"unterminated,usage=1|field 'msg' at position 4: string value opened at position 8 is not closed",
        "cpu,host usage=1|tag at position 4: no '=' after the key 'host'",
        "cpu,host= usage=1|tag 'host' at position 4: empty value",
        "cpu,=a usage=1|tag at position 4: empty key",
        ",host=a usage=1|measurement: empty at position 0",
        "cpu usage=1,|fields: a field is missing after the ',' at position 11",
        "cpu usage=1 soon|timestamp: 'soon' at position 12 is not an integer",
        "cpu usage=1 1682613051000000000 extra|timestamp: unexpected text after it at position 32",
        "cpu usage=1 1682613051|field 'timestamp': 1970-01-01T00:00:01.682Z is before the earliest accepted time 2000-01-01T00:00:00Z (line protocol timestamps are read as nanoseconds)",
        "cpu usage=1\"x\"|'1\"x\"' at position 10 is not a number",
    })
    void rejectsBadLinesWholeNamingTheProblem(String line, String reason) {
        CollectingOutput out = new CollectingOutput();
        assertThatThrownBy(() -> decoder.decode(line, RECEIVED, out))
                .isInstanceOf(DecodeException.class).hasMessageContaining(reason);
        assertThat(out.events()).isZero();
    }

    @Test
    void aBadFieldAfterGoodOnesRejectsTheWholeLine() {
        CollectingOutput out = new CollectingOutput();
        assertThatThrownBy(() -> decoder.decode("cpu a=1,b=2,c=oops 1682613051000000000", RECEIVED, out))
                .isInstanceOf(DecodeException.class).hasMessageContaining("field 'c'");
        assertThat(out.events()).isZero();
    }

    @Test
    void aOneMebibyteLineIsReadOrRejectedCleanly() throws Exception {
        String bigString = "big msg=\"" + "y".repeat(1 << 20) + "\",v=2 1682613051000000000";
        assertThat(decode(bigString).metrics).singleElement().satisfies(m -> assertThat(m.name()).isEqualTo("big_v"));
        String bigTag = "big,t=" + "z".repeat(1 << 20) + " v=2 1682613051000000000";
        assertThat(decode(bigTag).metrics.get(0).labels().get("t")).hasSize(1 << 20);
        String unterminated = "big msg=\"" + "y".repeat(1 << 20);
        assertThatThrownBy(() -> decode(unterminated)).isInstanceOf(DecodeException.class).hasMessageContaining("not closed");
    }

    @Test
    void isRegisteredAndRunsThroughRecordDecoder() {
        RecordDecoder record = new RecordDecoder(Decoders.create("influx", DecoderOptions.defaults()), "metrics", 1 << 20);
        CollectingOutput out = new CollectingOutput();
        assertThat(record.decode("cpu,host=a usage=1 1682613051000000000\r\n".getBytes(StandardCharsets.UTF_8), "t", 0, 1, RECEIVED, out)).isTrue();
        assertThat(out.metrics).hasSize(1);
        assertThat(record.decode("cpu usage=\n".getBytes(StandardCharsets.UTF_8), "t", 0, 2, RECEIVED, out)).isFalse();
        assertThat(out.deadLetters.get(0).reason()).contains("field 'usage'");
    }
}
