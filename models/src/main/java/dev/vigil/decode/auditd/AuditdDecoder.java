package dev.vigil.decode.auditd;

import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads audit.log lines ({@link AuditRecord}). Every record becomes an {@code audit_record} security
 * event carrying all its fields under {@code auditd.<field>} plus their ECS names ({@link #ECS}), which is
 * what Sigma's {@code product: linux, service: auditd} rules match. User-space records that stand alone
 * (logins, account changes, sudo commands, service starts) also give the security fact syslog would give
 * for the same action. Records of a system call event (SYSCALL, EXECVE, CWD, PATH, PROCTITLE, ... EOE) are
 * assembled into {@code process_exec} and {@code file_changed} events later, by host and serial, in the
 * job ({@link AuditEvents}), since they arrive as separate records.
 */
public final class AuditdDecoder implements Decoder {
    public static final String NAME = "auditd";
    /** Attribute prefix of the raw record fields. */
    public static final String PREFIX = "auditd.";
    public static final String TYPE = PREFIX + "type";
    public static final String SEQUENCE = PREFIX + "sequence";
    public static final String NODE = PREFIX + "node";

    /** Raw fields that also go under their ECS name (the names Filebeat's auditd module gives them). */
    static final Map<String, String> ECS = Map.ofEntries(
            Map.entry("exe", "process.executable"),
            Map.entry("pid", "process.pid"),
            Map.entry("ppid", "process.parent.pid"),
            Map.entry("uid", "user.id"),
            Map.entry("auid", "user.audit.id"),
            Map.entry("euid", "user.effective.id"),
            Map.entry("suid", "user.saved.id"),
            Map.entry("fsuid", "user.filesystem.id"),
            Map.entry("gid", "user.group.id"),
            Map.entry("egid", "user.effective.group.id"),
            Map.entry("sgid", "user.saved.group.id"),
            Map.entry("fsgid", "user.filesystem.group.id"),
            Map.entry("cwd", "process.working_directory"),
            Map.entry("proctitle", "process.title"),
            Map.entry("terminal", "user.terminal"),
            Map.entry("ses", "auditd.session"));

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** audit's unset login uid, (uid_t) -1. */
    static final String UNSET_ID = "4294967295";

    private final DecoderOptions options;

    public AuditdDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.Set<String> emits() {
        java.util.Set<String> all = new java.util.HashSet<>(java.util.Set.of(
                SecurityAction.AUDIT_RECORD.keyword(), SecurityAction.PROCESS_EXEC.keyword(), SecurityAction.FILE_CHANGED.keyword()));
        all.addAll(dev.vigil.decode.SecurityFacts.ACTIONS);
        return all;
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        AuditRecord r = AuditRecord.parse(text);
        long time = options.checkTime("msg", r.time(), receivedAt);
        String host = r.node() != null ? r.node() : options.defaultHost();
        Map<String, String> f = r.fields();
        Map<String, String> attrs = new HashMap<>(f.size() * 2 + 4);
        attrs.put(TYPE, r.type());
        attrs.put("event.original", text); // what Sigma's keyword rules for auditd search
        attrs.put(SEQUENCE, Long.toString(r.serial()));
        boolean syscall = r.type().equals("SYSCALL");
        for (Map.Entry<String, String> e : f.entrySet()) {
            String k = e.getKey();
            // Each record is its own event, so a0 is SYSCALL's first argument (hex, as written) in a SYSCALL record
            // and argv[0] in an EXECVE one: rules scope it with type, as Sigma's auditd rules do.
            attrs.put(PREFIX + k, e.getValue());
            String ecs = ECS.get(k);
            if (ecs != null && present(e.getValue())) {
                attrs.put(ecs, e.getValue());
            }
        }
        if (r.userSpace()) {
            // go-libaudit's subject, as Filebeat maps it: the person is the login user (auid) when there is one,
            // the program's own uid is the effective user
            String auid = f.get("auid");
            if (present(auid) && !UNSET_ID.equals(auid)) {
                attrs.put("user.id", auid);
                if (present(f.get("uid"))) {
                    attrs.put("user.effective.id", f.get("uid"));
                }
            }
        }
        if (r.type().equals("PATH") && present(f.get("name"))) {
            attrs.put("file.path", f.get("name"));
        }
        String syscallName = f.get("SYSCALL");
        if (syscall && syscallName == null && f.get("syscall") != null && !f.get("syscall").chars().allMatch(Character::isDigit)) {
            // auditd's older "interpreted" log format writes the name in place of the number
            syscallName = f.get("syscall");
            attrs.put(PREFIX + "SYSCALL", syscallName);
        } else if (syscall && syscallName == null) {
            syscallName = AuditTables.syscallName(f.get("arch"), f.get("syscall"));
            if (syscallName != null) {
                attrs.put(PREFIX + "SYSCALL", syscallName);
            }
        }
        attrs.put("event.action", AuditTables.action(r.type(), syscallName));
        if (r.type().equals("EXECVE")) {
            List<String> args = AuditEvents.args(f);
            if (!args.isEmpty()) {
                attrs.put("process.command_line", String.join(" ", args));
                attrs.put("process.args", jsonArray(args));
            }
        } else if (r.type().equals("USER_CMD") && present(f.get("cmd"))) {
            // sudo logs the command as one string: split where it put spaces, as Filebeat does
            attrs.put("process.args", jsonArray(List.of(f.get("cmd").split(" "))));
        }
        String user = firstPresent(f.get("acct"), f.get("UID"));
        String outcome = outcome(f);
        SecurityEvent record = SecurityEvent.builder(time, host, SecurityAction.AUDIT_RECORD, outcome)
                .user(user).sourceIp(address(f)).process(present(f.get("comm")) ? f.get("comm") : null)
                .attributes(attrs).build();
        out.security(record);
        SecurityEvent fact = AuditEvents.standaloneFact(r.type(), time, host, f, outcome, address(f));
        if (fact != null) {
            out.security(fact);
        }
    }

    /** A list as a JSON array of strings: how list-valued attributes are kept (read with DuckDB's JSON functions). */
    static String jsonArray(List<String> items) {
        try {
            return JSON.writeValueAsString(items);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always writes as JSON", e);
        }
    }

    /** success or failure from {@code res=} (user space) or {@code success=} (SYSCALL), else unknown. */
    static String outcome(Map<String, String> f) {
        String res = f.get("res");
        if (res == null) {
            res = f.get("success");
        }
        if (res == null) {
            return SecurityEvent.UNKNOWN;
        }
        switch (res) {
            case "success": case "yes": case "1": return SecurityEvent.SUCCESS;
            case "failed": case "no": case "0": return SecurityEvent.FAILURE;
            default: return SecurityEvent.UNKNOWN;
        }
    }

    /** The remote address: {@code addr=} of user-space records, {@code src=} of network ones; null when "?". */
    static String address(Map<String, String> f) {
        String a = f.get("addr");
        if (!present(a)) {
            a = f.get("src");
        }
        return present(a) && looksLikeIp(a) ? a : null;
    }

    private static boolean looksLikeIp(String a) {
        return a.indexOf(':') >= 0 || (a.indexOf('.') > 0 && Character.isDigit(a.charAt(0)));
    }

    static boolean present(String v) {
        return v != null && !v.isEmpty() && !v.equals("?") && !v.equals("(null)") && !v.equals("(none)");
    }

    private static String firstPresent(String a, String b) {
        return present(a) ? a : present(b) ? b : null;
    }
}
