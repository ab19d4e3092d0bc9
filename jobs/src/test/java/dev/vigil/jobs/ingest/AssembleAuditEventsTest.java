package dev.vigil.jobs.ingest;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.auditd.AuditdDecoder;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AssembleAuditEventsTest {
    private static final long T0 = 1_764_489_600_000L; // 2026-11-30T08:00:00Z
    private static final long DAY = 86_400_000L;
    private static final long RECEIVED = T0 + 30 * DAY;
    private final AuditdDecoder decoder = new AuditdDecoder(DecoderOptions.defaults());
    private KeyedOneInputStreamOperatorTestHarness<String, SecurityEvent, SecurityEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(10, 7 * DAY);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SecurityEvent, SecurityEvent> harness(int cap, long ttl) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SecurityEvent, SecurityEvent> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AssembleAuditEvents(cap, ttl)), new AuditRecords.ByHost(), Types.STRING);
        h.open();
        return h;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The records of one execve (SYSCALL, EXECVE, CWD, PROCTITLE and, when eoe, EOE), as auditd writes them. */
    private static List<String> exec(long time, long serial, int ppid, int pid, String exe, boolean eoe, String... argv) {
        String ts = (time / 1000) + "." + String.format("%03d", time % 1000) + ":" + serial;
        StringBuilder args = new StringBuilder("argc=" + argv.length);
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < argv.length; i++) {
            args.append(" a").append(i).append("=\"").append(argv[i]).append('"');
            for (byte b : argv[i].getBytes()) {
                title.append(String.format("%02X", b));
            }
            if (i < argv.length - 1) {
                title.append("00");
            }
        }
        List<String> lines = new java.util.ArrayList<>(List.of(
                "node=web-01 type=SYSCALL msg=audit(" + ts + "): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=0 ppid="
                        + ppid + " pid=" + pid + " auid=1000 uid=0 gid=0 euid=0 comm=\"" + argv[0] + "\" exe=\"" + exe + "\" key=\"exec\"",
                "node=web-01 type=EXECVE msg=audit(" + ts + "): " + args,
                "node=web-01 type=CWD msg=audit(" + ts + "): cwd=\"/root\"",
                "node=web-01 type=PROCTITLE msg=audit(" + ts + "): proctitle=" + title));
        if (eoe) {
            lines.add("node=web-01 type=EOE msg=audit(" + ts + "):");
        }
        return lines;
    }

    private void feed(List<String> lines) throws Exception {
        CollectingOutput out = new CollectingOutput();
        for (String line : lines) {
            decoder.decode(line, RECEIVED, out);
        }
        for (SecurityEvent e : out.security) {
            harness.processElement(new StreamRecord<>(e, e.time()));
        }
    }

    private List<SecurityEvent> output() {
        return harness.extractOutputValues();
    }

    @Test
    void eoeClosesTheEventAtOnceAndTheChildGetsItsParentFromTheTable() throws Exception {
        feed(exec(T0, 100, 1, 500, "/usr/sbin/apache2", true, "/usr/sbin/apache2", "-k", "start"));
        // The child runs four days later: parents are long-lived services, their entry outlives any short TTL.
        feed(exec(T0 + 4 * DAY, 9000, 500, 777, "/usr/bin/dash", true, "sh", "-c", "id"));
        List<SecurityEvent> out = output();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).attributes())
                .containsEntry("process.executable", "/usr/bin/dash")
                .containsEntry("process.command_line", "sh -c id")
                .containsEntry("process.parent.executable", "/usr/sbin/apache2")
                .containsEntry("process.parent.command_line", "/usr/sbin/apache2 -k start");
    }

    @Test
    void interleavedEventsAreAssembledBySerial() throws Exception {
        List<String> a = exec(T0, 10, 1, 20, "/usr/bin/bash", true, "bash");
        List<String> b = exec(T0 + 1, 11, 20, 21, "/usr/bin/curl", true, "curl", "-s", "http://203.0.113.9/x");
        List<String> mixed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mixed.add(b.get(i));
            mixed.add(a.get(i));
        }
        feed(mixed);
        List<SecurityEvent> out = output();
        assertThat(out).extracting(e -> e.attributes().get("process.command_line"))
                .containsExactlyInAnyOrder("bash", "curl -s http://203.0.113.9/x");
    }

    @Test
    void anEventWithoutEoeClosesWhenTheWatermarkPassesIt() throws Exception {
        feed(exec(T0, 10, 1, 20, "/usr/bin/bash", false, "bash"));
        feed(exec(T0 + 5, 11, 20, 21, "/usr/bin/id", false, "id"));
        assertThat(output()).isEmpty();
        harness.processWatermark(new Watermark(T0 + 10));
        List<SecurityEvent> out = output();
        assertThat(out).hasSize(2);
        // Closed in serial order, so the child still finds its parent.
        assertThat(out.get(1).attributes()).containsEntry("process.parent.executable", "/usr/bin/bash");
    }

    @Test
    void theProcessTableEndsWithExitsAndItsTtlAndLeavesNoState() throws Exception {
        feed(exec(T0, 10, 1, 20, "/usr/bin/bash", true, "bash"));
        feed(exec(T0 + 1, 11, 1, 30, "/usr/sbin/cron", true, "cron"));
        // bash exits: its entry goes at once.
        feed(List.of("node=web-01 type=SYSCALL msg=audit(" + (T0 + 2) / 1000 + ".002:12): arch=c000003e syscall=231 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=20 uid=0 comm=\"bash\" exe=\"/usr/bin/bash\" key=(null)",
                "node=web-01 type=EOE msg=audit(" + (T0 + 2) / 1000 + ".002:12):"));
        feed(exec(T0 + 3, 13, 20, 40, "/usr/bin/id", true, "id"));
        assertThat(output().get(2).attributes()).doesNotContainKey("process.parent.executable");
        assertThat(harness.numKeyedStateEntries()).isPositive();
        // Past the time to live of everything (7 days of event time): the sweep empties the table.
        harness.processWatermark(new Watermark(T0 + 8 * DAY));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aReusedPidIsForgottenAndTheCapDropsTheLeastRecentlySeen() throws Exception {
        feed(exec(T0, 10, 1, 20, "/usr/bin/bash", true, "bash"));
        // pid 20 now runs another program without an exec we saw: the entry is stale.
        feed(List.of("node=web-01 type=SYSCALL msg=audit(" + (T0 + 1) / 1000 + ".001:11): arch=c000003e syscall=257 success=yes exit=3 a0=0 a1=0 a2=0 a3=0 items=1 ppid=1 pid=20 uid=0 comm=\"python3\" exe=\"/usr/bin/python3.11\" key=(null)",
                "node=web-01 type=EOE msg=audit(" + (T0 + 1) / 1000 + ".001:11):"));
        feed(exec(T0 + 2, 12, 20, 21, "/usr/bin/id", true, "id"));
        assertThat(output().get(output().size() - 1).attributes()).doesNotContainKey("process.parent.executable");

        for (int i = 0; i < 12; i++) {
            feed(exec(T0 + 10 + i, 100 + i, 1, 1000 + i, "/usr/bin/sleep", true, "sleep", Integer.toString(i)));
        }
        // Cap 10: the oldest went; the newest is still a parent.
        feed(exec(T0 + 100, 200, 1011, 2000, "/usr/bin/id", true, "id"));
        feed(exec(T0 + 101, 201, 1000, 2001, "/usr/bin/id", true, "id"));
        List<SecurityEvent> out = output();
        assertThat(out.get(out.size() - 2).attributes()).containsEntry("process.parent.command_line", "sleep 11");
        assertThat(out.get(out.size() - 1).attributes()).doesNotContainKey("process.parent.executable");
    }

    @Test
    void recordsOtherThanSystemCallEventsPassWithoutState() throws Exception {
        CollectingOutput out = new CollectingOutput();
        decoder.decode("type=USER_AUTH msg=audit(1764489600.000:5): pid=1 uid=0 auid=4294967295 ses=1 msg='op=PAM:authentication acct=\"bob\" exe=\"/usr/sbin/sshd\" hostname=? addr=198.51.100.4 terminal=ssh res=failed'", RECEIVED, out);
        List<SecurityEvent> fed = out.security.stream().filter(new AuditRecords()::filter).collect(Collectors.toList());
        assertThat(fed).isEmpty();
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("audit_record", "auth_failure");
    }

    @Test
    void eoeBeforeTheOtherRecordsWaitsForThemInAnyOrder() throws Exception {
        List<String> lines = exec(T0, 10, 1, 20, "/usr/bin/id", true, "id", "-u");
        List<String> shuffled = new java.util.ArrayList<>(lines);
        java.util.Collections.reverse(shuffled); // EOE first, SYSCALL last: as a batch replay may deliver one millisecond's records
        feed(shuffled.subList(0, 3));
        assertThat(output()).isEmpty();
        feed(shuffled.subList(3, shuffled.size()));
        assertThat(output()).hasSize(1);
        assertThat(output().get(0).attributes()).containsEntry("process.command_line", "id -u");
    }
}
