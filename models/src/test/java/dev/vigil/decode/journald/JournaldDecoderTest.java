package dev.vigil.decode.journald;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournaldDecoderTest {
    private static final long RECEIVED = Instant.parse("2024-07-02T00:00:00Z").toEpochMilli();
    private final JournaldDecoder decoder = new JournaldDecoder(DecoderOptions.defaults());

    /** The beats fixture is a pretty-printed array; journalctl and Kafka carry one compact object per record. */
    private static List<String> beatsEntries() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = JournaldDecoderTest.class.getResourceAsStream("/agents/journald/beats-corner-cases.json")) {
            List<String> lines = new ArrayList<>();
            for (JsonNode entry : mapper.readTree(in)) {
                lines.add(mapper.writeValueAsString(entry));
            }
            return lines;
        }
    }

    private CollectingOutput decode(String line) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        decoder.decode(line, RECEIVED, out);
        return out;
    }

    @Test
    void readsTheCoredumpEntryWithItsHugeAndNullFields() throws Exception {
        String line = beatsEntries().get(0);
        assertThat(line).doesNotContain("\n");
        LogRecord r = decode(line).logs.get(0);
        assertThat(r.time()).isEqualTo(1719834246841L);
        assertThat(r.host()).isEqualTo("millennium-falcon");
        assertThat(r.app()).isEqualTo("systemd-coredump");
        assertThat(r.pid()).isEqualTo(3740);
        assertThat(r.severity()).isEqualTo("crit");
        assertThat(r.message()).startsWith("Process 3717 (kdeconnectd) of user 1000 dumped core.\n\nStack trace of thread 3717:");
        assertThat(r.attributes())
                .containsEntry("systemd.unit", "systemd-coredump@0-3732-0.service")
                .containsEntry("journald.transport", "journal")
                .containsEntry("journald.boot_id", "62c460d8931346bf85d24dfe22d2d2fb")
                .doesNotContainKeys("syslog.facility", "systemd.user_unit");
    }

    @Test
    void readsAByteArrayMessageAsUtf8() throws Exception {
        LogRecord r = decode(beatsEntries().get(1)).logs.get(0);
        assertThat(r.message()).startsWith("Unable to parse indicator");
        assertThat(r.app()).isEqualTo("pulseaudio");
        assertThat(r.pid()).isEqualTo(3728);
        assertThat(r.severity()).isEqualTo("err");
        assertThat(r.time()).isEqualTo(1719859366807L);
        assertThat(r.attributes()).containsEntry("systemd.user_unit", "pulseaudio.service")
                .containsEntry("systemd.unit", "user@1000.service");
    }

    @Test
    void anSshdFailedPasswordGivesALogRecordAndAnAuthFailure() throws Exception {
        CollectingOutput out = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"_HOSTNAME\":\"bastion\","
                + "\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"812\",\"PRIORITY\":\"6\",\"SYSLOG_FACILITY\":\"4\","
                + "\"_TRANSPORT\":\"syslog\",\"_SYSTEMD_UNIT\":\"ssh.service\",\"_COMM\":\"sshd\","
                + "\"MESSAGE\":\"Failed password for root from 198.51.100.7 port 4242 ssh2\"}");
        LogRecord r = out.logs.get(0);
        assertThat(r.app()).isEqualTo("sshd");
        assertThat(r.pid()).isEqualTo(812);
        assertThat(r.severity()).isEqualTo("info");
        assertThat(r.attributes()).containsEntry("syslog.facility", "auth").containsEntry("systemd.unit", "ssh.service");
        SecurityEvent e = out.security.get(0);
        assertThat(out.security).hasSize(1);
        assertThat(e.action()).isEqualTo("auth_failure");
        assertThat(e.outcome()).isEqualTo("failure");
        assertThat(e.user()).isEqualTo("root");
        assertThat(e.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(e.sourcePort()).isEqualTo(4242);
        assertThat(e.host()).isEqualTo("bastion");
        assertThat(e.time()).isEqualTo(1719834246841L);
    }

    @Test
    void invalidUtf8AndNulBytesInAByteArrayBecomeReplacementCharacters() throws Exception {
        LogRecord r = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":[72,105,255,0,27,91,49,109]}").logs.get(0);
        assertThat(r.message()).isEqualTo("Hi\uFFFD\uFFFD\u001b[1m");
    }

    @Test
    void nullFieldsCountAsAbsent() throws Exception {
        LogRecord r = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"_HOSTNAME\":null,\"SYSLOG_IDENTIFIER\":null,"
                + "\"_COMM\":\"cron\",\"PRIORITY\":null,\"_PID\":null,\"SYSLOG_PID\":\"77\",\"MESSAGE\":\"hello\"}").logs.get(0);
        assertThat(r.host()).isEqualTo("unknown");
        assertThat(r.app()).isEqualTo("cron");
        assertThat(r.severity()).isEqualTo("info");
        assertThat(r.pid()).isEqualTo(77);
    }

    @Test
    void aRepeatedFieldJoinsMessagesAndTakesTheFirstOfOthers() throws Exception {
        LogRecord r = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"SYSLOG_IDENTIFIER\":[\"app\",\"other\"],"
                + "\"MESSAGE\":[\"one\",[116,119,111],null,\"three\"]}").logs.get(0);
        assertThat(r.app()).isEqualTo("app");
        assertThat(r.message()).isEqualTo("one\ntwo\nthree");
    }

    @Test
    void withoutRealtimeTheSourceTimestampIsTheTimeAndTheUnitIsTheLastAppChoice() throws Exception {
        LogRecord r = decode("{\"_SOURCE_REALTIME_TIMESTAMP\":\"1719834246000999\",\"_SYSTEMD_UNIT\":\"nginx.service\","
                + "\"MESSAGE\":\"started\"}").logs.get(0);
        assertThat(r.time()).isEqualTo(1719834246000L);
        assertThat(r.app()).isEqualTo("nginx.service");
    }

    @Test
    void aSystemdUnitFailureIsASecurityFactAsInSyslog() throws Exception {
        CollectingOutput out = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\","
                + "\"PRIORITY\":\"4\",\"MESSAGE\":\"nginx.service: Failed with result 'exit-code'.\"}");
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("unit_failed");
        assertThat(out.security.get(0).process()).isEqualTo("nginx.service");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\"}|field 'MESSAGE' is missing",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":null}|field 'MESSAGE' is missing",
        "{\"MESSAGE\":\"x\"}|field '__REALTIME_TIMESTAMP' is missing",
        "{\"__REALTIME_TIMESTAMP\":\"soon\",\"MESSAGE\":\"x\"}|field '__REALTIME_TIMESTAMP': 'soon' is not microseconds",
        "{\"__REALTIME_TIMESTAMP\":\"1000\",\"MESSAGE\":\"x\"}|field '__REALTIME_TIMESTAMP': 1970-01-01T00:00:00.001Z is before",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"x\",\"PRIORITY\":\"9\"}|field 'PRIORITY': '9' is not a syslog priority",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"x\",\"SYSLOG_FACILITY\":\"99\"}|field 'SYSLOG_FACILITY': '99'",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":[72,256]}|field 'MESSAGE': byte array holds 256 at index 1",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":{\"a\":1}}|field 'MESSAGE' must be a string or an array of byte values, was OBJECT",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"x\"|malformed JSON",
        "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"x\"} {}|content after the object",
        "[1,2,3]|expected a JSON object, got ARRAY",
        "\"MESSAGE\"|expected a JSON object, got STRING",
        "Jul 01 12:00:00 host sshd[1]: hello|malformed JSON",
    })
    void rejectsBadEntriesNamingTheField(String line, String reason) {
        CollectingOutput out = new CollectingOutput();
        assertThatThrownBy(() -> decoder.decode(line, RECEIVED, out))
                .isInstanceOf(DecodeException.class).hasMessageContaining(reason);
        assertThat(out.events()).isZero();
    }

    @Test
    void aOneMebibyteMessageIsReadWhole() throws Exception {
        String big = "x".repeat(1 << 20);
        LogRecord r = decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"" + big + "\"}").logs.get(0);
        assertThat(r.message()).hasSize(1 << 20);
        // An unread field of that size is skipped.
        assertThat(decode("{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"COREDUMP\":\"" + big + "\",\"MESSAGE\":\"m\"}")
                .logs.get(0).message()).isEqualTo("m");
    }

    @Test
    void isRegisteredAndRunsThroughRecordDecoder() {
        RecordDecoder record = new RecordDecoder(Decoders.create("journald", DecoderOptions.defaults()), "logs", 1 << 20);
        CollectingOutput out = new CollectingOutput();
        byte[] raw = "{\"__REALTIME_TIMESTAMP\":\"1719834246841951\",\"MESSAGE\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(record.decode(raw, "t", 0, 1, RECEIVED, out)).isTrue();
        assertThat(out.logs).hasSize(1);
        assertThat(Decoders.names()).contains("journald", "influx", "otlp-json", "otlp-proto");
    }
}
