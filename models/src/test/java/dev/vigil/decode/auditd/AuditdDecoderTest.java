package dev.vigil.decode.auditd;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditdDecoderTest {
    private static final long RECEIVED = java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private final AuditdDecoder decoder = new AuditdDecoder(DecoderOptions.defaults());

    private static List<String> sample(String name) throws IOException {
        try (InputStream in = AuditdDecoderTest.class.getResourceAsStream("/agents/auditd/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }
    }

    private CollectingOutput decodeAll(List<String> lines) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        for (String line : lines) {
            decoder.decode(line, RECEIVED, out);
        }
        return out;
    }

    private static List<SecurityEvent> records(CollectingOutput out) {
        return out.security.stream().filter(e -> e.action().equals("audit_record")).collect(Collectors.toList());
    }

    @Test
    void anExecveEventAssemblesIntoAProcessExecWithArgsCwdAndUsers() throws Exception {
        List<SecurityEvent> records = records(decodeAll(sample("execve.log")));
        assertThat(records).hasSize(6);
        List<SecurityEvent> derived = AuditEvents.assemble(records);
        assertThat(derived).hasSize(1);
        SecurityEvent exec = derived.get(0);
        assertThat(exec.action()).isEqualTo("process_exec");
        assertThat(exec.time()).isEqualTo(1492037291036L);
        assertThat(exec.process()).isEqualTo("grep");
        assertThat(exec.attributes())
                .containsEntry("process.executable", "/usr/bin/grep")
                .containsEntry("process.command_line", "grep --color=auto mapping")
                .containsEntry("process.args_count", "3")
                .containsEntry("process.pid", "13393")
                .containsEntry("process.parent.pid", "12041")
                .containsEntry("process.working_directory", "/home/andrew_kroh")
                .containsEntry("user.id", "1000")
                .containsEntry("user.audit.id", "1000")
                .containsEntry("auditd.key", "user_commands");
    }

    @Test
    void syscallNumbersAreNamedAndArgumentsAreTheRecordsOwn() throws Exception {
        SecurityEvent syscall = records(decodeAll(sample("execve.log"))).get(0);
        assertThat(syscall.attributes())
                .containsEntry("auditd.type", "SYSCALL")
                .containsEntry("auditd.syscall", "59")
                .containsEntry("auditd.SYSCALL", "execve")
                .containsEntry("auditd.a0", "1522170");
        SecurityEvent execve = records(decodeAll(sample("execve.log"))).get(1);
        assertThat(execve.attributes()).containsEntry("auditd.a0", "grep").containsEntry("auditd.a2", "mapping");
    }

    @Test
    void hexEncodedValuesAreDecodedOnlyWhereTheKernelEncodes() throws Exception {
        CollectingOutput out = decodeAll(sample("beats-test.log"));
        SecurityEvent charon = records(out).stream().filter(e -> "18877199".equals(e.attributes().get("auditd.sequence"))).findFirst().orElseThrow();
        assertThat(charon.attributes()).containsEntry("process.executable", "/usr/libexec/strongswan/charon (deleted)")
                .containsEntry("auditd.a1", "7f564b2672a0");
        SecurityEvent hexArg = records(decodeAll(sample("execve-hex-arg.log"))).get(0);
        assertThat(hexArg.attributes()).containsEntry("auditd.a2", "echo \\\"arg hex encoded\\\"")
                .containsEntry("process.command_line", "sh -c echo \\\"arg hex encoded\\\"");
        SecurityEvent proctitle = records(out).stream().filter(e -> "194440".equals(e.attributes().get("auditd.sequence"))).findFirst().orElseThrow();
        assertThat(proctitle.attributes()).containsEntry("process.title", "sshd: burn [priv]");
    }

    @Test
    void userSpacePayloadsGiveTheFactsSyslogGives() throws Exception {
        CollectingOutput out = decodeAll(sample("useradd.log"));
        assertThat(records(out)).hasSize(8);
        List<SecurityEvent> facts = out.security.stream().filter(e -> !e.action().equals("audit_record")).collect(Collectors.toList());
        assertThat(facts).extracting(SecurityEvent::action)
                .containsExactly("group_added", "user_added", "password_changed", "auth_success");
        assertThat(facts.get(2).targetUser()).isEqualTo("charlie");
        assertThat(facts.get(0).sourceIp()).isEqualTo("127.0.0.1");
        SecurityEvent sudo = decodeAll(sample("beats-test.log")).security.stream()
                .filter(e -> e.action().equals("sudo")).findFirst().orElseThrow();
        assertThat(sudo.attributes().get("command")).startsWith("/usr/lib64/nagios/plugins/check_asterisk_sip_peers -p");
    }

    @Test
    void theNodePrefixNamesTheHost() throws Exception {
        CollectingOutput out = decodeAll(sample("cent7-node.log"));
        assertThat(out.security).allSatisfy(e -> assertThat(e.host()).isEqualTo("localhost.localdomain"));
        assertThat(out.security).extracting(SecurityEvent::action).contains("unit_started");
    }

    @Test
    void theEnrichedFormatKeepsInterpretedFieldsUnderUpperCaseNames() throws Exception {
        String line = "type=SYSCALL msg=audit(1764489600.123:77): arch=c000003e syscall=101 success=yes exit=0 a0=10 a1=4d2 "
                + "a2=0 a3=0 items=0 ppid=900 pid=901 auid=1000 uid=1000 comm=\"gdb\" exe=\"/usr/bin/gdb\" key=(null)"
                + "\u001dARCH=x86_64 SYSCALL=ptrace AUID=\"alice\" UID=\"alice\"";
        CollectingOutput out = new CollectingOutput();
        decoder.decode(line, RECEIVED, out);
        SecurityEvent e = out.security.get(0);
        assertThat(e.attributes()).containsEntry("auditd.SYSCALL", "ptrace").containsEntry("auditd.AUID", "alice")
                .containsEntry("auditd.key", "(null)").doesNotContainKey("auditd.keyEnriched");
        assertThat(e.user()).isEqualTo("alice");
    }

    @Test
    void truncatedAndMalformedLinesNameWhatIsWrong() {
        assertThatThrownBy(() -> decoder.decode("type=SYSCALL msg=audit(1492037291.036", RECEIVED, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("'msg'");
        assertThatThrownBy(() -> decoder.decode("type=EXECVE msg=audit(1492037291.036:59): argc=2 a0=\"gre", RECEIVED, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("field 'a0'");
        assertThatThrownBy(() -> decoder.decode("hello world", RECEIVED, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("type=");
        assertThatThrownBy(() -> decoder.decode("type=EOE msg=audit(12x.5:3):", RECEIVED, new CollectingOutput()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("msg time");
    }

    @Test
    void aLineOfOneMebibyteWithASplitArgumentIsReadWhole() throws Exception {
        StringBuilder hex = new StringBuilder();
        String piece = "41".repeat(4096);
        StringBuilder line = new StringBuilder("type=EXECVE msg=audit(1764489600.5:9): argc=2 a0=\"cat\" a1_len=524288");
        for (int i = 0; i < 128; i++) {
            line.append(" a1[").append(i).append("]=").append(piece);
            hex.append(piece);
        }
        assertThat(line.length()).isGreaterThan(1 << 20);
        RecordDecoder record = new RecordDecoder(Decoders.create("auditd", DecoderOptions.defaults()), "security", 2 << 20);
        CollectingOutput out = new CollectingOutput();
        assertThat(record.decode(line.toString().getBytes(StandardCharsets.UTF_8), "t", 0, 0, RECEIVED, out)).isTrue();
        assertThat(out.security.get(0).attributes().get("auditd.a1")).hasSize(128 * 4096).matches("A+");
        assertThat(out.security.get(0).attributes()).doesNotContainKey("auditd.a1_len");
    }

    @Test
    void autoDetectsAuditLines() throws Exception {
        RecordDecoder auto = new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults()), "security", 1 << 20);
        CollectingOutput out = new CollectingOutput();
        for (String line : sample("cent7-node.log")) {
            auto.decode(line.getBytes(StandardCharsets.UTF_8), "t", 0, 0, RECEIVED, out);
        }
        assertThat(out.deadLetters).isEmpty();
        assertThat(records(out)).hasSize(10);
    }

    @Test
    void everyRealSampleLineDecodes() throws Exception {
        List<String> all = new ArrayList<>();
        for (String f : List.of("execve.log", "beats-test.log", "cent7-node.log", "useradd.log", "execve-hex-arg.log")) {
            all.addAll(sample(f));
        }
        CollectingOutput out = decodeAll(all);
        assertThat(records(out)).hasSize(all.size());
    }

    @Test
    void aFailedExecAndAnExitGiveNoProcessButTheExitNamesItsPid() throws Exception {
        CollectingOutput out = new CollectingOutput();
        decoder.decode("type=SYSCALL msg=audit(1764489600.100:5): arch=c000003e syscall=59 success=no exit=-2 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=50 uid=0 comm=\"sh\" exe=\"/usr/bin/dash\" key=(null)", RECEIVED, out);
        assertThat(AuditEvents.assemble(out.security)).isEmpty();
        CollectingOutput exit = new CollectingOutput();
        decoder.decode("type=SYSCALL msg=audit(1764489600.200:6): arch=c000003e syscall=231 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=50 uid=0 comm=\"sh\" exe=\"/usr/bin/dash\" key=\"exits\"", RECEIVED, exit);
        assertThat(AuditEvents.exitedPid(exit.security)).isEqualTo(50);
    }

    @Test
    void aCreatedPathIsAFileChangeResolvedAgainstTheWorkingDirectory() throws Exception {
        CollectingOutput out = decodeAll(List.of(
                "type=SYSCALL msg=audit(1764489600.300:7): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6 items=2 ppid=10 pid=11 auid=1000 uid=0 comm=\"tee\" exe=\"/usr/bin/tee\" key=\"cron\"",
                "type=CWD msg=audit(1764489600.300:7): cwd=\"/etc/cron.d\"",
                "type=PATH msg=audit(1764489600.300:7): item=0 name=\"/etc/cron.d\" inode=1 dev=08:01 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT",
                "type=PATH msg=audit(1764489600.300:7): item=1 name=\"evil\" inode=2 dev=08:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE"));
        List<SecurityEvent> derived = AuditEvents.assemble(out.security);
        assertThat(derived).hasSize(1);
        assertThat(derived.get(0).action()).isEqualTo("file_changed");
        assertThat(derived.get(0).attributes()).containsEntry("file.path", "/etc/cron.d/evil")
                .containsEntry("process.executable", "/usr/bin/tee").containsEntry("auditd.key", "cron");
    }

    @Test
    void recordsCarryFilebeatsActionVerbs() throws Exception {
        List<SecurityEvent> records = records(decodeAll(sample("execve.log")));
        assertThat(records.get(0).attributes()).containsEntry("event.action", "executed");
        assertThat(records.get(1).attributes()).containsEntry("event.action", "execve");
        assertThat(AuditTables.action("USER_CMD", null)).isEqualTo("ran-command");
        assertThat(AuditTables.syscallName("c00000b7", "221")).isEqualTo("execve");
        assertThat(AuditTables.syscallName("c000003e", "101")).isEqualTo("ptrace");
        assertThat(AuditTables.syscallName("40000003", "11")).isNull();
    }
}
