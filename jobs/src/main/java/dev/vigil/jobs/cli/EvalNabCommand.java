package dev.vigil.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.anomaly.AnomalyDetector;
import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.anomaly.LikelihoodDetector;
import dev.vigil.anomaly.NoveltyMemory;
import dev.vigil.anomaly.NoveltySettings;
import dev.vigil.anomaly.RobustZDetector;
import dev.vigil.eval.NabCorpus;
import dev.vigil.eval.NabHarness;
import dev.vigil.eval.NabScorer;
import dev.vigil.eval.NabStarts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil eval nab}: scores anomaly detectors on the Numenta Anomaly Benchmark with NAB's own method
 * ({@link NabScorer}). With {@code --score-only} it scores existing NAB-format results folders (one per
 * detector under {@code --results}).
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = {"Score detectors on the Numenta Anomaly Benchmark, NAB's method (three profiles, normalised).",
            "Without --score-only: runs Vigil's detector (default vigil-ensemble) over every file (row by row, no look-ahead",
            "unless --nab-harness), writes NAB-format results to --results-out, and scores them.",
            "--score-only scores the results folders <results>/<detector>/<category>/<detector>_<file>.csv."})
public final class EvalNabCommand implements Callable<Integer> {
    private static final List<String> KNOWN = List.of("vigil-ensemble", "vigil-novelty", "vigil-statistics", "robust-z",
            "robust-z-likelihood");

    @Option(names = "--data", required = true, description = "NAB data folder (category/file.csv).")
    Path data;

    @Option(names = "--labels", required = true, description = "NAB windows file (combined_windows.json).")
    Path labels;

    @Option(names = "--results", description = "Results root holding one folder per detector.")
    Path results;

    @Option(names = "--score-only", description = "Score existing results instead of running a detector.")
    boolean scoreOnly;

    @Option(names = "--detector", description = {"Only this detector's folder (default: every folder under --results); without",
        "--score-only the detector to run: vigil-ensemble (default), vigil-novelty (the novelty memory alone),",
        "vigil-statistics (the ensemble's four statistical views alone, as vigil-ensemble/1 scored), robust-z, robust-z-likelihood."})
    String detector;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--results-out", description = "Where to write the detector's NAB-format results (default: a temporary folder).")
    Path resultsOut;

    @Option(names = "--window", defaultValue = "288", description = "Rolling window of the robust-z detector, in samples (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--long-window", defaultValue = "2000", description = "Likelihood: samples of raw-score history (default: ${DEFAULT-VALUE}).")
    int longWindow;

    @Option(names = "--short-window", defaultValue = "3", description = "Likelihood: samples averaged for the recent score (default: ${DEFAULT-VALUE}).")
    int shortWindow;

    @Option(names = "--starts", defaultValue = "1", description = {"Run the detector this many times, the k-th run starting each stream k rows later",
        "(skipped rows score 0; they lie in NAB's probationary period), and print the standard score's mean, deviation and",
        "range over the runs: how much of one run's score is where the stream began (default: ${DEFAULT-VALUE})."})
    int starts;

    @Option(names = "--novelty", description = {"vigil-novelty only: its settings with some replaced, key=value[,key=value...] (keys:",
        "step, window, levels, chomp, spike, learning-steps, mask, initial-vigilance, prior, usual-band, max-categories,",
        "median-steps), for ablations such as prior=0,usual-band=0. The results folder is named for the detector as usual."})
    String novelty;

    @Option(names = "--nab-harness", description = {"vigil-novelty only: give the memory what NAB's harness gives its detectors before each file:",
        "the range of the rows it will read, and a step from the file's length (the coarsest whose learning batch fits in the",
        "probationary period, ARTime's rule). Not how Vigil runs (a stream knows neither); for setting Vigil beside NAB's",
        "published scores under NAB's input conventions. --novelty may not set the step then. Results are written and",
        "scored as vigil-novelty-nab-harness, apart from a stream run's."})
    boolean nabHarness;

    private NoveltySettings noveltySettings = NoveltySettings.defaults();

    @Override
    public Integer call() throws Exception {
        Map<String, List<String[]>> windows = NabCorpus.windows(labels);
        long detectNanos = 0;
        long points = 0;
        NabStarts.Spread spread = null;
        if (!scoreOnly) {
            // Run Vigil's detector over every file, row by row in file order (no look-ahead unless --nab-harness gives the
            // memory each file's range and step), then score it.
            if (detector == null) {
                detector = "vigil-ensemble";
            }
            if (!KNOWN.contains(detector)) {
                throw new IllegalArgumentException("unknown detector '" + detector + "'; known: " + String.join(", ", KNOWN));
            }
            if (novelty != null && !detector.equals("vigil-novelty")) {
                throw new IllegalArgumentException("--novelty sets the vigil-novelty detector's settings; the detector is " + detector);
            }
            if (nabHarness && !detector.equals("vigil-novelty")) {
                throw new IllegalArgumentException("--nab-harness gives the novelty memory each file's range and length: it needs --detector"
                        + " vigil-novelty (the detector is " + detector + ")");
            }
            noveltySettings = novelty == null ? NoveltySettings.defaults() : NoveltySettings.defaults().withOverrides(novelty);
            if (nabHarness && novelty != null && NoveltySettings.sets(novelty, "step")) {
                throw new IllegalArgumentException("--nab-harness sets the step from each file's length, so --novelty may not set step");
            }
            if (starts < 1) {
                throw new IllegalArgumentException("--starts must be at least 1, got " + starts);
            }
            results = resultsOut != null ? resultsOut : Files.createTempDirectory("vigil-nab");
            // Every file is read once; a start that reaches past any file's probationary period is refused before
            // the first run rather than after the runs that precede it.
            List<String> files = new ArrayList<>(windows.keySet());
            List<NabScorer.Series> series = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            List<long[]> times = new ArrayList<>();
            for (String file : files) {
                Path csv = data.resolve(file);
                String[] ts = NabCorpus.timestamps(csv);
                double[] v = NabCorpus.values(csv);
                NabStarts.checkStart(file, v.length, starts - 1);
                series.add(new NabScorer.Series(file, ts, windows.get(file)));
                values.add(v);
                times.add(NabCorpus.epochMillis(ts));
            }
            List<double[]> scores = new ArrayList<>();
            double[] standard = new double[starts];
            for (int start = 0; start < starts; start++) {
                scores.clear();
                for (int f = 0; f < files.size(); f++) {
                    AnomalyDetector d = newDetector(values.get(f), start);
                    long started = System.nanoTime();
                    double[] s = NabStarts.run(files.get(f), d, times.get(f), values.get(f), start);
                    if (start == 0) {
                        // Start 0 is the benchmark run, the one NAB's harness would make: only it is timed and written.
                        detectNanos += System.nanoTime() - started;
                        points += s.length;
                        NabCorpus.writeResults(NabCorpus.resultsFile(results, resultsName(), files.get(f)), series.get(f).timestamps(),
                                values.get(f), s, windows.get(files.get(f)));
                    }
                    scores.add(s);
                }
                standard[start] = NabScorer.score(series, scores, NabScorer.STANDARD).score();
            }
            spread = NabStarts.Spread.of(standard);
        } else if (starts != 1 || novelty != null || nabHarness) {
            throw new IllegalArgumentException("--starts, --novelty and --nab-harness run the detector, so they cannot go with --score-only");
        }
        if (results == null) {
            throw new IllegalArgumentException("--score-only needs --results DIR");
        }
        List<String> detectors = new ArrayList<>();
        if (detector != null) {
            detectors.add(resultsName());
        } else {
            try (Stream<Path> dirs = Files.list(results)) {
                dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(detectors::add);
            }
        }
        // The name column is 20 wide, or wider for a longer name (vigil-novelty-nab-harness), so the columns stay aligned.
        int nameWidth = 20;
        for (String d : detectors) {
            nameWidth = Math.max(nameWidth, d.length());
        }
        if (format.equals("text")) {
            System.out.printf("%-" + nameWidth + "s %6s %10s %20s %20s %8s%n", "detector", "files", "standard", "reward_low_FP_rate",
                    "reward_low_FN_rate", "seconds");
        }
        for (String d : detectors) {
            long started = System.nanoTime();
            List<NabScorer.Series> series = new ArrayList<>();
            List<double[]> scores = new ArrayList<>();
            for (Map.Entry<String, List<String[]>> e : windows.entrySet()) {
                series.add(new NabScorer.Series(e.getKey(), NabCorpus.timestamps(data.resolve(e.getKey())), e.getValue()));
                scores.add(NabCorpus.anomalyScores(NabCorpus.resultsFile(results, d, e.getKey())));
            }
            double[] s = new double[NabScorer.PROFILES.size()];
            double standardThreshold = 0;
            for (int i = 0; i < s.length; i++) {
                NabScorer.Result r = NabScorer.score(series, scores, NabScorer.PROFILES.get(i));
                s[i] = r.score();
                if (i == 0) {
                    standardThreshold = r.threshold();
                }
            }
            NabScorer.Detections found = NabScorer.detections(series, scores, standardThreshold);
            double seconds = (System.nanoTime() - started + detectNanos) / 1e9;
            if (format.equals("json")) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("detector", d);
                o.put("files", series.size());
                o.put("standard", Output.round(s[0]));
                o.put("reward_low_FP_rate", Output.round(s[1]));
                o.put("reward_low_FN_rate", Output.round(s[2]));
                o.put("seconds", Output.round(seconds));
                o.put("standard_threshold", standardThreshold);
                o.put("windows_hit", found.windowsHit());
                o.put("windows", found.windows());
                o.put("false_positives", found.falsePositives());
                if (nabHarness) {
                    o.put("nab_harness", true);
                }
                if (points > 0) {
                    o.put("points", points);
                    o.put("us_per_point", Output.round(detectNanos / 1e3 / points));
                }
                if (spread != null && spread.n() > 1) {
                    ObjectNode st = o.putObject("starts");
                    st.put("n", spread.n());
                    st.put("standard_mean", Output.round(spread.mean()));
                    st.put("standard_sd", Output.round(spread.sd()));
                    st.put("standard_min", Output.round(spread.min()));
                    st.put("standard_max", Output.round(spread.max()));
                }
                System.out.println(o);
            } else {
                System.out.printf(Locale.ROOT, "%-" + nameWidth + "s %6d %10.2f %20.2f %20.2f %8.2f%n", d, series.size(), s[0], s[1], s[2],
                        seconds);
                System.out.printf(Locale.ROOT, "  standard threshold %.4f: %d of %d windows hit, %d false-positive rows%n", standardThreshold,
                        found.windowsHit(), found.windows(), found.falsePositives());
                if (nabHarness) {
                    System.out.println("  NAB harness conventions: each file's range and a step from its length were given in advance (not a stream)");
                }
                if (points > 0) {
                    System.out.printf(Locale.ROOT, "%d points, %.2f us per point (detector only)%n", points, detectNanos / 1e3 / points);
                }
                if (spread != null && spread.n() > 1) {
                    System.out.printf(Locale.ROOT, "standard over %d starts (rows 0 to %d): mean %.2f, sd %.2f, min %.2f, max %.2f%n", spread.n(),
                            spread.n() - 1, spread.mean(), spread.sd(), spread.min(), spread.max());
                }
            }
        }
        return 0;
    }

    /** The ensemble's statistical views alone: its episode score, without the novelty memory (vigil-ensemble/1's scores). */
    private static final class StatisticsOnly implements AnomalyDetector {
        private final EnsembleDetector ensemble = new EnsembleDetector(EnsembleSettings.defaults());

        @Override
        public String name() {
            return "vigil-statistics";
        }

        @Override
        public double update(long time, double value) {
            ensemble.update(time, value);
            return ensemble.episodeScore();
        }
    }

    /** The results folder of the detector run: a --nab-harness run's must not overwrite, or be scored as, a stream run's. */
    private String resultsName() {
        return nabHarness ? detector + "-nab-harness" : detector;
    }

    /** The detector for one file read from row {@code start} (only --nab-harness looks at the file's values). */
    private AnomalyDetector newDetector(double[] values, int start) {
        if (nabHarness) {
            return NabHarness.memory(noveltySettings, values, start);
        }
        return switch (detector) {
            case "robust-z" -> new RobustZDetector(window);
            case "robust-z-likelihood" -> new LikelihoodDetector(new RobustZDetector(window), longWindow, shortWindow);
            case "vigil-novelty" -> new NoveltyMemory(noveltySettings);
            case "vigil-statistics" -> new StatisticsOnly();
            default -> new EnsembleDetector(EnsembleSettings.defaults());
        };
    }
}
