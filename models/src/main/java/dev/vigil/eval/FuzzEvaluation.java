package dev.vigil.eval;

import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Drives a {@link FuzzCorpus} through decoders and checks, record by record, what ingestion promises:
 * no exception escapes {@link RecordDecoder#decode}, a blank record yields nothing, and every other
 * record yields exactly one row or exactly one dead letter, never both, and {@code decode} returns
 * false exactly when it dead-lettered.
 *
 * <p>A record's <em>row</em> is its primary event: the metric sample or the log record it carries, or,
 * for a Vigil JSON {@code "kind":"security"} line, that security event. Security events a decoder
 * derives from a log line (an sshd failure, an OOM kill) follow the log record and are counted apart
 * as derived facts; they are not rows.
 *
 * <p>Each record is timed. A decoder that does not return within the hang limit is reported as a
 * violation and the run stops there (a thread cannot be stopped safely, so the stuck one, a daemon, is
 * abandoned). The slowest records are timed again alone after the run, since a time measured among
 * millions of others can include a garbage-collection pause or a preemption; both times are reported.
 */
public final class FuzzEvaluation {
    /** How many violations are kept as examples; all are counted. */
    public static final int EXAMPLES = 5;

    private FuzzEvaluation() {}

    /**
     * What to run.
     *
     * @param records   records of the corpus, from index 0
     * @param formats   decoder names, each given every record
     * @param threads   worker threads; the corpus is cut into this many contiguous ranges
     * @param hangLimit a record whose decoding takes longer is a violation; one that never returns stops the run
     */
    public record Settings(long records, List<String> formats, int threads, Duration hangLimit) {
        public Settings {
            if (records < 1) {
                throw new IllegalArgumentException("records must be at least 1, was " + records);
            }
            formats = List.copyOf(formats);
            if (formats.isEmpty()) {
                throw new IllegalArgumentException("formats must name at least one decoder");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            if (hangLimit.isNegative() || hangLimit.isZero()) {
                throw new IllegalArgumentException("hangLimit must be positive, was " + hangLimit);
            }
        }
    }

    /**
     * What one decoder made of the records.
     *
     * @param records         records given to it
     * @param blank           of which blank (they must yield nothing)
     * @param metrics         rows that are metric samples
     * @param logs            rows that are log records
     * @param securityRows    rows that are security events (Vigil JSON security lines)
     * @param derivedSecurity security events derived from log rows (not rows)
     * @param deadLetters     records dead-lettered
     * @param violations      records that broke the invariant
     * @param decodeNanos     time spent in {@code decode}, summed (one thread's worth of work)
     */
    public record Counts(long records, long blank, long metrics, long logs, long securityRows, long derivedSecurity,
                         long deadLetters, long violations, long decodeNanos) {
        public long rows() {
            return metrics + logs + securityRows;
        }

        public long nonBlank() {
            return records - blank;
        }

        /** Records per second of decoding time: one core's throughput for this decoder. */
        public double recordsPerSecond() {
            return decodeNanos == 0 ? 0 : records * 1e9 / decodeNanos;
        }
    }

    /**
     * One mutation's records.
     *
     * @param records     how many records had it
     * @param blank       of which blank
     * @param deadLetters dead letters per decoder
     */
    public record MutationCounts(long records, long blank, Map<String, Long> deadLetters) {
        public MutationCounts {
            deadLetters = Map.copyOf(deadLetters);
        }
    }

    /** A record that broke the invariant under one decoder. */
    public record Violation(String format, long index, FuzzCorpus.Mutation mutation, String problem, String record) {
        @Override
        public String toString() {
            return format + " record #" + index + " (" + mutation.label() + "): " + problem + "; record: " + record;
        }
    }

    /**
     * How many of each thread's slowest decodings per decoder and mutation are timed again alone: per
     * mutation, so that the inherently slow kinds (1 MiB lines, deep nesting) are among them however many
     * cheap records a pause happened to hit.
     */
    static final int RETIMED = 2;

    /**
     * The slowest decoding.
     *
     * @param nanos      its time in the run
     * @param aloneNanos the fastest of three decodings of the same record alone, after the run, by a fresh decoder
     */
    public record Slowest(String format, long index, FuzzCorpus.Mutation mutation, int bytes, long nanos, long aloneNanos) {}

    /**
     * The run's outcome.
     *
     * @param records     records generated and decoded (fewer than asked only after a hang)
     * @param byFormat    counts per decoder, in the order given
     * @param byMutation  counts per mutation
     * @param violations  records that broke the invariant, over all decoders
     * @param examples    the first few of them, by index
     * @param slowest     of the slowest decodings in the run, the one slowest again when timed alone (null after a hang)
     * @param longest     the longest decoding in the run, whatever made it long (null after a hang)
     * @param hung        whether a decoder did not return within the hang limit (the run stopped there)
     * @param seconds     wall time, generating the records included
     */
    public record Result(long seed, long records, int threads, Map<String, Counts> byFormat,
                         Map<FuzzCorpus.Mutation, MutationCounts> byMutation, long violations, List<Violation> examples,
                         Slowest slowest, Slowest longest, boolean hung, double seconds) {
        public Result {
            byFormat = Collections.unmodifiableMap(new LinkedHashMap<>(byFormat));
            byMutation = Collections.unmodifiableMap(new EnumMap<>(byMutation));
            examples = List.copyOf(examples);
        }

        public boolean passed() {
            return violations == 0 && !hung;
        }

        /** Records per second, each through every decoder, on {@link #threads} threads (generation included). */
        public double recordsPerSecond() {
            return seconds == 0 ? 0 : records / seconds;
        }

        /** Decodings (record × decoder) per second on {@link #threads} threads. */
        public double decodesPerSecond() {
            return recordsPerSecond() * byFormat.size();
        }
    }

    /** A file's lines as the replay's reader splits them (at line feeds), and how many are not blank. */
    public record Lines(long lines, long nonBlank) {}

    /**
     * Counts a file's lines, split at line feeds only (a carriage return is white space, not a line end),
     * a last line without a line feed included, and the non-blank ones by {@link RecordDecoder#isBlank}.
     */
    public static Lines countLines(Path file) throws IOException {
        long lines = 0;
        long nonBlank = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    lines++;
                    nonBlank += RecordDecoder.isBlank(line.toByteArray()) ? 0 : 1;
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            lines++;
            nonBlank += RecordDecoder.isBlank(line.toByteArray()) ? 0 : 1;
        }
        return new Lines(lines, nonBlank);
    }

    /**
     * A whole replay of a fuzz file checked against the decoders: the history's metric and log events,
     * plus the security rows the decoders found in memory (the history cannot tell a Vigil JSON security
     * line from a fact derived from a log line), plus its dead letters, must equal the file's non-blank
     * lines; and each kind must equal what the same decoder made of the same records in memory.
     *
     * @param lines    the replayed file's lines
     * @param expected the replay's decoder over the same records in memory, at the same receive time
     * @param problems what did not hold; empty when the replay passed
     */
    public record ReplayCheck(Lines lines, Counts expected, long metrics, long logs, long security, long deadLetters,
                              double seconds, List<String> problems) {
        public ReplayCheck {
            problems = List.copyOf(problems);
        }

        /** Rows and dead letters in the history. */
        public long accounted() {
            return metrics + logs + expected.securityRows() + deadLetters;
        }

        public boolean passed() {
            return problems.isEmpty();
        }

        public static ReplayCheck of(Lines lines, Counts expected, long metrics, long logs, long security, long deadLetters,
                                     double seconds) {
            List<String> problems = new ArrayList<>();
            long accounted = metrics + logs + expected.securityRows() + deadLetters;
            if (accounted != lines.nonBlank()) {
                problems.add("the history holds " + accounted + " rows and dead letters for " + lines.nonBlank() + " non-blank lines");
            }
            if (lines.nonBlank() != expected.nonBlank()) {
                problems.add("the file has " + lines.nonBlank() + " non-blank lines but the corpus " + expected.nonBlank()
                        + " non-blank records");
            }
            compare(problems, "metric events", metrics, expected.metrics());
            compare(problems, "log events", logs, expected.logs());
            compare(problems, "security events", security, expected.securityRows() + expected.derivedSecurity());
            compare(problems, "dead letters", deadLetters, expected.deadLetters());
            return new ReplayCheck(lines, expected, metrics, logs, security, deadLetters, seconds, problems);
        }

        private static void compare(List<String> problems, String what, long history, long inMemory) {
            if (history != inMemory) {
                problems.add("the history holds " + history + " " + what + ", the decoder made " + inMemory + " in memory");
            }
        }
    }

    /**
     * Runs the corpus through the decoders.
     *
     * @param decoders builds a fresh decoder for a format name; each thread gets its own
     */
    public static Result run(FuzzCorpus corpus, Settings settings, Function<String, RecordDecoder> decoders) {
        List<Worker> workers = new ArrayList<>();
        long n = settings.records();
        for (int t = 0; t < settings.threads(); t++) {
            long from = n * t / settings.threads();
            long to = n * (t + 1) / settings.threads();
            List<RecordDecoder> ds = new ArrayList<>();
            for (String f : settings.formats()) {
                ds.add(decoders.apply(f));
            }
            workers.add(new Worker(corpus, settings.formats(), ds, from, to, settings.hangLimit().toNanos()));
        }
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers.size(); t++) {
            Thread thread = new Thread(workers.get(t), "fuzz-" + t);
            // A decoder stuck in a loop cannot be stopped; a daemon thread at least lets the JVM exit.
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Worker stuck = watch(workers, threads, settings.hangLimit().toNanos());
        if (stuck != null) {
            for (Worker w : workers) {
                w.stop = true;
            }
            for (int t = 0; t < threads.size(); t++) {
                if (workers.get(t) != stuck) {
                    joinQuietly(threads.get(t));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return merge(corpus, settings, workers, stuck, seconds, decoders);
    }

    /** Waits for the workers; returns the one stuck past the hang limit, or null when all finished. */
    private static Worker watch(List<Worker> workers, List<Thread> threads, long hangNanos) {
        while (true) {
            boolean alive = false;
            for (int t = 0; t < threads.size(); t++) {
                Thread thread = threads.get(t);
                try {
                    thread.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while fuzzing", e);
                }
                if (thread.isAlive()) {
                    alive = true;
                    Worker w = workers.get(t);
                    long since = w.currentStart;
                    if (since != 0 && System.nanoTime() - since > hangNanos) {
                        return w;
                    }
                }
            }
            if (!alive) {
                for (Worker w : workers) {
                    if (w.failure != null) {
                        throw new IllegalStateException("fuzz worker failed outside the decoders (a corpus bug): " + w.failure, w.failure);
                    }
                }
                return null;
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds up the workers' counts. After a hang the stuck worker is blocked inside its decoder, so its
     * counts are read while it cannot change them (if possibly a few records stale: it was never joined).
     */
    private static Result merge(FuzzCorpus corpus, Settings settings, List<Worker> workers, Worker stuck, double seconds,
                                Function<String, RecordDecoder> decoders) {
        List<String> formats = settings.formats();
        int f = formats.size();
        long[][] counts = new long[f][Tally.FIELDS];
        int m = FuzzCorpus.Mutation.values().length;
        long[][] mutationCounts = new long[m][2 + f];
        long records = 0;
        long violations = 0;
        List<Violation> examples = new ArrayList<>();
        List<Slowest> candidates = new ArrayList<>();
        for (Worker w : workers) {
            records += w.done;
            violations += w.violations;
            examples.addAll(w.examples);
            for (int k = 0; k < f; k++) {
                for (int c = 0; c < Tally.FIELDS; c++) {
                    counts[k][c] += w.counts[k][c];
                }
            }
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < 2 + f; c++) {
                    mutationCounts[k][c] += w.mutationCounts[k][c];
                }
            }
            for (PriorityQueue<Slowest> q : w.slowest) {
                candidates.addAll(q);
            }
        }
        if (stuck != null) {
            violations++;
            long at = stuck.currentIndex;
            FuzzCorpus.Record r = corpus.record(at);
            examples.add(0, new Violation(formats.get(stuck.currentFormat), at, r.mutation(),
                    "no result after " + settings.hangLimit().toSeconds() + " s (hang; the run stopped)", r.toString()));
        }
        examples.sort(Comparator.comparingLong(Violation::index));
        Map<String, Counts> byFormat = new LinkedHashMap<>();
        for (int k = 0; k < f; k++) {
            long[] c = counts[k];
            byFormat.put(formats.get(k), new Counts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]));
        }
        Map<FuzzCorpus.Mutation, MutationCounts> byMutation = new EnumMap<>(FuzzCorpus.Mutation.class);
        for (FuzzCorpus.Mutation mu : FuzzCorpus.Mutation.values()) {
            long[] c = mutationCounts[mu.ordinal()];
            if (c[0] == 0) {
                continue;
            }
            Map<String, Long> dl = new LinkedHashMap<>();
            for (int k = 0; k < f; k++) {
                dl.put(formats.get(k), c[2 + k]);
            }
            byMutation.put(mu, new MutationCounts(c[0], c[1], dl));
        }
        // A stuck decoder would be met again: no second timing after a hang.
        List<Slowest> retimed = stuck != null ? List.of() : retime(corpus, candidates, decoders);
        Slowest slowest = retimed.stream().max(Comparator.comparingLong(Slowest::aloneNanos)).orElse(null);
        Slowest longest = retimed.stream().max(Comparator.comparingLong(Slowest::nanos)).orElse(null);
        return new Result(corpus.seed(), records, settings.threads(), byFormat, byMutation, violations,
                examples.subList(0, Math.min(EXAMPLES, examples.size())), slowest, longest, stuck != null, seconds);
    }

    /** Decodes each candidate again, three times alone, and keeps the fastest of the three. */
    private static List<Slowest> retime(FuzzCorpus corpus, List<Slowest> candidates, Function<String, RecordDecoder> decoders) {
        List<Slowest> retimed = new ArrayList<>();
        Tally tally = new Tally();
        for (Slowest c : candidates) {
            RecordDecoder decoder = decoders.apply(c.format());
            byte[] raw = corpus.record(c.index()).unsafeBytes();
            long best = Long.MAX_VALUE;
            for (int k = 0; k < 3; k++) {
                tally.reset();
                long t0 = System.nanoTime();
                decoder.decode(raw, "fuzz", null, c.index(), corpus.receivedAt(), tally);
                best = Math.min(best, System.nanoTime() - t0);
            }
            retimed.add(new Slowest(c.format(), c.index(), c.mutation(), c.bytes(), c.nanos(), best));
        }
        return retimed;
    }

    /** What one decoder emitted for one record. */
    private static final class Tally implements RecordDecoder.Output {
        static final int FIELDS = 9;
        int metrics;
        int logs;
        int securityRows;
        int derived;
        int deadLetters;
        /** Whether a row came before the current event: later security events are facts derived from it. */
        boolean rowSeen;
        /** An event after the record's dead letter: the record was half-ingested. */
        String disorder;

        void reset() {
            metrics = 0;
            logs = 0;
            securityRows = 0;
            derived = 0;
            deadLetters = 0;
            rowSeen = false;
            disorder = null;
        }

        @Override
        public void metric(MetricSample sample) {
            event("a metric");
            metrics++;
            rowSeen = true;
        }

        @Override
        public void log(LogRecord record) {
            event("a log record");
            logs++;
            rowSeen = true;
        }

        @Override
        public void security(SecurityEvent event) {
            if (deadLetters > 0 && disorder == null) {
                disorder = "a security event after its dead letter";
            }
            if (rowSeen) {
                derived++;
            } else {
                securityRows++;
                rowSeen = true;
            }
        }

        private void event(String what) {
            if (deadLetters > 0 && disorder == null) {
                disorder = what + " after its dead letter";
            }
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters++;
        }

        int rows() {
            return metrics + logs + securityRows;
        }
    }

    private static final class Worker implements Runnable {
        final FuzzCorpus corpus;
        final List<String> formats;
        final List<RecordDecoder> decoders;
        final long from;
        final long to;
        final long hangNanos;
        final long[][] counts;
        final long[][] mutationCounts;
        final List<Violation> examples = new ArrayList<>();
        long violations;
        long done;
        /** The slowest decodings so far per decoder and mutation (index decoder × mutations + mutation), fastest first. */
        final List<PriorityQueue<Slowest>> slowest = new ArrayList<>();
        volatile long currentStart;
        volatile long currentIndex;
        volatile int currentFormat;
        volatile boolean stop;
        volatile Throwable failure;

        Worker(FuzzCorpus corpus, List<String> formats, List<RecordDecoder> decoders, long from, long to, long hangNanos) {
            this.corpus = corpus;
            this.formats = formats;
            this.decoders = decoders;
            this.from = from;
            this.to = to;
            this.hangNanos = hangNanos;
            this.counts = new long[formats.size()][Tally.FIELDS];
            this.mutationCounts = new long[FuzzCorpus.Mutation.values().length][2 + formats.size()];
            for (int k = 0; k < formats.size() * FuzzCorpus.Mutation.values().length; k++) {
                slowest.add(new PriorityQueue<>(Comparator.comparingLong(Slowest::nanos)));
            }
        }

        @Override
        public void run() {
            try {
                Tally tally = new Tally();
                for (long i = from; i < to && !stop; i++) {
                    FuzzCorpus.Record record = corpus.record(i);
                    byte[] raw = record.unsafeBytes();
                    boolean blank = RecordDecoder.isBlank(raw);
                    long[] mc = mutationCounts[record.mutation().ordinal()];
                    mc[0]++;
                    if (blank) {
                        mc[1]++;
                    }
                    for (int k = 0; k < decoders.size(); k++) {
                        tally.reset();
                        currentIndex = i;
                        currentFormat = k;
                        long t0 = System.nanoTime();
                        currentStart = t0;
                        String problem = null;
                        boolean ok;
                        try {
                            ok = decoders.get(k).decode(raw, "fuzz", null, i, corpus.receivedAt(), tally);
                        } catch (Throwable e) {
                            ok = false;
                            problem = "decode threw " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                        }
                        long nanos = System.nanoTime() - t0;
                        currentStart = 0;
                        if (problem == null) {
                            problem = check(blank, ok, tally);
                        }
                        if (problem == null && nanos > hangNanos) {
                            problem = "took " + nanos / 1_000_000 + " ms, over the hang limit";
                        }
                        long[] c = counts[k];
                        c[0]++;
                        c[1] += blank ? 1 : 0;
                        c[2] += tally.metrics;
                        c[3] += tally.logs;
                        c[4] += tally.securityRows;
                        c[5] += tally.derived;
                        c[6] += tally.deadLetters;
                        c[8] += nanos;
                        mc[2 + k] += tally.deadLetters;
                        if (problem != null) {
                            c[7]++;
                            violations++;
                            if (examples.size() < EXAMPLES) {
                                examples.add(new Violation(formats.get(k), i, record.mutation(), problem, record.toString()));
                            }
                        }
                        PriorityQueue<Slowest> top = slowest.get(k * FuzzCorpus.Mutation.values().length + record.mutation().ordinal());
                        if (top.size() < RETIMED || nanos > top.peek().nanos()) {
                            top.add(new Slowest(formats.get(k), i, record.mutation(), record.length(), nanos, 0));
                            if (top.size() > RETIMED) {
                                top.poll();
                            }
                        }
                    }
                    done++;
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        /** The invariant for one record under one decoder; null when it holds. */
        private static String check(boolean blank, boolean ok, Tally t) {
            if (t.disorder != null) {
                return t.disorder;
            }
            if (blank) {
                if (t.rows() + t.deadLetters + t.derived > 0) {
                    return "a blank record yielded " + t.rows() + " row(s), " + t.deadLetters + " dead letter(s)";
                }
                return ok ? null : "decode returned false for a blank record";
            }
            if (t.rows() + t.deadLetters != 1) {
                return "yielded " + t.rows() + " row(s) (" + t.metrics + " metric, " + t.logs + " log, " + t.securityRows
                        + " security) and " + t.deadLetters + " dead letter(s), not exactly one";
            }
            if (t.deadLetters == 1 && t.derived > 0) {
                return "yielded a dead letter and " + t.derived + " security event(s)";
            }
            if (ok == (t.deadLetters == 1)) {
                return "decode returned " + ok + (ok ? " after a dead letter" : " without a dead letter");
            }
            return null;
        }
    }
}
