package dev.vigil.jobs.cli;

import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.time.Duration;
import dev.vigil.jobs.bench.DeliveryBench;
import dev.vigil.jobs.bench.PipelineBench;
import org.apache.flink.util.TimeUtils;

/**
 * {@code vigil bench decode FILE}: decoding speed on one core, outside Flink, over a file held in memory.
 * The first rounds warm the JIT; the report gives every round so the warm-up shows.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Micro-benchmarks, one core, in memory:",
            "`vigil bench decode FILE`: lines/s of a decoder; `vigil bench decode` alone: every decoder over its own corpus,",
            "  and auditd's multi-record assembly;",
            "`vigil bench rules FILE`: events/s of Sigma detection (the rule pack, plus --rules-path) over the file's events;",
            "`vigil bench delivery [--alerts N] [--rate R]`: alert delivery latency (p50, p99) and alerts/s per receiver kind,",
            "  on a local MiniCluster to a loopback receiver;",
            "`vigil bench pipeline [--source files|kafka] [--hosts N] [--duration D]`: the whole job with everything on over a",
            "  simulated fleet: events/s after start-up, CPU per stage, event-to-alert latency (kafka), ratio to a parse-only ceiling;",
            "`vigil bench state`: bytes of checkpointed state per series of each per-series model, after one and four weeks, and its bound."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rules-path", description = "More Sigma rules for `bench rules` (files or folders).")
    List<Path> rulesPath = new ArrayList<>();

    @Option(names = "--source", defaultValue = "files", description = "Where `bench pipeline` reads: files (a replay, batch mode) or kafka (the embedded broker, streaming) (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--hosts", defaultValue = "20", description = "Simulated hosts of `bench pipeline` (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--duration", defaultValue = "24h", description = "Simulated time of `bench pipeline`, e.g. 6h, 24h (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated fleet of `bench pipeline` (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of `bench pipeline` (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--work", defaultValue = "./vigil-bench", description = "Scratch folder of `bench pipeline`, emptied first (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An option of the job under `bench pipeline` (repeatable).")
    List<String> settings = new ArrayList<>();

    @Parameters(index = "0", description = "What to measure: decode, rules, delivery, pipeline or state.")
    String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "Input file (one record per line) of decode and rules.")
    Path file;

    @Option(names = "--alerts", defaultValue = "2000", description = "Alerts sent by `bench delivery` (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--rate", defaultValue = "100", description = "Alerts per second of `bench delivery`; 0: as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--buffer-timeout", defaultValue = "100", description = "Flink's network buffer timeout in ms for `bench delivery` (default: ${DEFAULT-VALUE}, Flink's).")
    long bufferTimeout;

    @Option(names = "--format", defaultValue = "auto", description = "Decoder of `bench decode`; text or json: the report of `bench pipeline` (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--rounds", defaultValue = "5", description = "Passes over the file (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (what.equals("delivery")) {
            return delivery();
        }
        if (what.equals("pipeline")) {
            return pipeline();
        }
        if (what.equals("state")) {
            return state();
        }
        if (!what.equals("decode") && !what.equals("rules")) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "'; known: decode, rules, delivery, pipeline, state");
        }
        if (file == null && what.equals("decode")) {
            return decodeAll();
        }
        if (file == null) {
            throw new IllegalArgumentException("`vigil bench " + what + "` needs an input FILE");
        }
        if (what.equals("rules")) {
            return rules();
        }
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        RecordDecoder decoder = new RecordDecoder(Decoders.create(format, DecoderOptions.defaults()), "bench", 1 << 20);
        dev.vigil.jobs.bench.DecodeBench.Counting out = new dev.vigil.jobs.bench.DecodeBench.Counting();
        long receivedAt = System.currentTimeMillis();
        for (int round = 1; round <= rounds; round++) {
            out.events = 0;
            out.deadLetters = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < lines.size(); i++) {
                decoder.decode(lines.get(i), "bench", null, i + 1, receivedAt, out);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,d lines in %.2f s = %,.0f lines/s (%,d events, %,d dead letters)%n",
                    round, lines.size(), s, lines.size() / s, out.events, out.deadLetters);
        }
        return 0;
    }

    /** Every built-in decoder over its own generated corpus, and auditd's assembly (DecodeBench). */
    private Integer decodeAll() {
        List<dev.vigil.jobs.bench.DecodeBench.Result> results = new ArrayList<>(
                dev.vigil.jobs.bench.DecodeBench.run(dev.vigil.jobs.bench.DecodeBench.corpora(20_000), Math.max(rounds, 2)));
        results.add(dev.vigil.jobs.bench.DecodeBench.assembly(5_000, Math.max(rounds, 2)));
        System.out.printf(Locale.ROOT, "%-18s %9s %14s %9s %12s%n", "format", "records", "records/s", "events", "dead letters");
        for (dev.vigil.jobs.bench.DecodeBench.Result r : results) {
            System.out.printf(Locale.ROOT, "%-18s %,9d %,14.0f %,9d %,12d%n", r.format(), r.records(), r.recordsPerSecond(), r.events(), r.deadLetters());
        }
        System.out.println("one thread, best round after the first; 'auditd + assembly' counts audit lines, its events are process_exec events");
        return 0;
    }

    /** Detection over the file's log records and security events, as SigmaDetect does it per event. */
    private Integer rules() throws Exception {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>(dev.vigil.jobs.correlate.RuleTexts.builtin());
        for (Path p : rulesPath) {
            dev.vigil.jobs.correlate.RuleTexts.readInto(p, texts);
        }
        dev.vigil.correlate.SigmaRules rules = dev.vigil.correlate.SigmaRules.compile(texts, dev.vigil.sigma.FieldMapping.defaults(),
                java.time.Duration.ofMinutes(30));
        dev.vigil.decode.CollectingOutput events = new dev.vigil.decode.CollectingOutput();
        RecordDecoder decoder = new RecordDecoder(Decoders.create(format, DecoderOptions.defaults()), "bench", 1 << 20);
        long n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            decoder.decode(line.getBytes(StandardCharsets.UTF_8), "bench", null, ++n, System.currentTimeMillis(), events);
        }
        List<dev.vigil.sigma.DetectionRule> active = rules.activeDetections();
        dev.vigil.sigma.VigilSigmaEvent view = new dev.vigil.sigma.VigilSigmaEvent();
        int total = events.logs.size() + events.security.size();
        System.out.printf(Locale.ROOT, "%d active detection rules (of %d loaded), %d correlations; %,d events (%,d logs, %,d security)%n",
                active.size(), rules.loaded().detections().size(), rules.loaded().correlations().size(), total, events.logs.size(), events.security.size());
        for (int round = 1; round <= rounds; round++) {
            long matches = 0;
            long t0 = System.nanoTime();
            for (dev.vigil.model.LogRecord l : events.logs) {
                view.of(l);
                for (int i = 0; i < active.size(); i++) {
                    if (active.get(i).matches(view)) {
                        matches += rules.routes(active.get(i).id()).size();
                    }
                }
            }
            for (dev.vigil.model.SecurityEvent e : events.security) {
                view.of(e);
                for (int i = 0; i < active.size(); i++) {
                    if (active.get(i).matches(view)) {
                        matches += rules.routes(active.get(i).id()).size();
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,d events in %.2f s = %,.0f events/s (%,d correlation inputs)%n", round, total, s, total / s, matches);
        }
        return 0;
    }

    /** Delivery through the real stage; fails when an endpoint did not get every alert. */
    private Integer pipeline() throws Exception {
        PipelineBench.Source from = switch (source.toLowerCase(Locale.ROOT)) {
            case "files" -> PipelineBench.Source.FILES;
            case "kafka" -> PipelineBench.Source.KAFKA;
            default -> throw new IllegalArgumentException("--source must be files or kafka, was '" + source + "'");
        };
        Output.deleteTree(work);
        PipelineBench.Result r = PipelineBench.run(new PipelineBench.Settings(from, hosts, TimeUtils.parseDuration(duration),
                Duration.ofSeconds(30), seed, parallelism, work, settings));
        System.out.print(jsonFormat() ? PipelineBench.json(r) + System.lineSeparator() : PipelineBench.text(r));
        return 0;
    }

    private Integer state() throws Exception {
        System.out.printf("%-10s %-10s %-10s %-46s %s%n", "1 week", "4 weeks", "bound", "per", "model (bytes of checkpointed state, 30 s samples)");
        for (dev.vigil.eval.StateFootprint.Row r : dev.vigil.eval.StateFootprint.measure(30_000L)) {
            System.out.printf("%-10d %-10d %-10d %-46s %s%n", r.bytesAfterWeek(), r.bytesAfterFourWeeks(), r.boundBytes(), r.key(), r.model());
        }
        System.out.printf("anomaly detector state, write and read back: %.0f µs (what a serialized state backend such as RocksDB pays per sample)%n",
                dev.vigil.eval.StateFootprint.ensembleRoundTripMicros(30_000L));
        return 0;
    }

    private boolean jsonFormat() {
        return switch (format) {
            case "json" -> true;
            case "auto", "text" -> false;
            default -> throw new IllegalArgumentException("--format of `bench pipeline` must be text or json, was '" + format + "'");
        };
    }

    private Integer delivery() throws Exception {
        System.out.printf(Locale.ROOT, "%,d alerts at %s, one notification each, parallelism 2, buffer timeout %d ms%n", alerts,
                rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "full speed", bufferTimeout);
        System.out.printf(Locale.ROOT, "%-13s %8s %9s %8s %8s %8s %10s%n", "endpoint", "alerts", "requests", "p50 ms", "p99 ms", "max ms", "alerts/s");
        int missing = 0;
        for (DeliveryBench.Result r : DeliveryBench.run(alerts, rate, bufferTimeout)) {
            System.out.printf(Locale.ROOT, "%-13s %8d %9d %8d %8d %8d %10.0f%n", r.endpoint(), r.alerts(), r.requests(), r.p50Ms(), r.p99Ms(),
                    r.maxMs(), r.alertsPerSecond());
            missing += alerts - r.alerts();
        }
        if (missing > 0) {
            System.out.println(missing + " deliveries missing");
            return 1;
        }
        return 0;
    }
}
