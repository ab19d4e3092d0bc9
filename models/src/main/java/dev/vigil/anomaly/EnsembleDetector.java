package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Vigil's metric anomaly detector for one series: a novelty memory of the series' patterns, and four
 * statistical views of each new value, each turned into a p-value against the series' own recent past,
 * combined, and reported once per episode.
 * <ul>
 *   <li>level: robust z-score of the value against the rolling median/scale, unless a value this far off
 *   was seen around the same time on the previous days (then the seasonal residual's p-value counts);</li>
 *   <li>change: the same for the change since the previous value;</li>
 *   <li>shape: distance of the last few values to the nearest centroid of a k-means model (Tribuo)
 *   retrained periodically on the series' recent windows;</li>
 *   <li>quiet: the last few changes are much smaller than usual (a flat line, a stuck sensor).</li>
 * </ul>
 * Each raw value is calibrated by {@link TailCalibration}, so scores mean the same on every series; the
 * smallest p-value, Bonferroni-corrected for the four views, becomes the score {@code -log10(p) / decades}
 * in [0, 1]. After a reported anomaly, weaker repeats are held back for a rest period, so one incident is
 * one report.
 *
 * <p>The reported score is the larger of the {@link NoveltyMemory}'s score (its confidence in a pattern the
 * series has never shown, scaled down when the pattern ends near the series' median) and
 * {@value #STATISTICS_WEIGHT} times the views' episode score: novelty ranks first,
 * because a calibrated view crosses any threshold at a fixed rate while the memory's alarm rate falls as
 * it learns the series (docs/evaluation.md: NAB 58.3 with the views alone, 68.6 with novelty first). The
 * views still report every episode below that, and {@link #rawScore()} (their level, for alert hysteresis)
 * is theirs alone. Memory is fixed by {@link EnsembleSettings} and {@link NoveltySettings}; given the same
 * settings and values the scores are always the same, also across {@link #write}/{@link #read}.
 */
public final class EnsembleDetector implements AnomalyDetector {
    /** Version of the algorithm, recorded with every anomaly; bump it when scores change. */
    public static final String NAME = "vigil-ensemble/3";
    /** Weight of the statistical views' episode score beside the novelty confidence. */
    public static final double STATISTICS_WEIGHT = 0.45;
    /** The views, in the order of {@link #contribution(int)}. */
    public static final String[] VIEWS = {"level", "change", "shape", "quiet"};
    private static final int FORMAT = 2;
    /** vigil-ensemble/1's state: the views only. It restores, and the novelty memory starts learning afresh. */
    private static final int FORMAT_VIEWS_ONLY = 1;
    private static final double BAND = 3.0;
    private static final int QUIET_SPAN = 12;
    /** Bonferroni factor: three views; "quiet" only speaks when the others cannot (a frozen value), so it adds none. */
    private static final double CORRECTION = 3;

    private final EnsembleSettings settings;
    private final RollingRobustScale[] robust = new RollingRobustScale[2];
    private final TailCalibration[] zTail = new TailCalibration[2];
    private final TailCalibration[] seasonTail = new TailCalibration[2];
    private final TailCalibration shapeTail;
    private final SeasonalMemory seasonal;
    private final KMeansShapeModel shape;
    private final NoveltyMemory novelty = new NoveltyMemory(NoveltySettings.defaults());
    private final double[] signal = new double[2];
    private final double[] contribution = new double[4];
    private final TailCalibration quietTail;
    private final double[] recentChange = new double[QUIET_SPAN];
    private int recentCount;
    private double previous = Double.NaN;
    private long count;
    private double peak;
    private long sincePeak = Long.MAX_VALUE / 2;
    private double rawScore;
    private double episodeScore;
    private double expectedLow = Double.NaN;
    private double expectedHigh = Double.NaN;

    public EnsembleDetector(EnsembleSettings settings) {
        this.settings = settings;
        for (int s = 0; s < 2; s++) {
            robust[s] = new RollingRobustScale(settings.window(), 4);
            zTail[s] = new TailCalibration(settings.calibration(), 16);
            seasonTail[s] = new TailCalibration(settings.calibration(), 16);
        }
        shapeTail = new TailCalibration(settings.calibration(), 16);
        quietTail = new TailCalibration(settings.calibration(), 16);
        seasonal = new SeasonalMemory(settings.seasonMemory(), 2, settings.seasonDays(), settings.seasonNeighbours());
        shape = new KMeansShapeModel(settings.shapeDim(), settings.centroids(), settings.shapeHistory(), settings.retrainEvery(),
                settings.seed());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Identifies the learning configuration of the shape model (Tribuo provenance), recorded with anomalies. */
    public String modelProvenanceHash() {
        return modelProvenanceHash(settings);
    }

    /** The same hash without building a detector (and its buffers). */
    public static String modelProvenanceHash(EnsembleSettings settings) {
        return KMeansShapeModel.provenanceHash(settings.centroids(), settings.seed());
    }

    @Override
    public double update(long time, double value) {
        count++;
        double change = Double.isNaN(previous) ? 0 : value - previous;
        previous = value;
        signal[0] = value;
        signal[1] = change;
        boolean scoring = count > settings.warmup();
        double pMin = 1;
        contribution[0] = 1;
        contribution[1] = 1;
        contribution[2] = 1;
        contribution[3] = 1;
        if (robust[0].ready()) {
            expectedLow = robust[0].median() - BAND * robust[0].scale();
            expectedHigh = robust[0].median() + BAND * robust[0].scale();
        }
        for (int s = 0; s < 2; s++) {
            if (!robust[s].ready()) {
                continue;
            }
            double z = robust[s].z(signal[s]);
            double p = zTail[s].pValue(z);
            double residual = seasonal.residual(s, time, signal[s]);
            if (!Double.isNaN(residual)) {
                double rz = residual / robust[s].scale();
                // Unusual only if unusual against both the recent window and the same time on past days.
                p = Math.max(p, seasonTail[s].pValue(rz));
                seasonTail[s].add(rz);
            }
            zTail[s].add(z);
            if (scoring) {
                contribution[s] = p;
                pMin = Math.min(pMin, p);
            }
        }
        if (robust[0].ready()) {
            double distance = shape.update((value - robust[0].median()) / robust[0].scale());
            if (!Double.isNaN(distance)) {
                if (scoring) {
                    contribution[2] = shapeTail.pValue(distance);
                    pMin = Math.min(pMin, contribution[2]);
                }
                shapeTail.add(distance);
            }
        }
        // Quiet: the last few changes are far smaller than the series' usual change (a stuck sensor, a
        // flat line where the series normally moves).
        recentChange[recentCount % QUIET_SPAN] = Math.abs(change);
        recentCount = (recentCount + 1) % (1 << 30);
        if (robust[1].ready() && recentCount >= QUIET_SPAN) {
            double mean = 0;
            for (double c : recentChange) {
                mean += c;
            }
            mean /= QUIET_SPAN;
            // Only a frozen value counts (every recent change exactly 0): merely calm stretches are common
            // in real series and cost far more false alarms than they find (NAB, docs/evaluation.md).
            double quiet = mean == 0 ? Math.log1p(robust[1].scale() / (1e-9 + 1e-6 * Math.abs(robust[0].median()))) : 0;
            if (scoring) {
                contribution[3] = quietTail.pValue(quiet);
                pMin = Math.min(pMin, contribution[3]);
            }
            quietTail.add(quiet);
        }
        robust[0].add(value);
        robust[1].add(change);
        seasonal.add(time, signal);
        rawScore = Math.min(1, Math.max(0, -Math.log10(Math.max(pMin * CORRECTION, 1e-300)) / settings.decades()));
        episodeScore = gate(rawScore);
        return Math.max(novelty.update(time, value), STATISTICS_WEIGHT * episodeScore);
    }

    /** One report per episode: within the rest period only a clearly stronger score is reported again. */
    private double gate(double score) {
        sincePeak++;
        if (score < settings.floor()) {
            return score;
        }
        if (sincePeak > settings.rest()) {
            peak = 0;
        }
        if (score > peak + settings.margin()) {
            peak = score;
            sincePeak = 0;
            return score;
        }
        return 0;
    }

    /** Bytes the checkpointed state can still grow by (the novelty memory's boxes up to their cap); every other part is fixed-size. */
    public long spareStateBytes() {
        return novelty.spareStateBytes();
    }

    /** Values seen so far. */
    public long samples() {
        return count;
    }

    /** The last value's score before episode suppression: for alert hysteresis, which needs the level, not the onset. */
    public double rawScore() {
        return rawScore;
    }

    /** The views' score for the last value after episode suppression (0 within an episode): their onsets. */
    public double episodeScore() {
        return episodeScore;
    }

    /** The novelty memory's confidence for the last value: above 0 only when it completed a pattern never seen before. */
    public double novelty() {
        return novelty.lastScore();
    }

    /** The last value's p-value from view {@code i} (see {@link #VIEWS}); 1 when the view had no opinion. */
    public double contribution(int i) {
        return contribution[i];
    }

    /** Lower end of the expected range (rolling median - 3 robust scales) before the last value; NaN while warming up. */
    public double expectedLow() {
        return expectedLow;
    }

    public double expectedHigh() {
        return expectedHigh;
    }

    public EnsembleSettings settings() {
        return settings;
    }

    /** Writes the whole detector state (for Flink checkpoints); {@link #read} restores it into a detector with the same settings. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        for (int s = 0; s < 2; s++) {
            robust[s].write(out);
            zTail[s].write(out);
            seasonTail[s].write(out);
        }
        shapeTail.write(out);
        quietTail.write(out);
        for (double c : recentChange) {
            out.writeDouble(c);
        }
        out.writeInt(recentCount);
        seasonal.write(out);
        shape.write(out);
        out.writeDouble(previous);
        out.writeLong(count);
        out.writeDouble(peak);
        out.writeLong(sincePeak);
        out.writeDouble(expectedLow);
        out.writeDouble(expectedHigh);
        novelty.write(out);
    }

    public void read(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT && format != FORMAT_VIEWS_ONLY) {
            throw new IOException("detector state format " + format + " is not " + FORMAT + " (or " + FORMAT_VIEWS_ONLY + ")");
        }
        for (int s = 0; s < 2; s++) {
            robust[s].read(in);
            zTail[s].read(in);
            seasonTail[s].read(in);
        }
        shapeTail.read(in);
        quietTail.read(in);
        for (int i = 0; i < QUIET_SPAN; i++) {
            recentChange[i] = in.readDouble();
        }
        recentCount = in.readInt();
        seasonal.read(in);
        shape.read(in);
        previous = in.readDouble();
        count = in.readLong();
        peak = in.readDouble();
        sincePeak = in.readLong();
        expectedLow = in.readDouble();
        expectedHigh = in.readDouble();
        if (format == FORMAT) {
            novelty.read(in);
        }
    }
}
