package dev.vigil.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulationFiles;
import dev.vigil.simulate.SimulatorConfig;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil bench pipeline}: the standard workload (a simulated fleet: metrics and syslog, with injected
 * incidents) through the whole job with everything on, on a local MiniCluster, from files (a replay, batch
 * mode) or from the embedded Kafka broker (streaming). It reports events/s after start-up, the CPU each
 * stage took per million events, event-to-alert latency at half the measured rate (Kafka), and the ratio
 * to a Jackson parse-only ceiling measured in the same run.
 * <p>
 * Start-up is measured as a one-host, 30-minute run of the same kind just before, and subtracted: what
 * remains is the time the job spends on the events. The benchmark lives outside the cluster jar.
 */
public final class PipelineBench {
    /** Where the events come from. */
    public enum Source { FILES, KAFKA }

    /**
     * @param step     metric scrape interval of the simulated fleet
     * @param work     scratch folder (inputs, history, broker log), empty or absent
     * @param settings extra option settings (key=value) over the benchmark's
     */
    public record Settings(Source source, int hosts, Duration duration, Duration step, long seed, int parallelism,
                           Path work, List<String> settings) {
        public Settings {
            if (hosts < 1) {
                throw new IllegalArgumentException("--hosts must be at least 1, was " + hosts);
            }
            settings = List.copyOf(settings);
        }
    }

    /** CPU seconds of one stage (a chain of operators, as Flink runs it) per million events. */
    public record StageCpu(String stage, double cpuSeconds, double cpuSecondsPerMillionEvents) {}

    /**
     * @param events                 input records (metric samples and log lines)
     * @param startupSeconds         the one-host, 30-minute run
     * @param seconds                the whole run
     * @param eventsPerSecond        events / (seconds - startupSeconds)
     * @param parseCeilingPerSecond  Jackson tree parses per second of the metric lines on one thread, times the parallelism
     * @param ratioToCeiling         eventsPerSecond / parseCeilingPerSecond
     * @param latencyRate            events/s the latency run was paced at (half the measured rate); 0 for files
     * @param latencyP50Ms           median event-to-alert latency; NaN when not measured
     * @param latencyP99Ms           99th percentile; NaN when not measured
     * @param alerts                 alerts of the measured run
     */
    public record Result(String source, int hosts, String duration, int parallelism, long events, double startupSeconds,
                         double seconds, double eventsPerSecond, double processCpuSeconds, List<StageCpu> stages,
                         double parseCeilingPerSecond, double ratioToCeiling, double latencyRate, int latencyAlerts,
                         double latencyP50Ms, double latencyP99Ms, long alerts) {
        public Result {
            stages = List.copyOf(stages);
        }
    }

    private PipelineBench() {}

    public static Result run(Settings s) throws Exception {
        Files.createDirectories(s.work());
        SimulatorConfig fleet = new SimulatorConfig(s.hosts(), SimulatorConfig.DEFAULT_START, s.duration(), s.step(), s.seed(), true);
        SimulatorConfig tiny = new SimulatorConfig(1, SimulatorConfig.DEFAULT_START, Duration.ofMinutes(30), s.step(), s.seed(), false);
        return s.source() == Source.FILES ? files(s, fleet, tiny) : kafka(s, fleet, tiny);
    }

    private static Result files(Settings s, SimulatorConfig fleet, SimulatorConfig tiny) throws Exception {
        SimulationFiles.Written tinyIn = SimulationFiles.write(tiny, new FleetSimulator(tiny), s.work().resolve("tiny"));
        double startup = timed(() -> replay(s, List.of(tinyIn.metrics(), tinyIn.logs()), s.work().resolve("tiny-out"), "tiny"));
        SimulationFiles.Written in = SimulationFiles.write(fleet, new FleetSimulator(fleet), s.work().resolve("in"));
        double ceiling = ParseCeiling.perSecond(ParseCeiling.lines(in.metrics())) * s.parallelism();
        long events = in.metricLines() + in.logLines();
        ThreadCpu cpu = new ThreadCpu(200);
        long cpuBefore = processCpuNanos();
        String run = UUID.randomUUID().toString();
        long[] alerts = new long[1];
        double seconds = timed(() -> alerts[0] = replay(s, List.of(in.metrics(), in.logs()), s.work().resolve("out"), run));
        double processCpu = (processCpuNanos() - cpuBefore) / 1e9;
        return result(s, events, startup, seconds, processCpu, cpu.stop(), ceiling, 0, List.of(), new TreeMap<>(), alerts[0]);
    }

    /** Replays files through the job in batch mode, as {@code vigil replay} does; returns the alerts that arrived. */
    private static long replay(Settings s, List<Path> inputs, Path out, String run) throws Exception {
        VigilConfig config = config(s, out);
        List<String> files = inputs.stream().map(p -> p.toAbsolutePath().toString()).toList();
        StreamExecutionEnvironment env = LocalFlink.environment(s.parallelism(), RuntimeExecutionMode.BATCH,
                config.get(VigilOptions.CHECKPOINT_INTERVAL), null, null);
        AlertArrivals arrivals = AlertArrivals.forRun(run);
        new VigilJob(Wiring.files(files, Wiring.ingest(config, "auto", "replay"), System.currentTimeMillis(), config),
                withArrivals(Wiring.sinks(config, out.resolve("history").toString()), arrivals), config).build(env);
        env.execute("vigil bench pipeline");
        return AlertArrivals.take(run).size();
    }

    private static Result kafka(Settings s, SimulatorConfig fleet, SimulatorConfig tiny) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60), s.work().resolve("kafka"), 0)) {
            Topics tinyTopics = Topics.create(kafka, "bench-tiny", s.parallelism());
            publishAll(kafka, new FleetSimulator(tiny), tinyTopics);
            double startup = timed(() -> streamBounded(s, kafka, tinyTopics, s.work().resolve("tiny-out"), "tiny"));

            Topics topics = Topics.create(kafka, "bench", s.parallelism());
            long events = publishAll(kafka, new FleetSimulator(fleet), topics);
            // The fleet's metric lines, in memory, for the parse ceiling: nothing to write or read back.
            List<byte[]> metricLines = new ArrayList<>();
            new FleetSimulator(fleet).run(r -> {
                if (r.stream().equals(SimRecord.METRICS)) {
                    metricLines.add(r.text().getBytes(StandardCharsets.UTF_8));
                }
            });
            double ceiling = ParseCeiling.perSecond(metricLines) * s.parallelism();
            ThreadCpu cpu = new ThreadCpu(200);
            long cpuBefore = processCpuNanos();
            String run = UUID.randomUUID().toString();
            long[] alerts = new long[1];
            double seconds = timed(() -> alerts[0] = streamBounded(s, kafka, topics, s.work().resolve("out"), run));
            double processCpu = (processCpuNanos() - cpuBefore) / 1e9;
            Map<String, Double> stages = cpu.stop();
            double rate = events / Math.max(1e-3, seconds - startup);

            Topics live = Topics.create(kafka, "bench-live", s.parallelism());
            NavigableMap<Long, Long> published = new TreeMap<>();
            List<long[]> arrivals = streamLive(s, kafka, live, new FleetSimulator(fleet), rate / 2, published);
            return result(s, events, startup, seconds, processCpu, stages, ceiling, rate / 2, arrivals, published, alerts[0]);
        }
    }

    /** The three topics of a run, with the partitions the job's parallelism reads. */
    private record Topics(String metrics, String logs, String security) {
        static Topics create(EmbeddedKafka kafka, String prefix, int partitions) throws Exception {
            Topics t = new Topics(prefix + ".metrics", prefix + ".logs", prefix + ".security");
            kafka.createTopics(partitions, t.metrics(), t.logs(), t.security());
            return t;
        }

        List<String> settings() {
            return List.of(VigilOptions.KAFKA_TOPIC_METRICS.key() + "=" + metrics, VigilOptions.KAFKA_TOPIC_LOGS.key() + "=" + logs,
                    VigilOptions.KAFKA_TOPIC_SECURITY.key() + "=" + security, VigilOptions.KAFKA_GROUP_ID.key() + "=" + metrics + "-job");
        }
    }

    private static long publishAll(EmbeddedKafka kafka, FleetSimulator sim, Topics topics) {
        try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
            return FleetPublisher.publish(sim, producer, topics.metrics(), topics.logs()).total();
        }
    }

    /** Reads what the topics hold, to the offsets they have when the job starts, and ends. */
    private static long streamBounded(Settings s, EmbeddedKafka kafka, Topics topics, Path out, String run) throws Exception {
        VigilConfig config = kafkaConfig(s, kafka, topics, out);
        StreamExecutionEnvironment env = LocalFlink.environment(s.parallelism(), RuntimeExecutionMode.STREAMING,
                config.get(VigilOptions.CHECKPOINT_INTERVAL), null, out.resolve("checkpoints"));
        AlertArrivals arrivals = AlertArrivals.forRun(run);
        new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()),
                withArrivals(Wiring.sinks(config, out.resolve("history").toString()), arrivals), config).build(env);
        env.execute("vigil bench pipeline");
        return AlertArrivals.take(run).size();
    }

    /**
     * Starts the job on empty topics, then publishes the fleet at {@code rate} events/s, noting when the
     * first event of each event time went out; stops the job once alerts have stopped arriving.
     */
    private static List<long[]> streamLive(Settings s, EmbeddedKafka kafka, Topics topics, FleetSimulator sim, double rate,
                                           NavigableMap<Long, Long> published) throws Exception {
        Path out = s.work().resolve("live-out");
        VigilConfig config = kafkaConfig(s, kafka, topics, out);
        StreamExecutionEnvironment env = LocalFlink.environment(s.parallelism(), RuntimeExecutionMode.STREAMING,
                config.get(VigilOptions.CHECKPOINT_INTERVAL), null, out.resolve("checkpoints"));
        String run = UUID.randomUUID().toString();
        AlertArrivals arrivals = AlertArrivals.forRun(run);
        new VigilJob(Wiring.kafka(config, null), withArrivals(Wiring.sinks(config, out.resolve("history").toString()), arrivals), config)
                .build(env);
        JobClient job = env.executeAsync("vigil bench pipeline: latency");
        try {
            awaitRunning(job, Duration.ofSeconds(60));
            // Let the sources find their partitions before the first event goes out.
            Thread.sleep(3_000);
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                long started = System.nanoTime();
                long[] sent = new long[1];
                sim.run(r -> {
                    boolean metric = r.stream().equals(SimRecord.METRICS);
                    producer.send(new ProducerRecord<>(metric ? topics.metrics() : topics.logs(), null, r.time(), r.host(),
                            r.text().getBytes(StandardCharsets.UTF_8)));
                    if (++sent[0] % 256 == 0) {
                        // Pace: never ahead of the rate; the producer's linger batches what is sent meanwhile.
                        producer.flush();
                        pace(started, sent[0], rate);
                    }
                    published.putIfAbsent(r.time(), System.currentTimeMillis());
                });
                producer.flush();
            }
            awaitQuiet(run, Duration.ofSeconds(5), Duration.ofSeconds(120));
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        return AlertArrivals.take(run);
    }

    private static void pace(long startedNanos, long sent, double rate) {
        long due = startedNanos + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
    }

    private static void awaitRunning(JobClient job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the latency job did not start within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** Waits until no alert has arrived for {@code quiet}, at most {@code limit}. */
    private static void awaitQuiet(String run, Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int seen = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = AlertArrivals.count(run);
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > quiet.toNanos()) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static Result result(Settings s, long events, double startup, double seconds, double processCpu, Map<String, Double> stages,
                                 double ceiling, double latencyRate, List<long[]> arrivals, NavigableMap<Long, Long> published, long alerts) {
        List<StageCpu> stageCpu = new ArrayList<>();
        for (Map.Entry<String, Double> e : stages.entrySet()) {
            if (e.getValue() >= 0.05) {
                stageCpu.add(new StageCpu(e.getKey(), e.getValue(), e.getValue() / events * 1e6));
            }
        }
        double[] latencies = arrivals.stream()
                .map(a -> {
                    Map.Entry<Long, Long> sent = published.floorEntry(a[1]);
                    return sent == null ? null : (double) (a[0] - sent.getValue());
                })
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        double rate = events / Math.max(1e-3, seconds - startup);
        return new Result(s.source().name().toLowerCase(java.util.Locale.ROOT), s.hosts(), s.duration().toString(), s.parallelism(),
                events, startup, seconds, rate, processCpu, stageCpu, ceiling, rate / ceiling, latencyRate, latencies.length,
                percentile(latencies, 0.5), percentile(latencies, 0.99), alerts);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // Nearest rank: the smallest value with at least q of the values at or below it.
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static VigilConfig config(Settings s, Path out) throws IOException {
        return config(s, out, List.of());
    }

    private static VigilConfig kafkaConfig(Settings s, EmbeddedKafka kafka, Topics topics, Path out) throws IOException {
        List<String> kafkaSettings = new ArrayList<>(List.of(
                VigilOptions.KAFKA_BOOTSTRAP_SERVERS.key() + "=" + kafka.bootstrapServers(),
                VigilOptions.KAFKA_STARTING_OFFSETS.key() + "=earliest",
                VigilOptions.CHECKPOINT_INTERVAL.key() + "=10s"));
        kafkaSettings.addAll(topics.settings());
        return config(s, out, kafkaSettings);
    }

    /** The benchmark's settings (no console, history under {@code out}), then {@code more}, then the user's {@code --set}. */
    private static VigilConfig config(Settings s, Path out, List<String> more) throws IOException {
        List<String> settings = new ArrayList<>(List.of(VigilOptions.CONSOLE.key() + "=false",
                VigilOptions.HISTORY_PATH.key() + "=" + out.resolve("history")));
        settings.addAll(more);
        settings.addAll(s.settings());
        return VigilConfig.load(null, settings);
    }

    /** The production sinks with the benchmark's alert receiver added. */
    private static VigilJob.Sinks withArrivals(VigilJob.Sinks p, AlertArrivals arrivals) {
        List<VigilJob.Named<Alert>> outputs = new ArrayList<>(p.alertOutputs());
        outputs.add(new VigilJob.Named<>("bench", arrivals));
        return new VigilJob.Sinks(p.events(), p.minedLogs(), p.auditEvents(), p.deadLetters(), p.alertHistory(), p.incidents(), p.lateEvents(), p.anomalies(),
                p.forecasts(), p.alertDeadLetters(), p.notifications(), p.logTemplates(), p.logAnomalies(), p.gaps(),
                outputs, p.deadLetterOutputs());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }

    private static double timed(Run run) throws Exception {
        long started = System.nanoTime();
        run.run();
        return (System.nanoTime() - started) / 1e9;
    }

    /** Results as JSON, for {@code --format json}. */
    public static String json(Result r) throws IOException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r);
    }

    /** Results as a readable report. */
    public static String text(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "pipeline benchmark: %s, %d hosts over %s, parallelism %d%n", r.source(), r.hosts(),
                r.duration(), r.parallelism()));
        b.append(String.format(java.util.Locale.ROOT, "events               %,d (metric samples and log lines), %,d alerts%n", r.events(), r.alerts()));
        b.append(String.format(java.util.Locale.ROOT, "run                  %.1f s, start-up %.1f s (one quiet host, 30 min)%n", r.seconds(), r.startupSeconds()));
        b.append(String.format(java.util.Locale.ROOT, "events/s             %,.0f after start-up%n", r.eventsPerSecond()));
        b.append(String.format(java.util.Locale.ROOT, "parse-only ceiling   %,.0f lines/s (Jackson, %d thread(s)): ratio %.3f%n", r.parseCeilingPerSecond(),
                r.parallelism(), r.ratioToCeiling()));
        if (r.latencyAlerts() > 0) {
            b.append(String.format(java.util.Locale.ROOT, "event-to-alert       p50 %.0f ms, p99 %.0f ms (%d alerts, paced at %,.0f events/s)%n",
                    r.latencyP50Ms(), r.latencyP99Ms(), r.latencyAlerts(), r.latencyRate()));
        } else if (r.latencyRate() > 0) {
            b.append(String.format(java.util.Locale.ROOT, "event-to-alert       no alert arrived at %,.0f events/s%n", r.latencyRate()));
        } else {
            b.append("event-to-alert       not measured (files: a batch replay has no arrival time)\n");
        }
        b.append(String.format(java.util.Locale.ROOT, "CPU                  %.1f s for the process; per stage (CPU s per million events):%n", r.processCpuSeconds()));
        for (StageCpu st : r.stages()) {
            b.append(String.format(java.util.Locale.ROOT, "  %8.2f  %6.1f s  %s%n", st.cpuSecondsPerMillionEvents(), st.cpuSeconds(), st.stage()));
        }
        return b.toString();
    }
}
