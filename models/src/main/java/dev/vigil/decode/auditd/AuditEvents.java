package dev.vigil.decode.auditd;

import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What audit records mean as Vigil security events: the fact a stand-alone user-space record gives
 * ({@link #standaloneFact}), and the events a system call's records give once assembled by serial
 * ({@link #assemble}): an {@code execve} that succeeded is a {@code process_exec} (Sigma's
 * process_creation), each path it created a {@code file_changed} (file_event). The operator that holds
 * the open events and the process table calls these; nothing here keeps state.
 */
public final class AuditEvents {
    /** Kernel records that belong to a system call event and close with EOE (types 1300-1399 that auditd groups). */
    private static final Set<String> COMPOUND = Set.of("SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE", "SOCKADDR",
            "SOCKETCALL", "IPC", "MMAP", "FD_PAIR", "OBJ_PID", "BPRM_FCAPS", "CAPSET", "MQ_OPEN", "MQ_SENDRECV",
            "MQ_NOTIFY", "MQ_GETSETATTR", "KERN_MODULE", "EOE");
    private static final Set<String> EXEC_SYSCALLS = Set.of("execve", "execveat");
    private static final Set<String> EXIT_SYSCALLS = Set.of("exit", "exit_group");

    public static final String PARENT_EXECUTABLE = "process.parent.executable";
    public static final String PARENT_COMMAND_LINE = "process.parent.command_line";

    private AuditEvents() {}

    /** Whether a record of this type waits for the other records of its system call event. */
    public static boolean isCompound(String type) {
        return COMPOUND.contains(type);
    }

    /**
     * Whether an event's records are all here, in whatever order they came: its EOE, its SYSCALL record and
     * as many PATH records as that announces ({@code items=}), and the PROCTITLE record the kernel writes
     * last for every system call (kernels before 3.13 write none: their events wait for the watermark).
     */
    public static boolean isComplete(List<SecurityEvent> records) {
        boolean eoe = false;
        boolean proctitle = false;
        SecurityEvent syscall = null;
        int paths = 0;
        for (SecurityEvent r : records) {
            switch (r.attributes().getOrDefault(AuditdDecoder.TYPE, "")) {
                case "EOE" -> eoe = true;
                case "PROCTITLE" -> proctitle = true;
                case "SYSCALL" -> syscall = r;
                case "PATH" -> paths++;
                default -> { }
            }
        }
        if (!eoe || !proctitle || syscall == null) {
            return false;
        }
        String items = syscall.attributes().get(AuditdDecoder.PREFIX + "items");
        return items == null || items.equals(Integer.toString(paths));
    }

    /** The argv of an EXECVE record (a0, a1, ...; Sigma's CommandLine is them joined by spaces). */
    static List<String> args(Map<String, String> fields) {
        List<String> args = new ArrayList<>();
        for (int i = 0; ; i++) {
            String a = fields.get("a" + i);
            if (a == null) {
                return args;
            }
            args.add(a);
        }
    }

    /**
     * The derived events of one system call event, from its records (audit_record events of one host and
     * serial, any order): a process_exec for an execve that succeeded, a file_changed for each path it created.
     */
    public static List<SecurityEvent> assemble(List<SecurityEvent> records) {
        SecurityEvent syscall = null;
        SecurityEvent execve = null;
        SecurityEvent proctitle = null;
        String cwd = null;
        List<SecurityEvent> created = new ArrayList<>(0);
        for (SecurityEvent r : records) {
            switch (r.attributes().getOrDefault(AuditdDecoder.TYPE, "")) {
                case "SYSCALL" -> syscall = r;
                case "EXECVE" -> execve = r;
                case "PROCTITLE" -> proctitle = r;
                case "CWD" -> cwd = r.attributes().get("process.working_directory");
                case "PATH" -> {
                    if ("CREATE".equals(r.attributes().get(AuditdDecoder.PREFIX + "nametype"))) {
                        created.add(r);
                    }
                }
                default -> { }
            }
        }
        if (syscall == null) {
            return List.of();
        }
        Map<String, String> s = syscall.attributes();
        List<SecurityEvent> out = new ArrayList<>(1 + created.size());
        boolean ok = !SecurityEvent.FAILURE.equals(syscall.outcome());
        if (ok && EXEC_SYSCALLS.contains(s.get(AuditdDecoder.PREFIX + "SYSCALL"))) {
            Map<String, String> a = process(s, cwd);
            String line = execve != null ? execve.attributes().get("process.command_line")
                    : proctitle != null ? proctitle.attributes().get("process.title") : null;
            if (line != null) {
                a.put("process.command_line", line);
            }
            if (execve != null) {
                String args = execve.attributes().get("process.args");
                if (args != null) {
                    a.put("process.args", args);
                }
                String argc = execve.attributes().get(AuditdDecoder.PREFIX + "argc");
                if (argc != null) {
                    a.put("process.args_count", argc);
                }
            }
            out.add(SecurityEvent.builder(syscall.time(), syscall.host(), SecurityAction.PROCESS_EXEC, SecurityEvent.SUCCESS)
                    .user(syscall.user()).process(syscall.process()).attributes(a).build());
        }
        for (SecurityEvent p : created) {
            Map<String, String> a = process(s, cwd);
            a.put("file.path", absolute(p.attributes().get("file.path"), cwd));
            out.add(SecurityEvent.builder(syscall.time(), syscall.host(), SecurityAction.FILE_CHANGED,
                            ok ? SecurityEvent.SUCCESS : SecurityEvent.FAILURE)
                    .user(syscall.user()).process(syscall.process()).attributes(a).build());
        }
        return out;
    }

    /** The pid whose process ended, when the records are an exit or exit_group call; else null. */
    public static Integer exitedPid(List<SecurityEvent> records) {
        for (SecurityEvent r : records) {
            Map<String, String> a = r.attributes();
            if ("SYSCALL".equals(a.get(AuditdDecoder.TYPE)) && EXIT_SYSCALLS.contains(a.get(AuditdDecoder.PREFIX + "SYSCALL"))) {
                return parsePid(a.get("process.pid"));
            }
        }
        return null;
    }

    /** Adds the parent's executable and command line, as the process table knew it, to a process_exec event. */
    public static SecurityEvent withParent(SecurityEvent exec, String parentExecutable, String parentCommandLine) {
        Map<String, String> a = new HashMap<>(exec.attributes());
        if (parentExecutable != null) {
            a.put(PARENT_EXECUTABLE, parentExecutable);
        }
        if (parentCommandLine != null) {
            a.put(PARENT_COMMAND_LINE, parentCommandLine);
        }
        return new SecurityEvent(exec.time(), exec.host(), exec.action(), exec.outcome(), exec.user(), exec.targetUser(),
                exec.sourceIp(), exec.sourcePort(), exec.destinationIp(), exec.destinationPort(), exec.bytes(), exec.process(), a);
    }

    public static Integer parsePid(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> process(Map<String, String> s, String cwd) {
        Map<String, String> a = new HashMap<>(16);
        copy(s, "process.executable", a);
        copy(s, "process.pid", a);
        copy(s, "process.parent.pid", a);
        copy(s, "user.id", a);
        copy(s, "user.audit.id", a);
        copy(s, "user.effective.id", a);
        copy(s, "auditd.session", a);
        String key = s.get(AuditdDecoder.PREFIX + "key");
        if (AuditdDecoder.present(key)) {
            a.put("auditd.key", key);
        }
        a.put(AuditdDecoder.SEQUENCE, s.get(AuditdDecoder.SEQUENCE));
        if (cwd != null) {
            a.put("process.working_directory", cwd);
        }
        return a;
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to) {
        String v = from.get(key);
        if (v != null) {
            to.put(key, v);
        }
    }

    private static String absolute(String path, String cwd) {
        if (path == null || path.startsWith("/") || cwd == null) {
            return path;
        }
        return cwd.endsWith("/") ? cwd + path : cwd + "/" + path;
    }

    /**
     * The fact a stand-alone user-space record gives, as syslog gives it for the same action; null for
     * records that state none (and for the per-file ADD_GROUP records of one groupadd, so one group is one fact).
     */
    static SecurityEvent standaloneFact(String type, long time, String host, Map<String, String> f, String outcome, String sourceIp) {
        String acct = present(f.get("acct"));
        String exe = present(f.get("exe"));
        String program = exe == null ? null : exe.substring(exe.lastIndexOf('/') + 1);
        String actor = present(f.get("AUID"));
        boolean failed = SecurityEvent.FAILURE.equals(outcome);
        SecurityAction action;
        String user = acct;
        String target = null;
        Map<String, String> attrs = new HashMap<>(4);
        String terminal = present(f.get("terminal"));
        if (terminal != null) {
            attrs.put("tty", terminal);
        }
        switch (type) {
            case "USER_AUTH" -> action = failed ? SecurityAction.AUTH_FAILURE : SecurityAction.AUTH_SUCCESS;
            case "USER_LOGIN" -> {
                if (!failed) {
                    action = SecurityAction.SESSION_OPENED;
                } else if (acct == null || acct.startsWith("(")) {
                    action = SecurityAction.INVALID_USER;
                } else {
                    return null; // the USER_AUTH record of the same attempt already said it failed
                }
            }
            case "USER_START" -> {
                if (failed) {
                    return null;
                }
                action = SecurityAction.SESSION_OPENED;
            }
            case "USER_END" -> action = SecurityAction.SESSION_CLOSED;
            case "USER_CHAUTHTOK" -> {
                action = SecurityAction.PASSWORD_CHANGED;
                user = actor;
                target = acct;
            }
            case "USER_CMD" -> {
                action = SecurityAction.SUDO;
                user = actor != null ? actor : acct;
                String cmd = present(f.get("cmd"));
                if (cmd != null) {
                    attrs.put("command", cmd);
                }
                program = "sudo";
            }
            case "ADD_USER", "DEL_USER", "ADD_GROUP", "DEL_GROUP" -> {
                String op = f.getOrDefault("op", "");
                if (op.startsWith("adding group to") || op.startsWith("deleting group from") || op.startsWith("removing group from")) {
                    return null;
                }
                action = switch (type) {
                    case "ADD_USER" -> SecurityAction.USER_ADDED;
                    case "DEL_USER" -> SecurityAction.USER_DELETED;
                    case "ADD_GROUP" -> SecurityAction.GROUP_ADDED;
                    default -> SecurityAction.GROUP_DELETED;
                };
                user = actor;
                target = acct != null ? acct : present(f.get("id"));
                if (present(f.get("id")) != null) {
                    attrs.put("uid", f.get("id"));
                }
            }
            case "ANOM_ABEND" -> {
                action = SecurityAction.SEGFAULT;
                program = present(f.get("comm"));
                if (present(f.get("sig")) != null) {
                    attrs.put("signal", f.get("sig"));
                }
            }
            case "SERVICE_START" -> {
                action = failed ? SecurityAction.UNIT_FAILED : SecurityAction.UNIT_STARTED;
                program = present(f.get("unit"));
            }
            case "SERVICE_STOP" -> {
                action = SecurityAction.UNIT_STOPPED;
                program = present(f.get("unit"));
            }
            default -> {
                return null;
            }
        }
        return SecurityEvent.builder(time, host, action, outcome).user(user).targetUser(target).sourceIp(sourceIp)
                .process(program).attributes(attrs).build();
    }

    private static String present(String v) {
        return AuditdDecoder.present(v) ? v : null;
    }
}
