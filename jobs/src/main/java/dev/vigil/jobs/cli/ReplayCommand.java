package dev.vigil.jobs.cli;

import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.jobs.ingest.IngestSettings;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil replay}: the job over files, bounded, in Flink's batch mode (each key's events in time
 * order, whatever the order of the files), on a local MiniCluster.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the Vigil job over log and metric files (bounded).",
            "History goes to OUT/history, alerts to OUT/alerts.jsonl. The same input gives the same output."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Files, or folders whose files are all read.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder; its history/ and alerts.jsonl are replaced.")
    Path out;

    @Option(names = "--format", defaultValue = "auto", description = "Decoder: auto (per line), syslog, prometheus-json, vigil-json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--year", description = "Year of RFC 3164 timestamps (for old files; default: inferred).")
    Integer year;

    @Option(names = "--parallelism", description = "Parallelism (default: the 'parallelism' option, 2).")
    Integer parallelism;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        List<String> files = expand(inputs);
        List<String> settings = new ArrayList<>();
        if (year != null) {
            settings.add(VigilOptions.SYSLOG_YEAR.key() + "=" + year);
        }
        VigilConfig config = configMixin.load(replaySettings(out, settings));
        long started = System.nanoTime();
        Path history = run(files, out, format, parallelism, config);
        System.out.printf("replayed %d file(s) in %.1f s%n", files.size(), (System.nanoTime() - started) / 1e9);
        if (Files.isDirectory(history)) {
            try (HistoryQuery q = new HistoryQuery(history)) {
                System.out.print(Output.summary(q));
            }
        }
        System.out.println("history: " + history + "   alerts: " + out.resolve("alerts.jsonl"));
        return 0;
    }

    /** The replay's own settings (output paths), under which --config and --set apply. */
    static List<String> replaySettings(Path out, List<String> more) {
        List<String> settings = new ArrayList<>(List.of(VigilOptions.ALERTS_JSONL.key() + "=" + out.resolve("alerts.jsonl"),
                VigilOptions.HISTORY_PATH.key() + "=" + out.resolve("history")));
        settings.addAll(more);
        return settings;
    }

    /**
     * Replays files through the job in batch mode into {@code out/history} and {@code out/alerts.jsonl}
     * (both replaced), and returns the history folder.
     */
    static Path run(List<String> files, Path out, String format, Integer parallelism, VigilConfig config) throws Exception {
        return run(files, out, format, parallelism, config, System.currentTimeMillis());
    }

    /**
     * As {@link #run(List, Path, String, Integer, VigilConfig)}, with a fixed receive time for every line
     * (it anchors RFC 3164 year inference and the plausibility window): a replay that must decode exactly
     * as the same decoder did in memory ({@code vigil eval fuzz}) passes the time that decoder was given.
     */
    static Path run(List<String> files, Path out, String format, Integer parallelism, VigilConfig config, long receivedAt)
            throws Exception {
        Path history = out.resolve("history");
        Path alerts = out.resolve("alerts.jsonl");
        Output.deleteTree(history);
        Files.deleteIfExists(alerts);
        Files.createDirectories(out);
        IngestSettings settings = Wiring.ingest(config, format, "replay");
        settings.newDecoder(); // fails now, with the known formats, if --format names none
        int p = parallelism != null ? parallelism : config.get(VigilOptions.PARALLELISM);
        StreamExecutionEnvironment env = LocalFlink.environment(p, RuntimeExecutionMode.BATCH, config.get(VigilOptions.CHECKPOINT_INTERVAL), null, null);
        new VigilJob(Wiring.files(files, settings, receivedAt, config),
                Wiring.sinks(config, history.toString()), config).build(env);
        env.execute("vigil replay");
        Output.sortLines(alerts);
        return history;
    }

    static List<String> expand(List<Path> inputs) throws java.io.IOException {
        List<String> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted().forEach(f -> files.add(f.toAbsolutePath().toString()));
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in.toAbsolutePath().toString());
            } else {
                throw new IllegalArgumentException("input " + in + " does not exist");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files under " + inputs);
        }
        return files;
    }
}
