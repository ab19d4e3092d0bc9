package dev.vigil.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far Vigil's decoding agrees with Filebeat's on the same lines: Filebeat's own module test files
 * (../shared/data/agents: a raw log and the JSON its ingest pipeline gives), decoded by Vigil, field by
 * field. The fields compared are the ones detections read: process executable, args, pid and parent pid,
 * user ids, action and outcome, source address (and for the system/auth sample, which has none of the
 * security fields: time, host, process name and message). Every difference is listed with the reason
 * when it is a known one ({@link Difference#reason}); an unexplained difference is a finding.
 */
public final class FilebeatAgreement {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One field of one event where Vigil and Filebeat differ. */
    public record Difference(String file, int event, String field, String filebeat, String vigil, String reason) {}

    /** Per sample file: fields compared and agreeing. */
    public record FileResult(String file, int events, int compared, int agreed) {}

    public record Result(List<FileResult> files, List<Difference> differences) {
        public int compared() {
            return files.stream().mapToInt(FileResult::compared).sum();
        }

        public int agreed() {
            return files.stream().mapToInt(FileResult::agreed).sum();
        }

        public double share() {
            return compared() == 0 ? 0 : (double) agreed() / compared();
        }

        public long unexplained() {
            return differences.stream().filter(d -> d.reason() == null).count();
        }
    }

    /** The auditd samples with Filebeat's expected output, and the ECS system/auth one. */
    private static final List<String[]> AUDITD = List.of(
            new String[] {"auditd/test.log", "auditd/test.log-expected.json"},
            new String[] {"auditd/useradd.log", "auditd/useradd.log-expected.json"},
            new String[] {"auditd/audit-cent7-node.log", "auditd/audit-cent7-node.log-expected.json"},
            new String[] {"auditd/audit-rhel6.log", "auditd/audit-rhel6.log-expected.json"},
            new String[] {"auditd/execve-hex-arg.log", "auditd/execve-hex-arg-expected.json"});

    private FilebeatAgreement() {}

    /** @param agents the agents folder of the shared data ({@code ../shared/data/agents}) */
    public static Result run(Path agents) throws IOException {
        List<FileResult> files = new ArrayList<>();
        List<Difference> diffs = new ArrayList<>();
        long received = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        for (String[] pair : AUDITD) {
            files.add(auditd(agents, pair[0], pair[1], received, diffs));
        }
        files.add(systemAuth(agents, "ecs/system-auth-timestamp.log", "ecs/system-auth-timestamp.log-expected.json", diffs));
        return new Result(files, diffs);
    }

    private static FileResult auditd(Path agents, String log, String expectedFile, long received, List<Difference> diffs) throws IOException {
        List<String> lines = lines(agents.resolve(log));
        JsonNode expected = JSON.readTree(agents.resolve(expectedFile).toFile());
        Decoder decoder = Decoders.create(Decoders.AUDITD, DecoderOptions.defaults());
        int compared = 0;
        int agreed = 0;
        if (lines.size() != expected.size()) {
            throw new IllegalStateException(log + ": " + lines.size() + " lines but " + expected.size() + " expected events");
        }
        for (int i = 0; i < lines.size(); i++) {
            CollectingOutput out = new CollectingOutput();
            try {
                decoder.decode(lines.get(i), received, out);
            } catch (DecodeException e) {
                diffs.add(new Difference(log, i + 1, "(line)", "an event", "dead-lettered: " + e.getMessage(), null));
                compared++;
                continue;
            }
            SecurityEvent r = out.security.get(0);
            JsonNode e = expected.get(i);
            Map<String, String> a = r.attributes();
            String type = a.get("auditd.type");
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {"process.executable", text(e, "process.executable"), a.get("process.executable")});
            fields.add(new String[] {"process.args", list(e, "process.args"), a.get("process.args")});
            fields.add(new String[] {"process.pid", text(e, "process.pid"), a.get("process.pid")});
            String ppid = text(e, "process.parent.pid") != null ? text(e, "process.parent.pid") : text(e, "process.ppid");
            fields.add(new String[] {"process.parent.pid", ppid, a.get("process.parent.pid")});
            for (String id : List.of("user.id", "user.audit.id", "user.effective.id", "user.saved.id", "user.filesystem.id",
                    "user.group.id", "user.effective.group.id", "user.saved.group.id", "user.filesystem.group.id")) {
                fields.add(new String[] {id, text(e, id), a.get(id)});
            }
            fields.add(new String[] {"event.action", text(e, "event.action"), a.get("event.action")});
            fields.add(new String[] {"event.outcome", text(e, "event.outcome"), r.outcome()});
            fields.add(new String[] {"source.address", text(e, "source.address"), r.sourceIp()});
            for (String[] f : fields) {
                if (f[1] == null) {
                    continue; // Filebeat does not state it: nothing to agree on
                }
                compared++;
                boolean same = f[1].equals(f[2])
                        // Filebeat versions differ: older pipelines write the record type, newer ones go-libaudit's verb.
                        || (f[0].equals("event.action") && f[1].equals(type.toLowerCase(Locale.ROOT)));
                if (same) {
                    agreed++;
                } else {
                    diffs.add(new Difference(log, i + 1, f[0], f[1], f[2], auditdReason(f[0], type, f[1], f[2], lines.get(i))));
                }
            }
        }
        return new FileResult(log, lines.size(), compared, agreed);
    }

    /** The known causes of a difference; null when none applies. */
    static String auditdReason(String field, String type, String filebeat, String vigil, String line) {
        if (field.equals("process.executable") && type.equals("EXECVE")) {
            return "Filebeat names argv[0] of an EXECVE record its executable; the record has no path, Vigil takes the executable from the event's SYSCALL record (exe=), as the assembled process_exec shows";
        }
        if (field.equals("event.outcome") && ("1".equals(filebeat) || "0".equals(filebeat))) {
            return "Filebeat copies res=1 as it is; Vigil reads res=1 and res=0 as success and failure";
        }
        if (field.startsWith("user.") && filebeat != null && !filebeat.chars().allMatch(Character::isDigit) && vigil != null
                && vigil.chars().allMatch(Character::isDigit)) {
            return "the old Filebeat of this expected file resolved ids to names on the machine that made it; the log holds ids";
        }
        if (field.equals("user.id") && vigil != null && line.contains(" uid=" + filebeat + " ") && line.contains(" auid=" + vigil + " ")) {
            return "this expected file is from an older Filebeat, which took a user-space record's uid= (the program's) as the user;"
                    + " newer ones (useradd.log's expected file) and Vigil take the login user, auid=, and uid= as the effective user";
        }
        if (field.equals("source.address") && vigil != null && line.contains("addr=" + vigil) && !line.contains("addr=" + filebeat)) {
            return "the expected file was made from another revision of this log line (../shared/data/agents/README.md: CRYPTO_SESSION caveat)";
        }
        return null;
    }

    /** How the ecs-json decoder reads Filebeat's own documents (every expected file's): events by kind, and rejections. */
    public record EcsReading(int documents, int securityEvents, int logRecords, List<String> rejected) {}

    /** Every document of every expected file, as Filebeat would ship it, through the ecs-json decoder. */
    public static EcsReading ecsDocuments(Path agents) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String[] pair : AUDITD) {
            files.add(agents.resolve(pair[1]));
        }
        files.add(agents.resolve("ecs/system-auth-timestamp.log-expected.json"));
        Decoder decoder = Decoders.create(Decoders.ECS_JSON, DecoderOptions.defaults());
        int documents = 0;
        CollectingOutput out = new CollectingOutput();
        List<String> rejected = new ArrayList<>();
        for (Path f : files) {
            JsonNode docs = JSON.readTree(f.toFile());
            for (JsonNode d : docs.isArray() ? docs : JSON.createArrayNode().add(docs)) {
                documents++;
                try {
                    decoder.decode(d.toString(), Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), out);
                } catch (DecodeException e) {
                    rejected.add(f.getFileName() + ": " + e.getMessage());
                }
            }
        }
        return new EcsReading(documents, out.security.size(), out.logs.size(), rejected);
    }

    private static FileResult systemAuth(Path agents, String log, String expectedFile, List<Difference> diffs) throws IOException {
        List<String> lines = lines(agents.resolve(log));
        JsonNode expected = JSON.readTree(agents.resolve(expectedFile).toFile());
        // The module's test harness reads zone-less timestamps as -02:00 (event.timezone in the expected file).
        DecoderOptions options = new DecoderOptions(null, ZoneOffset.ofHours(-2), DecoderOptions.DEFAULT_MIN_TIME,
                DecoderOptions.DEFAULT_MAX_FUTURE, "unknown");
        Decoder decoder = Decoders.create(Decoders.SYSLOG, options);
        int compared = 0;
        int agreed = 0;
        for (int i = 0; i < lines.size(); i++) {
            CollectingOutput out = new CollectingOutput();
            try {
                decoder.decode(lines.get(i), Instant.parse("2019-06-15T00:00:00Z").toEpochMilli(), out);
            } catch (DecodeException ex) {
                diffs.add(new Difference(log, i + 1, "(line)", "an event", "dead-lettered: " + ex.getMessage(), null));
                compared++;
                continue;
            }
            LogRecord r = out.logs.get(0);
            JsonNode e = expected.get(i);
            String[][] fields = {
                {"@timestamp", Long.toString(Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text(e, "@timestamp"))).toEpochMilli()),
                    Long.toString(r.time())},
                {"host.hostname", text(e, "host.hostname"), r.host()},
                {"process.name", text(e, "process.name"), r.app()},
                {"process.pid", text(e, "process.pid"), r.pid() == null ? null : r.pid().toString()},
                {"message", text(e, "message"), r.message()}};
            for (String[] f : fields) {
                if (f[1] == null) {
                    continue;
                }
                compared++;
                if (f[1].equals(f[2])) {
                    agreed++;
                } else {
                    diffs.add(new Difference(log, i + 1, f[0], f[1], f[2], null));
                }
            }
        }
        return new FileResult(log, lines.size(), compared, agreed);
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            return v.size() == 0 ? null : v.get(0).asText();
        }
        return v.asText();
    }

    private static String list(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || !v.isArray()) {
            return null;
        }
        return v.toString();
    }
}
