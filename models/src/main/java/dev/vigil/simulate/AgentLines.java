package dev.vigil.simulate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes process executions as the agents on a Linux host record them: the audit.log records of an
 * execve (SYSCALL, EXECVE, CWD, PATH, PROCTITLE, EOE, as auditd 3 writes them with {@code -a always,exit
 * -F arch=b64 -S execve}), and Sysmon for Linux's EventID 1, 3 and 11 in a syslog line. Used by the
 * simulator (the intrusion scenarios' commands) and the attack-set evaluation.
 */
public final class AgentLines {
    private static final DateTimeFormatter SYSMON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One process execution.
     *
     * @param host the host (audit's node=, Sysmon's Computer)
     * @param time event time, epoch millis
     * @param pid  its pid
     * @param ppid its parent's pid
     * @param uid  the user's id (audit), with user its name (Sysmon)
     * @param user the user's name
     * @param cwd  working directory
     * @param exe  the executable's absolute path
     * @param argv the arguments, argv[0] first
     */
    public record Exec(String host, long time, int pid, int ppid, int uid, String user, String cwd, String exe, List<String> argv) {
        public Exec {
            argv = List.copyOf(argv);
        }

        public String commandLine() {
            return String.join(" ", argv);
        }
    }

    private AgentLines() {}

    /** The audit.log records of an execve, with {@code node=} and the serial given. */
    public static List<String> auditExec(Exec e, long serial, String key) {
        String msg = "msg=audit(" + (e.time() / 1000) + "." + String.format(Locale.ROOT, "%03d", e.time() % 1000) + ":" + serial + "):";
        String node = "node=" + e.host() + " ";
        String comm = basename(e.exe());
        if (comm.length() > 15) {
            comm = comm.substring(0, 15); // the kernel's TASK_COMM_LEN
        }
        List<String> lines = new ArrayList<>(7);
        lines.add(node + "type=SYSCALL " + msg + " arch=c000003e syscall=59 success=yes exit=0 a0=55d1c2a3b4c0 a1=55d1c2a3b6e0 "
                + "a2=55d1c2a3b900 a3=8 items=2 ppid=" + e.ppid() + " pid=" + e.pid() + " auid=" + e.uid() + " uid=" + e.uid()
                + " gid=" + e.uid() + " euid=" + e.uid() + " suid=" + e.uid() + " fsuid=" + e.uid() + " egid=" + e.uid()
                + " sgid=" + e.uid() + " fsgid=" + e.uid() + " tty=(none) ses=4 comm=" + value(comm) + " exe=" + value(e.exe())
                + " subj=unconfined key=" + (key == null ? "(null)" : "\"" + key + "\""));
        StringBuilder execve = new StringBuilder(node + "type=EXECVE " + msg + " argc=" + e.argv().size());
        for (int i = 0; i < e.argv().size(); i++) {
            execve.append(" a").append(i).append('=').append(value(e.argv().get(i)));
        }
        lines.add(execve.toString());
        lines.add(node + "type=CWD " + msg + " cwd=" + value(e.cwd()));
        lines.add(node + "type=PATH " + msg + " item=0 name=" + value(e.exe()) + " inode=1835021 dev=08:01 mode=0100755 ouid=0 ogid=0 "
                + "rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
        lines.add(node + "type=PATH " + msg + " item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1835500 dev=08:01 mode=0100755 "
                + "ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
        lines.add(node + "type=PROCTITLE " + msg + " proctitle=" + hex(String.join("\0", e.argv())));
        lines.add(node + "type=EOE " + msg);
        return lines;
    }

    /** Sysmon for Linux's EventID 1 (process create) for an exec, with its parent's image and command line. */
    public static String sysmonProcessCreate(Exec e, String parentExe, String parentCommandLine) {
        return sysmon(e.host(), e.time(), 1, data("RuleName", "-") + data("UtcTime", SYSMON_TIME.format(Instant.ofEpochMilli(e.time())))
                + data("ProcessGuid", guid(e.host(), e.pid())) + data("ProcessId", Integer.toString(e.pid())) + data("Image", e.exe())
                + data("FileVersion", "-") + data("Description", "-") + data("Product", "-") + data("Company", "-")
                + data("OriginalFileName", "-") + data("CommandLine", e.commandLine()) + data("CurrentDirectory", e.cwd())
                + data("User", e.user()) + data("LogonGuid", guid(e.host(), e.uid())) + data("LogonId", Integer.toString(e.uid()))
                + data("TerminalSessionId", "4") + data("IntegrityLevel", "no level") + data("Hashes", "-")
                + data("ParentProcessGuid", guid(e.host(), e.ppid())) + data("ParentProcessId", Integer.toString(e.ppid()))
                + data("ParentImage", parentExe == null ? "-" : parentExe)
                + data("ParentCommandLine", parentCommandLine == null ? "-" : parentCommandLine) + data("ParentUser", e.user()));
    }

    /** Sysmon for Linux's EventID 3 (network connection, initiated by the process). */
    public static String sysmonNetworkConnect(Exec e, String sourceIp, int sourcePort, String destinationIp, int destinationPort) {
        return sysmon(e.host(), e.time(), 3, data("RuleName", "-") + data("UtcTime", SYSMON_TIME.format(Instant.ofEpochMilli(e.time())))
                + data("ProcessGuid", guid(e.host(), e.pid())) + data("ProcessId", Integer.toString(e.pid())) + data("Image", e.exe())
                + data("User", e.user()) + data("Protocol", "tcp") + data("Initiated", "true") + data("SourceIsIpv6", "false")
                + data("SourceIp", sourceIp) + data("SourceHostname", "-") + data("SourcePort", Integer.toString(sourcePort))
                + data("SourcePortName", "-") + data("DestinationIsIpv6", "false") + data("DestinationIp", destinationIp)
                + data("DestinationHostname", "-") + data("DestinationPort", Integer.toString(destinationPort))
                + data("DestinationPortName", "-"));
    }

    /** Sysmon for Linux's EventID 11 (file created by the process). */
    public static String sysmonFileCreate(Exec e, String target) {
        String t = SYSMON_TIME.format(Instant.ofEpochMilli(e.time()));
        return sysmon(e.host(), e.time(), 11, data("RuleName", "-") + data("UtcTime", t) + data("ProcessGuid", guid(e.host(), e.pid()))
                + data("ProcessId", Integer.toString(e.pid())) + data("Image", e.exe()) + data("TargetFilename", target)
                + data("CreationUtcTime", t) + data("User", e.user()));
    }

    private static String sysmon(String host, long time, int id, String data) {
        String stamp = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(time).atOffset(ZoneOffset.UTC));
        return stamp + " " + host + " sysmon: <Event><System><Provider Name=\"Linux-Sysmon\" Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/>"
                + "<EventID>" + id + "</EventID><Version>5</Version><Level>4</Level><Task>" + id + "</Task><Opcode>0</Opcode>"
                + "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime=\"" + Instant.ofEpochMilli(time) + "\"/>"
                + "<EventRecordID>" + (time % 100_000) + "</EventRecordID><Correlation/><Execution ProcessID=\"1150\" ThreadID=\"1150\"/>"
                + "<Channel>Linux-Sysmon/Operational</Channel><Computer>" + host + "</Computer><Security UserId=\"0\"/></System>"
                + "<EventData>" + data + "</EventData></Event>";
    }

    private static String data(String name, String value) {
        return "<Data Name=\"" + name + "\">" + xml(value) + "</Data>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static String guid(String host, int n) {
        return String.format(Locale.ROOT, "{%08x-0000-0000-0000-%012x}", host.hashCode(), n & 0xffffffffL);
    }

    /**
     * A value as the kernel logs an untrusted string: in double quotes when it is printable ASCII without
     * a double quote or a space, otherwise hex-encoded without quotes.
     */
    static String value(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"') {
                return hex(s);
            }
        }
        return "\"" + s + "\"";
    }

    private static String hex(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(b.length * 2);
        for (byte x : b) {
            out.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16))).append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
        return out.toString();
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
