package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds security and system facts in log lines from sshd, PAM, sudo, su, the shadow tools (useradd,
 * userdel, groupadd, passwd, chpasswd), systemd and systemd-logind, and the kernel (OOM killer,
 * segfaults, netfilter LOG lines of iptables, nftables and UFW).
 *
 * <p>The patterns are fixed, anchored and written by us (java.util.regex is safe for them; user rules run
 * on RE2/J). A cheap check of the program and the message's first words picks the few that can apply,
 * so a line pays for one or two matches, not all of them.
 *
 * <p>One attempt, one event: sshd's own "Failed password" line is the {@code auth_failure}; PAM's report
 * of the same attempt is {@code pam_auth_failure}, kept apart so that hosts logging both do not count
 * every attempt twice, while hosts whose sshd logs only through PAM still show their failures.
 * An rsyslog "message repeated N times: [ msg ]" line stands for N more copies of msg, and yields N events.
 */
public final class SecurityFacts {
    /** Every action a fact found in a log line can have. */
    public static final java.util.Set<String> ACTIONS = java.util.Set.of(
            "auth_failure", "auth_success", "firewall_drop", "group_added", "group_deleted", "invalid_user",
            "net_connection", "oom_kill", "pam_auth_failure", "password_changed", "segfault", "session_closed",
            "session_opened", "su", "sudo", "unit_failed", "unit_restarted", "unit_started", "unit_stopped",
            "user_added", "user_deleted");

    /** Bounds the events one repeated-message line can produce. */
    static final int MAX_REPEAT = 1_000;

    private static final Pattern REPEATED = Pattern.compile("^message repeated (\\d+) times: \\[ ?(.*?)\\]?$");
    // The user name is whatever the client sent, spaces and " from ... port ..." included, so the name is
    // greedy and the address is the last "from ... port" before the end sshd writes: a crafted name
    // cannot choose the source address. Greedy-then-anchored keeps the match linear in the line length.
    private static final Pattern SSHD_FAILED = Pattern.compile(
            "^Failed (\\S+) for (invalid user )?(.*) from (\\S+) port (\\d+)(?: (\\w+))?(?:: .*)?$");
    private static final Pattern SSHD_ACCEPTED = Pattern.compile(
            "^Accepted (\\S+) for (.*) from (\\S+) port (\\d+)(?: (\\w+))?(?:: .*)?$");
    private static final Pattern SSHD_INVALID = Pattern.compile("^[Ii]nvalid user (.*) from (\\S+)(?: port (\\d+))?\\s*$");
    private static final Pattern PAM_PREFIX = Pattern.compile("^pam_unix\\(([^:)]+)(?::([^)]+))?\\): (.*)$");
    // The look-behind stops find() from restarting inside a long word: linear, not quadratic.
    private static final Pattern KV = Pattern.compile("(?<!\\w)(\\w+)=(\\S*)");
    private static final Pattern SESSION_OPENED = Pattern.compile(
            "^session opened for user ([^\\s(]+)(?:\\(uid=\\d+\\))?(?: by ([^\\s(]*)(?:\\(uid=(\\d+)\\))?)?");
    private static final Pattern SESSION_CLOSED = Pattern.compile("^session closed for user ([^\\s(]+)");
    private static final Pattern PASSWORD_CHANGED = Pattern.compile("^password changed for (\\S+)");
    private static final Pattern SU_OK = Pattern.compile("^(?:Successful su for (\\S+) by (\\S+)|\\(to (\\S+)\\) (\\S+) on (\\S+))");
    private static final Pattern SU_FAILED = Pattern.compile("^FAILED SU \\(to (\\S+)\\) (\\S+) on (\\S+)");
    private static final Pattern NEW_USER = Pattern.compile("^new user: name=([^,\\s]+)(?:, UID=(\\d+))?");
    private static final Pattern NEW_GROUP = Pattern.compile("^(?:new group|group added to /etc/group): name=([^,\\s]+)");
    private static final Pattern DELETE_USER = Pattern.compile("^delete user '([^']+)'");
    private static final Pattern DELETE_GROUP = Pattern.compile("^(?:removed group|group) '([^']+)'(?: owned by '[^']*')?(?: removed)?");
    private static final Pattern LOGIND_NEW = Pattern.compile("^New session (\\S+) of user (\\S+?)\\.?$");
    private static final Pattern LOGIND_REMOVED = Pattern.compile("^Removed session (\\S+?)\\.?$");
    private static final Pattern OOM = Pattern.compile(
            "(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (\\d{1,10}) \\(([^)]{0,64})\\)");
    private static final Pattern SEGFAULT = Pattern.compile("^(\\S+?)\\[(\\d+)\\]: segfault at (\\S+)");
    private static final Pattern UNIT = Pattern.compile(
            "([\\w@.:\\\\-]+\\.(?:service|socket|timer|mount|target|scope|slice|path|swap|device|automount))");
    private static final Pattern RESTART = Pattern.compile("^([\\w@.:\\\\-]+\\.service): Scheduled restart job, restart counter is at (\\d+)");
    private static final Pattern UNIT_FAILED_RESULT = Pattern.compile("^([\\w@.:\\\\-]+\\.\\w+): Failed with result '([^']*)'");

    /** Emits the facts in {@code record} to {@code out}; most lines have none. */
    public void extract(LogRecord record, EventCollector out) {
        String msg = record.message();
        int repeat = 1;
        if (msg.startsWith("message repeated ")) {
            Matcher m = REPEATED.matcher(msg);
            if (m.matches()) {
                repeat = (int) Math.min(Long.parseLong(m.group(1).length() > 9 ? "999999999" : m.group(1)), MAX_REPEAT);
                msg = m.group(2).trim();
            }
        }
        SecurityEvent event = fact(record, msg);
        if (event == null) {
            return;
        }
        for (int i = 0; i < repeat; i++) {
            out.security(event);
        }
    }

    private SecurityEvent fact(LogRecord r, String msg) {
        String app = r.app() == null ? "" : r.app();
        if (app.equals("sshd") || app.startsWith("sshd-")) {
            SecurityEvent e = sshd(r, msg);
            return e != null ? e : pam(r, msg, "sshd");
        }
        if (app.equals("kernel")) {
            return kernel(r, msg);
        }
        if (app.equals("sudo")) {
            SecurityEvent e = sudo(r, msg);
            return e != null ? e : pam(r, msg, "sudo");
        }
        if (app.equals("su")) {
            SecurityEvent e = su(r, msg);
            return e != null ? e : pam(r, msg, "su");
        }
        if (app.equals("useradd") || app.equals("adduser") || app.equals("groupadd") || app.equals("userdel")
                || app.equals("deluser") || app.equals("groupdel")) {
            return accounts(r, msg);
        }
        if (app.equals("systemd-logind")) {
            return logind(r, msg);
        }
        if (app.equals("systemd") || app.startsWith("systemd[")) {
            return systemd(r, msg);
        }
        // Old-style PAM tags such as "sshd(pam_unix)", "su(pam_unix)", and any other PAM client.
        int paren = app.indexOf("(pam_unix)");
        if (paren > 0) {
            return pamMessage(r, app.substring(0, paren), msg);
        }
        if (msg.startsWith("pam_unix(")) {
            return pam(r, msg, app);
        }
        if (msg.indexOf(" segfault at ") > 0) {
            return kernel(r, msg);
        }
        return null;
    }

    private static SecurityEvent sshd(LogRecord r, String msg) {
        if (msg.startsWith("Failed ")) {
            Matcher m = SSHD_FAILED.matcher(msg);
            if (m.matches()) {
                Map<String, String> attrs = new HashMap<>(4);
                attrs.put("method", m.group(1));
                if (m.group(2) != null) {
                    attrs.put("invalid_user", "true");
                }
                if (m.group(6) != null) {
                    attrs.put("protocol", m.group(6));
                }
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.AUTH_FAILURE, SecurityEvent.FAILURE)
                        .user(m.group(3)).sourceIp(m.group(4)).sourcePort(port(m.group(5)))
                        .process("sshd").attributes(attrs).build();
            }
        } else if (msg.startsWith("Accepted ")) {
            Matcher m = SSHD_ACCEPTED.matcher(msg);
            if (m.matches()) {
                Map<String, String> attrs = new HashMap<>(4);
                attrs.put("method", m.group(1));
                if (m.group(5) != null) {
                    attrs.put("protocol", m.group(5));
                }
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.AUTH_SUCCESS, SecurityEvent.SUCCESS)
                        .user(m.group(2)).sourceIp(m.group(3)).sourcePort(port(m.group(4)))
                        .process("sshd").attributes(attrs).build();
            }
        } else if (msg.startsWith("Invalid user ") || msg.startsWith("invalid user ")) {
            Matcher m = SSHD_INVALID.matcher(msg);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.INVALID_USER, SecurityEvent.FAILURE)
                        .user(m.group(1)).sourceIp(m.group(2)).sourcePort(port(m.group(3))).process("sshd").build();
            }
        }
        return null;
    }

    /** A {@code pam_unix(service:type): ...} message. */
    private static SecurityEvent pam(LogRecord r, String msg, String defaultService) {
        if (!msg.startsWith("pam_unix(")) {
            return null;
        }
        Matcher m = PAM_PREFIX.matcher(msg);
        if (!m.matches()) {
            return null;
        }
        return pamMessage(r, m.group(1) == null ? defaultService : m.group(1), m.group(3));
    }

    private static SecurityEvent pamMessage(LogRecord r, String service, String body) {
        if (body.startsWith("authentication failure;")) {
            Map<String, String> kv = keyValues(body);
            Map<String, String> attrs = new HashMap<>(4);
            attrs.put("pam.service", service);
            putIfPresent(attrs, "pam.ruser", kv.get("ruser"));
            putIfPresent(attrs, "pam.logname", kv.get("logname"));
            putIfPresent(attrs, "tty", kv.get("tty"));
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.PAM_AUTH_FAILURE, SecurityEvent.FAILURE)
                    .user(emptyToNull(kv.get("user"))).sourceIp(ipOrNull(kv.get("rhost"), attrs))
                    .process(service).attributes(attrs).build();
        }
        if (body.startsWith("session opened for user ")) {
            Matcher m = SESSION_OPENED.matcher(body);
            if (m.find()) {
                String by = emptyToNull(m.group(2));
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SESSION_OPENED, SecurityEvent.SUCCESS)
                        .user(by == null ? m.group(1) : by).targetUser(m.group(1)).process(service)
                        .attributes(Map.of("pam.service", service)).build();
            }
        }
        if (body.startsWith("session closed for user ")) {
            Matcher m = SESSION_CLOSED.matcher(body);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SESSION_CLOSED, SecurityEvent.SUCCESS)
                        .user(m.group(1)).targetUser(m.group(1)).process(service)
                        .attributes(Map.of("pam.service", service)).build();
            }
        }
        if (body.startsWith("password changed for ")) {
            Matcher m = PASSWORD_CHANGED.matcher(body);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.PASSWORD_CHANGED, SecurityEvent.SUCCESS)
                        .targetUser(m.group(1)).process(service).attributes(Map.of("pam.service", service)).build();
            }
        }
        return null;
    }

    /**
     * {@code USER : [problem ; ]TTY=t ; PWD=p ; USER=u ; [GROUP=g ; ][ENV=... ; ]COMMAND=c}, parsed by hand:
     * the command may itself contain " ; ", and a pattern with a repeated lazy group would recurse per
     * repetition on a crafted line.
     */
    private static SecurityEvent sudo(LogRecord r, String msg) {
        int colon = msg.indexOf(" : ");
        if (colon <= 0) {
            return null;
        }
        String user = msg.substring(0, colon).trim();
        if (user.isEmpty() || user.indexOf(' ') >= 0) {
            return null;
        }
        String tty = null;
        String cwd = null;
        String target = null;
        String command = null;
        StringBuilder problem = null;
        int pos = colon + 3;
        while (pos < msg.length()) {
            if (msg.startsWith("COMMAND=", pos)) {
                command = msg.substring(pos + 8);
                break;
            }
            int end = msg.indexOf(" ; ", pos);
            String field = end < 0 ? msg.substring(pos) : msg.substring(pos, end);
            if (field.startsWith("TTY=")) {
                tty = field.substring(4);
            } else if (field.startsWith("PWD=")) {
                cwd = field.substring(4);
            } else if (field.startsWith("USER=")) {
                target = field.substring(5);
            } else if (tty == null && field.indexOf('=') < 0) {
                problem = problem == null ? new StringBuilder(field) : problem.append(" ; ").append(field);
            }
            if (end < 0) {
                break;
            }
            pos = end + 3;
        }
        if (tty == null || target == null || command == null) {
            return null;
        }
        Map<String, String> attrs = new HashMap<>(4);
        attrs.put("command", command);
        attrs.put("tty", tty);
        if (cwd != null) {
            attrs.put("cwd", cwd);
        }
        if (problem != null) {
            attrs.put("error", problem.toString().trim());
        }
        return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SUDO,
                        problem == null ? SecurityEvent.SUCCESS : SecurityEvent.FAILURE)
                .user(user).targetUser(target).process("sudo").attributes(attrs).build();
    }

    private static SecurityEvent su(LogRecord r, String msg) {
        Matcher failed = SU_FAILED.matcher(msg);
        if (failed.find()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SU, SecurityEvent.FAILURE)
                    .user(failed.group(2)).targetUser(failed.group(1)).process("su")
                    .attributes(Map.of("tty", failed.group(3))).build();
        }
        Matcher ok = SU_OK.matcher(msg);
        if (ok.find()) {
            if (ok.group(1) != null) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SU, SecurityEvent.SUCCESS)
                        .user(ok.group(2)).targetUser(ok.group(1)).process("su").build();
            }
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SU, SecurityEvent.SUCCESS)
                    .user(ok.group(4)).targetUser(ok.group(3)).process("su").attributes(Map.of("tty", ok.group(5))).build();
        }
        return null;
    }

    private static SecurityEvent accounts(LogRecord r, String msg) {
        Matcher m = NEW_USER.matcher(msg);
        if (m.find()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.USER_ADDED, SecurityEvent.SUCCESS)
                    .targetUser(m.group(1)).process(r.app())
                    .attributes(m.group(2) == null ? null : Map.of("uid", m.group(2))).build();
        }
        m = NEW_GROUP.matcher(msg);
        if (m.find()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.GROUP_ADDED, SecurityEvent.SUCCESS)
                    .targetUser(m.group(1)).process(r.app()).build();
        }
        m = DELETE_USER.matcher(msg);
        if (m.find()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.USER_DELETED, SecurityEvent.SUCCESS)
                    .targetUser(m.group(1)).process(r.app()).build();
        }
        m = DELETE_GROUP.matcher(msg);
        if (m.find()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.GROUP_DELETED, SecurityEvent.SUCCESS)
                    .targetUser(m.group(1)).process(r.app()).build();
        }
        return null;
    }

    private static SecurityEvent logind(LogRecord r, String msg) {
        Matcher m = LOGIND_NEW.matcher(msg);
        if (m.matches()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SESSION_OPENED, SecurityEvent.SUCCESS)
                    .user(m.group(2)).targetUser(m.group(2)).process("systemd-logind")
                    .attributes(Map.of("session", m.group(1))).build();
        }
        m = LOGIND_REMOVED.matcher(msg);
        if (m.matches()) {
            return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SESSION_CLOSED, SecurityEvent.SUCCESS)
                    .process("systemd-logind").attributes(Map.of("session", m.group(1))).build();
        }
        return null;
    }

    private static SecurityEvent systemd(LogRecord r, String msg) {
        if (msg.startsWith("Started ")) {
            return unitEvent(r, SecurityAction.UNIT_STARTED, SecurityEvent.SUCCESS, msg, 8, null);
        }
        if (msg.startsWith("Stopped ")) {
            return unitEvent(r, SecurityAction.UNIT_STOPPED, SecurityEvent.SUCCESS, msg, 8, null);
        }
        if (msg.startsWith("Failed to start ")) {
            return unitEvent(r, SecurityAction.UNIT_FAILED, SecurityEvent.FAILURE, msg, 16, null);
        }
        if (msg.contains(": Scheduled restart job")) {
            Matcher m = RESTART.matcher(msg);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.UNIT_RESTARTED, SecurityEvent.UNKNOWN)
                        .process(m.group(1)).attributes(Map.of("restart_count", m.group(2))).build();
            }
        }
        if (msg.contains(": Failed with result '")) {
            Matcher m = UNIT_FAILED_RESULT.matcher(msg);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.UNIT_FAILED, SecurityEvent.FAILURE)
                        .process(m.group(1)).attributes(Map.of("result", m.group(2))).build();
            }
        }
        return null;
    }

    /** Unit messages name the unit ("Started nginx.service - Web server.") on systemd 249 and later; older ones only describe it. */
    private static SecurityEvent unitEvent(LogRecord r, SecurityAction action, String outcome, String msg, int from, Map<String, String> attrs) {
        Matcher m = UNIT.matcher(msg).region(from, msg.length());
        if (!m.lookingAt()) {
            return null;
        }
        return SecurityEvent.builder(r.time(), r.host(), action, outcome).process(m.group(1)).attributes(attrs).build();
    }

    private static SecurityEvent kernel(LogRecord r, String msg) {
        if (msg.contains("SRC=") && msg.contains(" DST=") && msg.contains(" PROTO=")) {
            return netfilter(r, msg);
        }
        if (msg.contains("ut of memory")) {
            Matcher m = OOM.matcher(msg);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.OOM_KILL, SecurityEvent.UNKNOWN)
                        .process(m.group(2)).attributes(Map.of("pid", m.group(1))).build();
            }
        }
        if (msg.contains(" segfault at ")) {
            String body = msg;
            // Kernel lines often carry a "[12345.678901] " uptime stamp.
            if (body.startsWith("[")) {
                int close = body.indexOf("] ");
                if (close > 0) {
                    body = body.substring(close + 2);
                }
            }
            Matcher m = SEGFAULT.matcher(body);
            if (m.find()) {
                return SecurityEvent.builder(r.time(), r.host(), SecurityAction.SEGFAULT, SecurityEvent.UNKNOWN)
                        .process(m.group(1)).attributes(Map.of("pid", m.group(2), "address", m.group(3))).build();
            }
        }
        return null;
    }

    /**
     * A netfilter LOG line (iptables, nftables, UFW). The log prefix says what the rule did: lines whose
     * prefix names an accept or audit are connections, everything else (BLOCK, DROP, REJECT, or a bare
     * prefix, the common case for drop logging) is a firewall drop.
     */
    private static SecurityEvent netfilter(LogRecord r, String msg) {
        int in = msg.indexOf("IN=");
        String prefix = in > 0 ? msg.substring(0, in).trim() : "";
        Map<String, String> kv = keyValues(msg);
        String upper = prefix.toUpperCase(java.util.Locale.ROOT);
        boolean allowed = (upper.contains("ALLOW") || upper.contains("ACCEPT") || upper.contains("AUDIT"))
                && !upper.contains("BLOCK") && !upper.contains("DROP") && !upper.contains("REJECT");
        Map<String, String> attrs = new HashMap<>(6);
        putIfPresent(attrs, "network.transport", kv.get("PROTO"));
        putIfPresent(attrs, "interface.in", emptyToNull(kv.get("IN")));
        putIfPresent(attrs, "interface.out", emptyToNull(kv.get("OUT")));
        if (!prefix.isEmpty()) {
            attrs.put("rule", prefix);
        }
        String len = kv.get("LEN");
        return SecurityEvent.builder(r.time(), r.host(),
                        allowed ? SecurityAction.NET_CONNECTION : SecurityAction.FIREWALL_DROP,
                        allowed ? SecurityEvent.SUCCESS : SecurityEvent.FAILURE)
                .sourceIp(kv.get("SRC")).destinationIp(kv.get("DST"))
                .sourcePort(port(kv.get("SPT"))).destinationPort(port(kv.get("DPT")))
                .bytes(len == null ? null : parseLongOrNull(len))
                .process("kernel").attributes(attrs).build();
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> kv = new HashMap<>(16);
        Matcher m = KV.matcher(text);
        while (m.find()) {
            kv.putIfAbsent(m.group(1), m.group(2));
        }
        return kv;
    }

    private static Integer port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5) {
            return null;
        }
        Long v = parseLongOrNull(text);
        return v == null || v > 65535 ? null : v.intValue();
    }

    private static Long parseLongOrNull(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(text);
    }

    /** An address stays in source.ip; a host name (sshd with UseDNS, PAM's rhost) goes to source.domain. */
    private static String ipOrNull(String address, Map<String, String> attrs) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ipChar = (c >= '0' && c <= '9') || c == '.' || c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ipChar) {
                attrs.put("source.domain", address);
                return null;
            }
        }
        if (address.indexOf('.') < 0 && address.indexOf(':') < 0) {
            attrs.put("source.domain", address);
            return null;
        }
        return address;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
