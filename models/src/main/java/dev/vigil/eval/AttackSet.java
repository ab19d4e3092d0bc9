package dev.vigil.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.simulate.AgentLines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attack set ({@code eval/attack-set.yaml}): commands that SigmaHQ's Linux rules detect, each with the
 * rule it must raise and the host it runs on, and a background of ordinary administration that must raise
 * none of those rules. {@link #render} writes them as hosts' agents would: audit.log records (the parent's
 * execve some seconds before the child's, so the process table knows the parent) or Sysmon for Linux
 * events in syslog, or raw audit records as written in the set.
 */
public final class AttackSet {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Where the rendered events start: the day the raw records in the set are dated. */
    public static final long START = java.time.Instant.parse("2026-11-30T01:00:00Z").toEpochMilli();
    private static final long SPACING_MS = 90_000;

    /** One attack: the rule it must raise on its host, and how its events are written. */
    public record Attack(String rule, String path, String title, String host, String via, boolean usesParent) {}

    /** The lines to replay and what they must raise. */
    public record Rendered(List<String> attackLines, List<String> benignLines, List<Attack> attacks, int benignCommands) {
        public Set<String> rules() {
            Set<String> r = new LinkedHashSet<>();
            attacks.forEach(a -> r.add(a.rule()));
            return r;
        }
    }

    private AttackSet() {}

    public static JsonNode load() {
        try (InputStream in = AttackSet.class.getResourceAsStream("/eval/attack-set.yaml")) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param ruleTexts the rule files' texts by their path under rules/linux, to tell which rules use the parent */
    public static Rendered render(JsonNode set, Map<String, String> ruleTexts) {
        List<Timed> attack = new ArrayList<>();
        List<Attack> attacks = new ArrayList<>();
        Counter ids = new Counter();
        long t = START;
        for (JsonNode a : set.path("attacks")) {
            String via = a.path("via").asText("auditd");
            String host = a.path("host").asText();
            String path = a.path("path").asText();
            String text = ruleTexts.getOrDefault(path, "");
            boolean parent = text.contains("ParentImage") || text.contains("ParentCommandLine");
            attacks.add(new Attack(a.path("rule").asText(), path, a.path("title").asText(), host, via, parent));
            if (via.equals("auditd-raw")) {
                for (String line : a.path("records").asText().split("\n")) {
                    if (!line.isBlank()) {
                        attack.add(new Timed(rawTime(line), attack.size(), line));
                    }
                }
            } else {
                render(a, via, host, t, ids, attack);
            }
            t += SPACING_MS;
        }
        List<Timed> benign = new ArrayList<>();
        int commands = 0;
        t = START;
        for (JsonNode b : set.path("benign")) {
            render(b, b.path("via").asText("auditd"), b.path("host").asText(), t, ids, benign);
            t += SPACING_MS / 3;
            commands++;
        }
        return new Rendered(sorted(attack), sorted(benign), attacks, commands);
    }

    private record Timed(long time, int order, String line) {}

    /** Pids and audit serials per host, rising like the kernel's. */
    private static final class Counter {
        final Map<String, int[]> byHost = new HashMap<>();

        int pid(String host) {
            return 20_000 + byHost.computeIfAbsent(host, h -> new int[2])[0]++;
        }

        long serial(String host) {
            return 5_000 + byHost.computeIfAbsent(host, h -> new int[2])[1]++;
        }
    }

    private static void render(JsonNode c, String via, String host, long time, Counter ids, List<Timed> out) {
        String user = c.path("user").asText("root");
        int uid = uid(user);
        String cwd = c.path("cwd").asText("/");
        JsonNode parent = c.path("parent");
        int ppid = 1;
        String parentExe = null;
        String parentLine = null;
        if (parent.isObject()) {
            ppid = ids.pid(host);
            AgentLines.Exec p = new AgentLines.Exec(host, time - 20_000, ppid, 1, uid, user, cwd, parent.path("exe").asText(), strings(parent.path("argv")));
            parentExe = p.exe();
            parentLine = p.commandLine();
            add(out, via, p, null, null, ids);
        }
        if (c.hasNonNull("exe")) {
            AgentLines.Exec e = new AgentLines.Exec(host, time, ids.pid(host), ppid, uid, user, cwd, c.path("exe").asText(), strings(c.path("argv")));
            add(out, via, e, parentExe, parentLine, ids);
            if (via.equals("sysmon") && c.hasNonNull("target_file")) {
                out.add(new Timed(time + 5, out.size(), AgentLines.sysmonFileCreate(e, c.path("target_file").asText())));
            }
            if (via.equals("sysmon") && c.path("destination").isObject()) {
                out.add(new Timed(time + 10, out.size(), AgentLines.sysmonNetworkConnect(e, "10.20.0.5", 40_000 + e.pid() % 20_000,
                        c.path("destination").path("ip").asText(), c.path("destination").path("port").asInt())));
            }
        }
    }

    private static void add(List<Timed> out, String via, AgentLines.Exec e, String parentExe, String parentLine, Counter ids) {
        if (via.equals("sysmon")) {
            out.add(new Timed(e.time(), out.size(), AgentLines.sysmonProcessCreate(e, parentExe, parentLine)));
        } else {
            for (String line : AgentLines.auditExec(e, ids.serial(e.host()), "exec")) {
                out.add(new Timed(e.time(), out.size(), line));
            }
        }
    }

    /** Users of the set and their ids as a Debian host has them. */
    static int uid(String user) {
        return switch (user) {
            case "root" -> 0;
            case "www-data" -> 33;
            case "backup" -> 34;
            case "nobody" -> 65534;
            case "postgres" -> 114;
            case "alice" -> 1000;
            case "bob" -> 1001;
            case "deploy" -> 1002;
            default -> 1000 + Math.floorMod(user.hashCode(), 5000);
        };
    }

    private static long rawTime(String line) {
        int at = line.indexOf("msg=audit(");
        int colon = line.indexOf(':', at);
        if (at < 0 || colon < 0) {
            return START;
        }
        String ts = line.substring(at + 10, colon);
        int dot = ts.indexOf('.');
        return dot < 0 ? Long.parseLong(ts) * 1000 : Long.parseLong(ts.substring(0, dot)) * 1000 + Long.parseLong(ts.substring(dot + 1));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<String> sorted(List<Timed> lines) {
        List<Timed> copy = new ArrayList<>(lines);
        copy.sort(Comparator.comparingLong(Timed::time).thenComparingInt(Timed::order));
        List<String> out = new ArrayList<>(copy.size());
        copy.forEach(l -> out.add(l.line()));
        return out;
    }
}
