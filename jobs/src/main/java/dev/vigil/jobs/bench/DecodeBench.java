package dev.vigil.jobs.bench;

import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.decode.auditd.AuditEvents;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import dev.vigil.simulate.AgentLines;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code vigil bench decode} without a file: every built-in decoder over a corpus of its own format held in
 * memory (records varied in host, pid, values and text, in the shapes the real samples have), on one
 * thread, as records/s after warm-up rounds; and auditd's multi-record assembly (decode, group by serial,
 * make the process_exec events) as its own figure, outside Flink's state.
 */
public final class DecodeBench {
    /** The figure of one format. */
    public record Result(String format, int records, double recordsPerSecond, long events, long deadLetters) {}

    private static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final String[] HOSTS = {"web-01", "web-02", "db-01", "app-01", "build-01", "bastion-01"};

    private DecodeBench() {}

    /** The corpora, by format name; formats a build does not have are left out. */
    public static Map<String, List<byte[]>> corpora(int n) {
        Map<String, IntFunction<String>> gen = new LinkedHashMap<>();
        gen.put(Decoders.SYSLOG, i -> "<86>" + "Nov 30 10:" + two(i / 60 % 60) + ":" + two(i % 60) + " " + host(i) + " sshd[" + (1000 + i % 5000)
                + "]: Failed password for invalid user admin" + (i % 97) + " from 203.0.113." + (i % 250) + " port " + (30000 + i % 30000) + " ssh2");
        gen.put(Decoders.PROMETHEUS_JSON, i -> "{\"timestamp\":\"2026-11-30T10:00:" + two(i % 60) + ".123Z\",\"value\":\"" + (i * 0.37)
                + "\",\"name\":\"node_cpu_seconds_total\",\"labels\":{\"__name__\":\"node_cpu_seconds_total\",\"instance\":\"" + host(i)
                + ":9100\",\"job\":\"node\",\"cpu\":\"" + (i % 8) + "\",\"mode\":\"idle\"}}");
        gen.put(Decoders.VIGIL_JSON, i -> "{\"kind\":\"metric\",\"time\":" + (T0 + i * 1000L) + ",\"host\":\"" + host(i)
                + "\",\"name\":\"node_load1\",\"value\":" + (i % 100) / 10.0 + ",\"labels\":{\"job\":\"node\"}}");
        gen.put(Decoders.AUDITD, i -> auditLine(i));
        gen.put(Decoders.SYSMON_LINUX, i -> AgentLines.sysmonProcessCreate(exec(i), "/usr/bin/bash", "bash"));
        gen.put("journald", i -> "{\"__REALTIME_TIMESTAMP\":\"" + (T0 + i * 1000L) * 1000 + "\",\"_HOSTNAME\":\"" + host(i)
                + "\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"" + (1000 + i % 5000) + "\",\"PRIORITY\":\"6\",\"_SYSTEMD_UNIT\":\"ssh.service\","
                + "\"_TRANSPORT\":\"syslog\",\"MESSAGE\":\"Accepted publickey for deploy from 10.0.0." + (i % 250) + " port " + (40000 + i % 20000)
                + " ssh2: ED25519 SHA256:abc\"}");
        gen.put("influx", i -> "cpu,cpu=cpu" + (i % 8) + ",host=" + host(i) + " usage_idle=" + (90 + i % 10) + ".5,usage_user=" + (i % 7)
                + ".25,usage_system=1.5,usage_iowait=0i " + (T0 + i * 1000L) * 1_000_000L);
        gen.put("otlp-json", i -> "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"" + host(i)
                + "\"}},{\"key\":\"service.name\",\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"app\"},"
                + "\"logRecords\":[{\"timeUnixNano\":\"" + (T0 + i * 1000L) * 1_000_000L + "\",\"severityNumber\":9,\"severityText\":\"INFO\","
                + "\"body\":{\"stringValue\":\"order " + i + " paid in " + (i % 900) + " ms\"},\"attributes\":[{\"key\":\"order.id\",\"value\":{\"intValue\":\""
                + i + "\"}}]}]}]}]}");
        gen.put("ecs-json", i -> "{\"@timestamp\":\"2026-11-30T10:00:" + two(i % 60) + ".000Z\",\"host\":{\"name\":\"" + host(i) + "\"},"
                + "\"event\":{\"category\":[\"process\"],\"type\":[\"start\"],\"action\":\"executed\",\"outcome\":\"success\"},"
                + "\"process\":{\"pid\":" + (2000 + i % 30000) + ",\"executable\":\"/usr/bin/curl\",\"args\":[\"curl\",\"-s\",\"http://10.0.0." + (i % 250)
                + "/health\"],\"parent\":{\"pid\":1200,\"executable\":\"/usr/bin/bash\"}},\"user\":{\"name\":\"deploy\",\"id\":\"1002\"}}");
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        List<String> known = Decoders.names();
        for (Map.Entry<String, IntFunction<String>> e : gen.entrySet()) {
            if (!known.contains(e.getKey())) {
                continue;
            }
            List<byte[]> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                records.add(e.getValue().apply(i).getBytes(StandardCharsets.UTF_8));
            }
            out.put(e.getKey(), records);
        }
        if (known.contains(Decoders.OTLP_PROTO)) {
            List<byte[]> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                records.add(otlpProtoLog(i));
            }
            out.put(Decoders.OTLP_PROTO, records);
        }
        return out;
    }

    /** The otlp-json corpus's log record as protobuf bytes (the Collector's otlp_proto encoding). */
    private static byte[] otlpProtoLog(int i) {
        io.opentelemetry.proto.common.v1.KeyValue hostName = kv("host.name", host(i));
        io.opentelemetry.proto.logs.v1.LogRecord record = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano((T0 + i * 1000L) * 1_000_000L).setSeverityNumberValue(9).setSeverityText("INFO")
                .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("order " + i + " paid in " + (i % 900) + " ms"))
                .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("order.id")
                        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setIntValue(i)))
                .build();
        return io.opentelemetry.proto.logs.v1.LogsData.newBuilder().addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(hostName)
                                .addAttributes(kv("service.name", "checkout")))
                        .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder()
                                .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName("app"))
                                .addLogRecords(record)))
                .build().toByteArray();
    }

    private static io.opentelemetry.proto.common.v1.KeyValue kv(String key, String value) {
        return io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(key)
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Every format's records/s: the best of the rounds after the first (which warms the JIT). */
    public static List<Result> run(Map<String, List<byte[]>> corpora, int rounds) {
        List<Result> results = new ArrayList<>();
        long receivedAt = T0 + 86_400_000L;
        for (Map.Entry<String, List<byte[]>> e : corpora.entrySet()) {
            RecordDecoder decoder = new RecordDecoder(Decoders.create(e.getKey(), DecoderOptions.defaults()), "bench", 1 << 20);
            Counting out = new Counting();
            double best = 0;
            List<byte[]> records = e.getValue();
            for (int round = 0; round < rounds; round++) {
                out.events = 0;
                out.deadLetters = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < records.size(); i++) {
                    decoder.decode(records.get(i), "bench", null, i, receivedAt, out);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (round > 0) {
                    best = Math.max(best, records.size() / s);
                }
            }
            results.add(new Result(e.getKey(), records.size(), best, out.events, out.deadLetters));
        }
        return results;
    }

    /**
     * auditd from lines to process_exec events: decode, hold each event's records by host and serial until
     * complete, assemble; records/s over the lines (seven per execve). Heap maps here; the job's operator
     * keeps the same in Flink state.
     */
    public static Result assembly(int execs, int rounds) {
        List<byte[]> lines = new ArrayList<>(execs * 7);
        for (int i = 0; i < execs; i++) {
            for (String l : AgentLines.auditExec(exec(i), 1000 + i, "exec")) {
                lines.add(l.getBytes(StandardCharsets.UTF_8));
            }
        }
        RecordDecoder decoder = new RecordDecoder(Decoders.create(Decoders.AUDITD, DecoderOptions.defaults()), "bench", 1 << 20);
        long receivedAt = T0 + 86_400_000L;
        double best = 0;
        long made = 0;
        for (int round = 0; round < rounds; round++) {
            Assembler out = new Assembler();
            long t0 = System.nanoTime();
            for (int i = 0; i < lines.size(); i++) {
                decoder.decode(lines.get(i), "bench", null, i, receivedAt, out);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            made = out.made;
            if (round > 0) {
                best = Math.max(best, lines.size() / s);
            }
        }
        return new Result("auditd + assembly", lines.size(), best, made, 0);
    }

    private static AgentLines.Exec exec(int i) {
        return new AgentLines.Exec(host(i), T0 + i * 250L, 20_000 + i % 30_000, 1200 + i % 50, 1000, "deploy", "/srv/app",
                "/usr/bin/curl", List.of("curl", "-s", "-o", "/tmp/out" + (i % 100), "http://10.0.0." + (i % 250) + "/health"));
    }

    private static String auditLine(int i) {
        List<String> lines = AgentLines.auditExec(exec(i / 7), 1000 + i / 7, "exec");
        return lines.get(i % 7);
    }

    private static String host(int i) {
        return HOSTS[i % HOSTS.length];
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    /** Counts what the decoder emits, keeping nothing. */
    public static class Counting implements RecordDecoder.Output {
        public long events;
        public long deadLetters;

        @Override
        public void metric(MetricSample sample) {
            events++;
        }

        @Override
        public void log(LogRecord record) {
            events++;
        }

        @Override
        public void security(SecurityEvent event) {
            events++;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters++;
        }
    }

    /** Groups audit records by host and serial and assembles each event once it is complete. */
    private static final class Assembler extends Counting {
        final Map<String, List<SecurityEvent>> open = new HashMap<>();
        long made;

        @Override
        public void security(SecurityEvent e) {
            String type = e.attributes().get("auditd.type");
            if (type == null || !AuditEvents.isCompound(type)) {
                return;
            }
            String key = e.host() + ":" + e.attributes().get("auditd.sequence");
            List<SecurityEvent> records = open.computeIfAbsent(key, k -> new ArrayList<>(8));
            records.add(e);
            if (AuditEvents.isComplete(records)) {
                open.remove(key);
                made += AuditEvents.assemble(records).size();
            }
        }
    }
}
