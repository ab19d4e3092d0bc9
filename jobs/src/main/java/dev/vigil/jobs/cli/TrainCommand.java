package dev.vigil.jobs.cli;

import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.anomaly.ScoreCalibration;
import dev.vigil.anomaly.ScoreHistogram;
import dev.vigil.sql.HistoryQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code vigil train}: learns what the anomaly detector learns across series (the alert score per metric
 * family) by replaying every metric series of a history through the detector, and writes the
 * calibration file the job loads with {@code anomaly.calibration}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainForecastCommand.class, TrainLogCategoriesCommand.class},
        description = {"Train the anomaly detector's per-family score calibration from a history's metrics.",
            "Every series is replayed through the detector in time order; per metric name, the score reached",
            "once in 1/--rarity samples becomes that family's alert score. The file records its provenance."})
public final class TrainCommand implements Callable<Integer> {
    // Not required by picocli, so that `vigil train forecast-confidence` needs neither: checked in call().
    @Option(names = "--history", description = "History folder (written by vigil replay, demo or run).")
    Path history;

    @Option(names = "--out", description = "Calibration file to write (JSON).")
    Path out;

    @Option(names = "--rarity", defaultValue = "1e-4", description = "Fraction of a family's samples allowed at or above its alert score (default: ${DEFAULT-VALUE}).")
    double rarity;

    @Option(names = "--min-samples", defaultValue = "2000", description = "Families with fewer scored samples keep the global alert score (default: ${DEFAULT-VALUE}).")
    long minSamples;

    @Override
    public Integer call() throws Exception {
        if (history == null || out == null) {
            throw new IllegalArgumentException("vigil train needs --history DIR and --out FILE");
        }
        if (!(rarity > 0 && rarity < 1)) {
            throw new IllegalArgumentException("--rarity must be in (0, 1), was " + rarity);
        }
        EnsembleSettings settings = EnsembleSettings.defaults();
        Map<String, ScoreHistogram> families = new TreeMap<>();
        long[] counts = new long[2];
        long[] last = {Long.MIN_VALUE};
        String[] current = {null};
        EnsembleDetector[] detector = {null};
        try (HistoryQuery q = new HistoryQuery(history)) {
            // One series after another, each in time order: the detector sees exactly what the job saw.
            q.stream("SELECT host, name, CAST(labels AS VARCHAR) AS series, epoch_ms(time) AS t, value FROM metrics"
                    + " ORDER BY host, name, series, t", rs -> {
                String key = rs.getString(1) + '|' + rs.getString(2) + '|' + rs.getString(3);
                if (!key.equals(current[0])) {
                    current[0] = key;
                    detector[0] = new EnsembleDetector(settings);
                    counts[0]++;
                }
                long t = rs.getLong(4);
                detector[0].update(t, rs.getDouble(5));
                counts[1]++;
                last[0] = Math.max(last[0], t);
                if (detector[0].samples() > settings.warmup()) {
                    families.computeIfAbsent(rs.getString(2), n -> new ScoreHistogram()).add(detector[0].rawScore());
                }
            });
        }
        if (counts[1] == 0) {
            throw new IllegalArgumentException("history " + history + " has no metric samples to train on");
        }
        Map<String, String> provenance = new HashMap<>();
        provenance.put("trainer", "vigil train");
        provenance.put("detector", EnsembleDetector.NAME);
        provenance.put("shape_model", EnsembleDetector.modelProvenanceHash(settings));
        provenance.put("settings", settings.toString());
        provenance.put("source", history.getFileName() == null ? history.toString() : history.getFileName().toString());
        provenance.put("series", Long.toString(counts[0]));
        provenance.put("samples", Long.toString(counts[1]));
        provenance.put("trained_through", Instant.ofEpochMilli(last[0]).toString());
        provenance.put("rarity", Double.toString(rarity));
        provenance.put("min_samples", Long.toString(minSamples));
        ScoreCalibration calibration = ScoreCalibration.train(families, rarity, minSamples, provenance);
        calibration.write(out);
        System.out.printf("trained on %d series, %d samples; %d of %d metric families calibrated; wrote %s (hash %s)%n",
                counts[0], counts[1], calibration.alertScores().size(), families.size(), out, calibration.hash());
        return 0;
    }
}
