package dev.vigil.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.eval.FuzzCorpus;
import dev.vigil.eval.FuzzEvaluation;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.sql.HistoryQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code vigil eval fuzz}: mutated records through every decoder, then a smaller fuzz file through a
 * whole replay, checking that each non-blank record yields exactly one row or one dead letter.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Drive mutated records (bit flips, truncations, splices, wrong JSON types, NaN and 1e999, far timestamps,",
            "invalid UTF-8, control characters, line terminators, 1 MiB lines, deep nesting) through every decoder, then a",
            "fuzz file through a whole replay (batch job, history). Every non-blank record must yield exactly one row or",
            "one dead letter, and no decoder may throw or hang. Exit code 1 when that does not hold."})
public final class EvalFuzzCommand implements Callable<Integer> {
    /** A record whose decoding takes longer than this is a violation; one that never returns stops the run. */
    static final Duration HANG_LIMIT = Duration.ofSeconds(10);
    /** The replay reads its file as {@code vigil replay} does by default. */
    private static final String REPLAY_FORMAT = Decoders.AUTO;

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N",
            description = "Records through every decoder; 1e6 notation allowed (default: ${DEFAULT-VALUE}).")
    String records;

    @Option(names = "--replay-lines", defaultValue = "20000", paramLabel = "M",
            description = "Lines of the fuzz file replayed through the job; 0 skips the replay (default: ${DEFAULT-VALUE}).")
    String replayLines;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the corpus (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--threads", paramLabel = "T", description = "Decoding threads (default: the number of cores).")
    String threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Keep the fuzz file and the replay's history here (default: a temporary folder, deleted afterwards).")
    Path out;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        long n = count("--records", records, 1);
        long m = count("--replay-lines", replayLines, 0);
        long s = whole("--seed", seed);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : (int) Math.min(count("--threads", threads, 1), 256);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("--format must be text or json, not '" + format + "'");
        }
        Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("vigil-fuzz");
        Path replayOut = dir.resolve("replay");
        VigilConfig config = configMixin.load(ReplayCommand.replaySettings(replayOut, List.of("alerts.console=false")));
        Function<String, RecordDecoder> decoders = name -> Wiring.ingest(config, name, "fuzz").newDecoder();
        try {
            FuzzCorpus corpus = FuzzCorpus.create(s);
            FuzzEvaluation.Result result = FuzzEvaluation.run(corpus,
                    new FuzzEvaluation.Settings(n, Decoders.names(), t, HANG_LIMIT), decoders);
            FuzzEvaluation.ReplayCheck replay = null;
            if (m > 0 && !result.hung()) {
                Path file = dir.resolve("fuzz.log");
                corpus.write(file, m);
                FuzzEvaluation.Lines lines = FuzzEvaluation.countLines(file);
                FuzzEvaluation.Counts expected = FuzzEvaluation.run(corpus,
                        new FuzzEvaluation.Settings(m, List.of(REPLAY_FORMAT), t, HANG_LIMIT), decoders).byFormat().get(REPLAY_FORMAT);
                long started = System.nanoTime();
                Path history = ReplayCommand.run(List.of(file.toString()), replayOut, REPLAY_FORMAT, null, config, corpus.receivedAt());
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Long> kinds = new HashMap<>();
                long deadLetters;
                try (HistoryQuery q = new HistoryQuery(history)) {
                    for (List<Object> row : q.query("SELECT kind, count(*) FROM events GROUP BY kind").rows()) {
                        kinds.put((String) row.get(0), ((Number) row.get(1)).longValue());
                    }
                    deadLetters = ((Number) q.query("SELECT count(*) FROM dead_letters").scalar()).longValue();
                }
                replay = FuzzEvaluation.ReplayCheck.of(lines, expected, kinds.getOrDefault("metric", 0L), kinds.getOrDefault("log", 0L),
                        kinds.getOrDefault("security", 0L), deadLetters, seconds);
            }
            if (format.equals("json")) {
                System.out.println(json(result, replay));
            } else {
                System.out.print(text(result, replay, out == null ? null : dir));
            }
            return result.passed() && (replay == null || replay.passed()) ? 0 : 1;
        } finally {
            if (out == null) {
                Output.deleteTree(dir);
            }
        }
    }

    /** A whole number of at least {@code min}, written out or as 1e6. */
    static long count(String option, String text, long min) {
        long v;
        try {
            v = new BigDecimal(text.trim().replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " must be a whole number such as 20000 or 1e6, not '" + text + "'");
        }
        if (v < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", not " + text);
        }
        return v;
    }

    private static long whole(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + text + "'");
        }
    }

    private static String text(FuzzEvaluation.Result r, FuzzEvaluation.ReplayCheck replay, Path kept) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%,d records (seed %d) through %s on %d thread(s) in %.1f s: %,.0f records/s (%,.0f decodings/s)%n",
                r.records(), r.seed(), String.join(", ", r.byFormat().keySet()), r.threads(), r.seconds(), r.recordsPerSecond(),
                r.decodesPerSecond()));
        s.append(String.format(Locale.ROOT, "%n%-16s %9s %8s %9s %9s %9s %9s %9s %12s %10s %16s%n", "decoder", "records", "blank",
                "metric", "log", "security", "derived", "rows", "dead letters", "violations", "records/s 1 core"));
        for (Map.Entry<String, FuzzEvaluation.Counts> e : r.byFormat().entrySet()) {
            FuzzEvaluation.Counts c = e.getValue();
            s.append(String.format(Locale.ROOT, "%-16s %9d %8d %9d %9d %9d %9d %9d %12d %10d %,16.0f%n", e.getKey(), c.records(), c.blank(),
                    c.metrics(), c.logs(), c.securityRows(), c.derivedSecurity(), c.rows(), c.deadLetters(), c.violations(),
                    c.recordsPerSecond()));
        }
        s.append(String.format(Locale.ROOT, "(rows: metric, log and Vigil JSON security records; derived: security events found in log rows, not rows)%n"));
        s.append(String.format(Locale.ROOT, "%n%-17s %9s %8s  dead letters per decoder%n", "mutation", "records", "blank"));
        for (Map.Entry<FuzzCorpus.Mutation, FuzzEvaluation.MutationCounts> e : r.byMutation().entrySet()) {
            FuzzEvaluation.MutationCounts c = e.getValue();
            StringBuilder dl = new StringBuilder();
            for (String f : r.byFormat().keySet()) {
                dl.append(String.format(Locale.ROOT, "  %s %d", f, c.deadLetters().get(f)));
            }
            s.append(String.format(Locale.ROOT, "%-17s %9d %8d %s%n", e.getKey().label(), c.records(), c.blank(), dl));
        }
        FuzzEvaluation.Slowest slow = r.slowest();
        FuzzEvaluation.Slowest longest = r.longest();
        if (slow != null) {
            s.append(String.format(Locale.ROOT, "%nslowest record: #%d (%s, %,d bytes) under %s: %s alone (%s in the run)%n",
                    slow.index(), slow.mutation().label(), slow.bytes(), slow.format(), time(slow.aloneNanos()), time(slow.nanos())));
            s.append(String.format(Locale.ROOT, "longest decoding in the run: #%d (%s, %,d bytes) under %s: %s (%s alone); hang limit %d s%n",
                    longest.index(), longest.mutation().label(), longest.bytes(), longest.format(), time(longest.nanos()),
                    time(longest.aloneNanos()), HANG_LIMIT.toSeconds()));
        }
        if (replay != null) {
            s.append(String.format(Locale.ROOT, "%nreplay: %,d lines (%,d non-blank) through the job (batch) in %.1f s: %d metric + %d log"
                            + " + %d security rows + %d dead letters = %d for %d non-blank lines; %d security events in all (%d in memory)%n",
                    replay.lines().lines(), replay.lines().nonBlank(), replay.seconds(), replay.metrics(), replay.logs(),
                    replay.expected().securityRows(), replay.deadLetters(), replay.accounted(), replay.lines().nonBlank(), replay.security(),
                    replay.expected().securityRows() + replay.expected().derivedSecurity()));
            for (String p : replay.problems()) {
                s.append("  replay: ").append(p).append('\n');
            }
        }
        if (kept != null) {
            s.append("fuzz file and replay history: ").append(kept).append('\n');
        }
        if (r.passed() && (replay == null || replay.passed())) {
            s.append(String.format(Locale.ROOT, "%nok: no exception, no hang, every non-blank record one row or one dead letter%s%n",
                    replay == null ? " (decoders only; no replay)" : ", in the decoders and in the replay"));
        } else {
            s.append(String.format(Locale.ROOT, "%nFAILED: %d violation(s)%s%s%n", r.violations(), r.hung() ? ", a decoder hung" : "",
                    replay != null && !replay.passed() ? ", the replay's counts differ" : ""));
            for (FuzzEvaluation.Violation v : r.examples()) {
                s.append("  ").append(v).append('\n');
            }
        }
        return s.toString();
    }

    private static String time(long nanos) {
        return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6) : String.format(Locale.ROOT, "%d µs", nanos / 1_000);
    }

    private static String json(FuzzEvaluation.Result r, FuzzEvaluation.ReplayCheck replay) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("passed", r.passed() && (replay == null || replay.passed()));
        root.put("seed", r.seed());
        root.put("records", r.records());
        root.put("threads", r.threads());
        root.put("seconds", Output.round(r.seconds()));
        root.put("records_per_s", Math.round(r.recordsPerSecond()));
        root.put("decodings_per_s", Math.round(r.decodesPerSecond()));
        root.put("violations", r.violations());
        root.put("hung", r.hung());
        ObjectNode decoders = root.putObject("decoders");
        for (Map.Entry<String, FuzzEvaluation.Counts> e : r.byFormat().entrySet()) {
            FuzzEvaluation.Counts c = e.getValue();
            ObjectNode o = decoders.putObject(e.getKey());
            o.put("records", c.records());
            o.put("blank", c.blank());
            o.put("metric_rows", c.metrics());
            o.put("log_rows", c.logs());
            o.put("security_rows", c.securityRows());
            o.put("derived_security", c.derivedSecurity());
            o.put("dead_letters", c.deadLetters());
            o.put("violations", c.violations());
            o.put("records_per_s_one_core", Math.round(c.recordsPerSecond()));
        }
        ObjectNode mutations = root.putObject("mutations");
        for (Map.Entry<FuzzCorpus.Mutation, FuzzEvaluation.MutationCounts> e : r.byMutation().entrySet()) {
            ObjectNode o = mutations.putObject(e.getKey().label());
            o.put("records", e.getValue().records());
            o.put("blank", e.getValue().blank());
            ObjectNode dl = o.putObject("dead_letters");
            for (String f : r.byFormat().keySet()) {
                dl.put(f, e.getValue().deadLetters().get(f));
            }
        }
        slowest(root, "slowest", r.slowest());
        slowest(root, "longest", r.longest());
        ArrayNode examples = root.putArray("examples");
        for (FuzzEvaluation.Violation v : r.examples()) {
            examples.addObject().put("decoder", v.format()).put("index", v.index()).put("mutation", v.mutation().label())
                    .put("problem", v.problem()).put("record", v.record());
        }
        if (replay != null) {
            ObjectNode o = root.putObject("replay");
            o.put("passed", replay.passed());
            o.put("lines", replay.lines().lines());
            o.put("non_blank_lines", replay.lines().nonBlank());
            o.put("metric_rows", replay.metrics());
            o.put("log_rows", replay.logs());
            o.put("security_rows", replay.expected().securityRows());
            o.put("security_events", replay.security());
            o.put("dead_letters", replay.deadLetters());
            o.put("seconds", Output.round(replay.seconds()));
            ArrayNode problems = o.putArray("problems");
            replay.problems().forEach(problems::add);
        }
        return mapper.writeValueAsString(root);
    }

    private static void slowest(ObjectNode root, String name, FuzzEvaluation.Slowest slow) {
        if (slow != null) {
            ObjectNode o = root.putObject(name);
            o.put("index", slow.index());
            o.put("mutation", slow.mutation().label());
            o.put("decoder", slow.format());
            o.put("bytes", slow.bytes());
            o.put("ms_in_run", Output.round(slow.nanos() / 1e6));
            o.put("ms_alone", Output.round(slow.aloneNanos() / 1e6));
        }
    }
}
