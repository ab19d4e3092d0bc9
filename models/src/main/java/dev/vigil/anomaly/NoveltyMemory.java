package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Novelty against a permanent memory of the series' own patterns: a dual-vigilance fuzzy ART network
 * (adaptive resonance theory, Carpenter and Grossberg), in the manner of ARTime (Hampton, 2021), the
 * leader of the Numenta Anomaly Benchmark. A pattern that resonates with a remembered category is
 * normal and refines it; one that matches nothing well enough starts a new category, and that moment
 * is the anomaly, scored by how far below the vigilance its best match was.
 *
 * <p>Why this and not another calibrated view: a p-value calibrated against the recent past crosses any
 * fixed threshold at a fixed rate, so it raises alarms at that rate for ever. Categories are never
 * forgotten (until the bounded memory is full), so a daily spike or a burst shape seen before stays
 * normal, and the alarm rate falls as the memory covers the series' behaviour.
 *
 * <p>Each pattern is built from steps of {@code step} samples: a step keeps its most extreme sample when
 * that differs clearly from its mean (spikes survive), is quantised to {@code levels} levels of the range
 * seen so far, and snaps to the median when it is within {@code chomp} of the range from it (so noise
 * around the usual level vanishes). A pattern is the last {@code window} steps: their levels, and their
 * shape (Haar transform of the min-max normalised window). Categories are boxes; level dimensions are
 * kept in the series' own units and normalised by the current range when matched, so a range that grows
 * later (no look-ahead: ARTime normalised by the whole file's minimum and maximum) does not make the
 * memory stale. The first {@code learningSteps} steps are learned as one batch, which also sets the
 * starting vigilance; afterwards the vigilance follows the similarities seen, and reports are masked for
 * a few steps after each report or new category unless the pattern is clearly less familiar still.
 *
 * <p>One addition to ARTime: the similarity carries a prior of {@code prior} pseudo-dimensions on which the
 * pattern and the category agree. A category's pattern similarity is its agreement with the pattern over
 * its norm, the part of the unit cube its box leaves free ({@code dim} minus the box's size). With the
 * prior, that similarity's shortfall from 1 is multiplied by norm / (norm + prior): most for a broad
 * category (a well-learned behaviour, whose wide box leaves a small norm), least for a new, narrow one
 * (norm near {@code dim}). The match compared with the vigilances is, as in ARTime, the pattern
 * similarity cubed times the current level's similarity squared. Small excursions from a broad category,
 * which ARTime reports, then fall short of a report; on NAB this removes nearly a third of the false
 * positives (docs/evaluation.md).
 *
 * <p>A second addition: a report whose current step sits within {@code usualBand} of the range from the
 * series' median (a pattern never seen that ends at the usual level: a new way of being normal more often
 * than an incident) has its confidence scaled by that distance over the band. The distance is the step's
 * quantised level, so a step within {@code chomp} of the median (snapped to it) scores 0, and the factor
 * starts at chomp / band beyond that. The median is over the last {@code medianSteps} steps, refreshed every
 * 8. Only the reported score is scaled; the memory learns and masks exactly as without it.
 *
 * <p>Recent steps (for the median) and boxes are floats, kept relative to the series' first value so that
 * their rounding stays a ten-millionth of the range however large the values (1e12 +- 1e6, say).
 *
 * <p>Written from ARTime's published description and the ART literature; the constants are ARTime's
 * (see {@link NoveltySettings#defaults()}). Memory is bounded by {@link NoveltySettings}; the same values
 * always give the same scores, also across {@link #write}/{@link #read}.
 */
public final class NoveltyMemory implements AnomalyDetector {
    /** Version of the algorithm, recorded with its scores; bump it when scores change. */
    public static final String NAME = "vigil-novelty/2";
    /**
     * 2 added the prior and the usual band to the settings and the anchor; state of format 1 (vigil-novelty/1)
     * restores with the current settings and an anchor of 0 (its floats are absolute).
     */
    private static final int FORMAT = 2;
    private static final double MAX_VIGILANCE = 0.97;
    private static final int INITIAL_CATEGORIES = 16;
    /** Larger magnitudes are skipped like NaN: their range could overflow to infinity and poison every pattern. */
    private static final double MAX_MAGNITUDE = 1e150;

    private final NoveltySettings s;
    private final int w;
    private final int dim;
    private final double[] block;
    private int inBlock;
    private double stepTrend;
    private int steps;
    private double low = Double.POSITIVE_INFINITY;
    private double high = Double.NEGATIVE_INFINITY;
    private final float[] recentSteps;
    private final float[] sortScratch;
    private int recentCount;
    private double median = Double.NaN;
    /**
     * The series' first value. Recent steps and the boxes' level dimensions are floats kept relative to it: a
     * float holds 7 digits, so absolute values of a series like 1e12 +- 1e6 (a large, steady file system) would
     * round to a tenth of its range, while their offsets from its first value keep every digit that matters.
     */
    private double anchor = Double.NaN;
    private final double[] levelWindow;
    // Patterns and categories: shape dimensions in [0, 1], level dimensions in the series' units.
    private final double[] pattern;
    private final double[] shapeScratch;
    private final double[] haarScratch;
    private final double[] normalised;
    // Floats: the boxes are most of the state, and a level's seventh digit never decides a match.
    // Grown as categories are made (up to maxCategories), so a steady series holds only what it uses.
    private float[] lower;
    /** Derived, not state: the boxes' bounds as {@link #match} compares them, for {@link #normBoxLow} and {@link #normRange}. */
    private double[] normLower = new double[0];
    private double[] normUpper = new double[0];
    private double normBoxLow = Double.NaN;
    private double normRange = Double.NaN;
    /** How many boxes (from the first) {@link #normLower} and {@link #normUpper} hold. */
    private int boxesNormalised;
    private float[] upper;
    private long[] lastUsed;
    private int categories;
    /** The learning batch; released once learned. */
    private double[] batch;
    // Vigilance and reporting.
    private double vigilanceLow;
    private double vigilanceHigh;
    private double similarity;
    private double energy;
    private double similaritySum;
    private long similarityCount;
    private final double[] recentSimilarity;
    private final double[] recentShortfall;
    private int lastReport;
    private int lastVigilanceUpdate;
    private int stepsWithoutNew;
    private boolean maskAfterNew;
    private double lastReportSimilarity;
    private double reportFloor;
    private double reportSimilaritySum;
    private int reports;
    private double lastScore;

    public NoveltyMemory(NoveltySettings settings) {
        this.s = settings;
        this.w = settings.window();
        this.dim = 2 * w;
        this.block = new double[settings.step()];
        this.recentSteps = new float[settings.medianSteps()];
        this.sortScratch = new float[settings.medianSteps()];
        this.levelWindow = new double[w];
        this.pattern = new double[dim];
        this.shapeScratch = new double[w];
        this.haarScratch = new double[w];
        this.normalised = new double[dim];
        this.lastUsed = new long[Math.min(INITIAL_CATEGORIES, settings.maxCategories())];
        this.lower = new float[lastUsed.length * dim];
        this.upper = new float[lastUsed.length * dim];
        this.batch = new double[settings.learningSteps() * dim];
        this.recentSimilarity = new double[settings.learningSteps() / 2 + 1];
        this.recentShortfall = new double[settings.learningSteps() + 1];
        Arrays.fill(recentSimilarity, 1);
    }

    /**
     * A memory told its series' whole range before the first value, as NAB's harness tells its detectors each
     * file's minimum and maximum. For comparing with NAB's published scores only: a stream cannot know its range,
     * and Vigil's job never calls this. Values outside the range still widen it, as they would any memory's.
     */
    public static NoveltyMemory withKnownRange(NoveltySettings settings, double min, double max) {
        // The same bound update() applies: a wider range could overflow to infinity and poison every pattern.
        if (!(accepts(min) && accepts(max) && min <= max)) {
            throw new IllegalArgumentException("a known range needs min <= max, both within +-1e150, got " + min + " and " + max);
        }
        NoveltyMemory memory = new NoveltyMemory(settings);
        memory.low = min;
        memory.high = max;
        return memory;
    }

    /** True for a value the memory reads; it skips the rest (not finite, or beyond 1e150 in magnitude). */
    public static boolean accepts(double value) {
        return Math.abs(value) <= MAX_MAGNITUDE;
    }

    @Override
    public String name() {
        return NAME;
    }

    public NoveltySettings settings() {
        return s;
    }

    /** The score of the last value: the confidence of a new category at the end of a step, scaled by the usual band; else 0. */
    public double lastScore() {
        return lastScore;
    }

    /** Best similarity of the last completed step's pattern to a remembered category (1: known exactly). */
    public double similarity() {
        return similarity;
    }

    /** Categories remembered. */
    public int categories() {
        return categories;
    }

    /** Bytes the checkpointed state can still grow by: the boxes not yet learned, up to the cap, at 8 bytes per dimension plus their last use. */
    public long spareStateBytes() {
        return (long) (s.maxCategories() - categories) * (dim * 8L + 8);
    }

    /** True once the learning batch has been learned and scores may be given. */
    public boolean learned() {
        return steps >= s.learningSteps();
    }

    /**
     * Scores the next value. A value that is not finite (or beyond 1e150 in magnitude) is skipped with score
     * 0, as it would poison the range for ever. A finite outlier is not skipped: the range never shrinks, so
     * one far glitch widens it for good and the patterns after it look flatter.
     */
    @Override
    public double update(long time, double value) {
        lastScore = 0;
        if (!accepts(value)) {
            return 0;
        }
        if (Double.isNaN(anchor)) {
            anchor = value;
        }
        low = Math.min(low, value);
        high = Math.max(high, value);
        block[inBlock++] = value;
        if (inBlock < block.length) {
            return 0;
        }
        inBlock = 0;
        lastScore = step(stepValue());
        return lastScore;
    }

    /** The step's value: its mean, or its most extreme sample when that stands out (a spike survives). */
    private double stepValue() {
        double mean = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : block) {
            mean += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        mean /= block.length;
        stepTrend = steps == 0 ? mean : (stepTrend + mean) / 2;
        double v = Math.abs(max - stepTrend) < Math.abs(min - stepTrend) ? min : max;
        return Math.abs(v - mean) < s.spike() * Math.abs(mean) ? mean : v;
    }

    private double step(double raw) {
        steps++;
        recentSteps[(steps - 1) % recentSteps.length] = (float) (raw - anchor);
        recentCount = Math.min(recentCount + 1, recentSteps.length);
        // The median moves slowly: recomputing it every 8 steps is as good and 8 times cheaper.
        if (steps % 8 == 1 || Double.isNaN(median)) {
            System.arraycopy(recentSteps, 0, sortScratch, 0, recentCount);
            Arrays.sort(sortScratch, 0, recentCount);
            median = anchor + sortScratch[recentCount / 2];
        }
        double range = range();
        long level = Math.round((raw - low) / range * s.levels());
        double q = low + level * range / s.levels();
        if (Math.abs(q - median) < s.chomp() * range) {
            q = median;
        }
        System.arraycopy(levelWindow, 1, levelWindow, 0, w - 1);
        levelWindow[w - 1] = q;
        buildPattern();
        if (steps <= s.learningSteps()) {
            System.arraycopy(pattern, 0, batch, (steps - 1) * dim, dim);
            if (steps == s.learningSteps()) {
                learnBatch();
            }
            return 0;
        }
        return detect(pattern, steps);
    }

    private double range() {
        double r = high - low;
        return r > 0 ? r : 1;
    }

    /** Shape (Haar transform of the min-max normalised window, itself min-max normalised) then levels. */
    private void buildPattern() {
        if (steps < w) {
            Arrays.fill(pattern, 0, w, 0);
            Arrays.fill(pattern, w, dim, low);
            return;
        }
        minMax(levelWindow, shapeScratch);
        haar(shapeScratch, haarScratch);
        minMax(shapeScratch, pattern);
        System.arraycopy(levelWindow, 0, pattern, w, w);
    }

    /** Copies {@code from} into the first {@code from.length} slots of {@code to}, scaled to [0, 1] (all 0 when flat). */
    private static void minMax(double[] from, double[] to) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : from) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double span = max - min;
        for (int i = 0; i < from.length; i++) {
            to[i] = span != 0 ? (from[i] - min) / span : 0;
        }
    }

    /** In-place orthonormal Haar transform, full depth; {@code x.length} is a power of two. */
    static void haar(double[] x, double[] scratch) {
        double r = Math.sqrt(0.5);
        for (int n = x.length; n > 1; n /= 2) {
            int half = n / 2;
            for (int i = 0; i < half; i++) {
                scratch[i] = (x[2 * i] + x[2 * i + 1]) * r;
                scratch[half + i] = (x[2 * i] - x[2 * i + 1]) * r;
            }
            System.arraycopy(scratch, 0, x, 0, n);
        }
    }

    /** The learning batch: its similarity structure sets the starting vigilance, then it is learned in order. */
    private void learnBatch() {
        double start = startingVigilance();
        vigilanceLow = start;
        vigilanceHigh = start;
        double[] p = new double[dim];
        for (int i = 1; i <= s.learningSteps(); i++) {
            System.arraycopy(batch, (i - 1) * dim, p, 0, dim);
            detect(p, i);
        }
        batch = null;
    }

    /**
     * Learns the batch's complete patterns at the trial vigilance, most typical last (ordered by their summed
     * cosine similarity to the others), and takes the mean similarity over the second half of that run.
     */
    private double startingVigilance() {
        int first = w - 1;
        int n = s.learningSteps() - first;
        double[] typical = new double[n];
        for (int a = 0; a < n; a++) {
            typical[a] += 1;
            for (int b = a + 1; b < n; b++) {
                // Cosine similarity is symmetric: each pair is computed once and counted for both.
                double c = cosine(first + a, first + b);
                typical[a] += c;
                typical[b] += c;
            }
        }
        Integer[] order = new Integer[n];
        for (int a = 0; a < n; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (x, y) -> Double.compare(typical[x], typical[y]));
        NoveltyMemory trial = new NoveltyMemory(s);
        trial.low = low;
        trial.high = high;
        trial.anchor = anchor;
        trial.vigilanceLow = s.initialVigilance();
        trial.vigilanceHigh = s.initialVigilance();
        double[] p = new double[dim];
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < n; k++) {
            System.arraycopy(batch, (first + order[k]) * dim, p, 0, dim);
            trial.match(p, true, k);
            if (k >= s.learningSteps() / 2 - 1) {
                sum += trial.similarity;
                counted++;
            }
        }
        return counted > 0 ? sum / counted : s.initialVigilance();
    }

    private double cosine(int a, int b) {
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int k = 0; k < dim; k++) {
            double x = batch[a * dim + k];
            double y = batch[b * dim + k];
            na += x * x;
            nb += y * y;
            dot += x * y;
        }
        na = Math.sqrt(na);
        nb = Math.sqrt(nb);
        if (na == 0) {
            return 1 - nb;
        }
        return nb == 0 ? 1 - na : dot / (na * nb);
    }

    /**
     * Matches a pattern against every category (fuzzy ART choice with complement coding, on boxes): sets
     * {@link #similarity} and {@link #energy} of the best; with {@code learn}, every category above the
     * upper vigilance grows to include it, and if none is, the pattern becomes a new category. Returns true
     * when nothing reached the lower vigilance: a new cluster, the novelty event.
     */
    private boolean match(double[] p, boolean learn, long now) {
        if (categories == 0) {
            // The very first pattern (levels at the lowest value so far, which is the series' first value unless a
            // range was given in advance; no shape yet) seeds the memory even before learning starts, as in ARTime;
            // without that seed NAB scores 66.73 instead of 68.59.
            addCategory(p, now);
            similarity = 0;
            energy = 0;
            return false;
        }
        double range = range();
        // Boxes hold levels relative to the anchor: low - anchor is their low.
        double boxLow = low - anchor;
        for (int k = 0; k < dim; k++) {
            normalised[k] = k < w ? p[k] : (p[k] - low) / range;
        }
        double best = -1;
        double bestEnergy = 0;
        boolean resonated = false;
        refreshBoxes(boxLow, range);
        double[] nl = normLower;
        double[] nu = normUpper;
        int last = dim - 1;
        for (int j = 0; j < categories; j++) {
            double num = 0;
            double norm = 0;
            int o = j * dim;
            for (int k = 0; k < dim; k++) {
                double u = nl[o + k];
                double v = nu[o + k];
                double x = normalised[k];
                num += Math.min(x, u) + Math.min(1 - x, 1 - v);
                norm += u + 1 - v;
            }
            double xl = normalised[last];
            double energyNum = Math.min(xl, nl[o + last]) + Math.min(1 - xl, 1 - nu[o + last]);
            double energyNorm = nl[o + last] + 1 - nu[o + last];
            double fs = similarity(num, norm, s.prior());
            // The current step's level decides as much as the whole pattern: ARTime's "energy" term.
            double es = energyNorm == 0 ? 1 : energyNum / energyNorm;
            double m = fs * fs * fs * es * es;
            if (m > best) {
                best = m;
                bestEnergy = es;
            }
            if (learn && m >= vigilanceHigh) {
                for (int k = 0; k < dim; k++) {
                    float x = boxValue(p, k);
                    lower[o + k] = Math.min(lower[o + k], x);
                    upper[o + k] = Math.max(upper[o + k], x);
                }
                normalise(j);
                lastUsed[j] = now;
                resonated = true;
            }
        }
        similarity = best;
        energy = bestEnergy;
        if (!learn || resonated) {
            return false;
        }
        addCategory(p, now);
        return best < vigilanceLow;
    }

    /**
     * Keeps every box's bounds in the units {@link #match} compares in: levels relative to the series' range.
     * They change only when the range does (a new low or high) or a box learns, so they are divided once
     * then, not on every match of every box (a profile had the divisions as most of the detector's time).
     * The values are the same divisions the match made before, so scores are unchanged to the bit.
     */
    private void refreshBoxes(double boxLow, double range) {
        if (normLower.length != lower.length) {
            normLower = Arrays.copyOf(normLower, lower.length);
            normUpper = Arrays.copyOf(normUpper, upper.length);
        }
        if (boxLow != normBoxLow || range != normRange) {
            normBoxLow = boxLow;
            normRange = range;
            boxesNormalised = 0;
        }
        while (boxesNormalised < categories) {
            normalise(boxesNormalised++);
        }
    }

    /** Box {@code j}'s bounds for the current range; only boxes already normalised are kept up to date. */
    private void normalise(int j) {
        if (j >= boxesNormalised) {
            return;
        }
        int o = j * dim;
        for (int k = 0; k < dim; k++) {
            normLower[o + k] = k < w ? lower[o + k] : (lower[o + k] - normBoxLow) / normRange;
            normUpper[o + k] = k < w ? upper[o + k] : (upper[o + k] - normBoxLow) / normRange;
        }
    }

    /**
     * A category's similarity to a pattern: their agreement over the category's norm, each with {@code prior}
     * pseudo-dimensions of agreement added, so the dissimilarity is ARTime's times norm / (norm + prior).
     */
    static double similarity(double agreement, double norm, double prior) {
        double n = norm + prior;
        return (agreement + prior) / (n == 0 ? 0.001 : n);
    }

    private void addCategory(double[] p, long now) {
        if (categories == lastUsed.length && categories < s.maxCategories()) {
            capacity(Math.min(s.maxCategories(), 2 * categories));
        }
        int j = categories;
        if (categories == lastUsed.length) {
            j = 0;
            for (int i = 1; i < categories; i++) {
                if (lastUsed[i] < lastUsed[j]) {
                    j = i;
                }
            }
        } else {
            categories++;
        }
        for (int k = 0; k < dim; k++) {
            float x = boxValue(p, k);
            lower[j * dim + k] = x;
            upper[j * dim + k] = x;
        }
        normalise(j);
        lastUsed[j] = now;
    }

    /** Dimension {@code k} of a pattern as a box stores it: shape as is, levels relative to the anchor. */
    private float boxValue(double[] p, int k) {
        return (float) (k < w ? p[k] : p[k] - anchor);
    }

    private void capacity(int n) {
        if (n > lastUsed.length) {
            lastUsed = Arrays.copyOf(lastUsed, n);
            lower = Arrays.copyOf(lower, n * dim);
            upper = Arrays.copyOf(upper, n * dim);
        }
    }

    /** One pattern through the network, with masking and vigilance adaptation; returns the report's score (confidence scaled by the usual band) or 0. */
    private double detect(double[] p, int i) {
        int learning = s.learningSteps();
        int mask = s.mask();
        boolean afterReport = i - lastReport <= mask;
        boolean updateAfterReport = i - lastReport == mask;
        boolean updateForTrend = i - lastVigilanceUpdate >= learning / 2;
        if (i > learning + mask && maskAfterNew && stepsWithoutNew >= mask) {
            maskAfterNew = false;
        }
        boolean novel = match(p, i >= w, i);
        stepsWithoutNew = novel ? 0 : stepsWithoutNew + 1;
        similaritySum += similarity;
        similarityCount++;
        // Only the least and the mean of these are used, so they are rings: detect runs once per step from
        // step 1, and step i's slot is (i - 1) modulo the ring's length.
        recentSimilarity[(i - 1) % recentSimilarity.length] = similarity;
        recentShortfall[(i - 1) % recentShortfall.length] = vigilanceHigh - similarity;
        if (i - lastReport < mask && reports > 0 && similarity < reportFloor) {
            // What the vigilance remembers of a report is the lowest similarity seen while it is masked.
            reportSimilaritySum += similarity - reportFloor;
            reportFloor = similarity;
        }
        boolean masking = maskAfterNew || afterReport;
        boolean clearlyLess = similarity < lastReportSimilarity * (afterReport ? 0.90 : 0.70);
        double score = 0;
        if (i > learning && novel && (!masking || clearlyLess)) {
            score = confidence() * awayFromUsual();
            reports++;
            reportSimilaritySum += similarity;
            reportFloor = similarity;
            lastReportSimilarity = similarity;
            lastReport = i;
        }
        maskAfterNew |= novel;
        if (i > learning && (updateAfterReport || updateForTrend)) {
            adaptVigilance(i);
        }
        return score;
    }

    /**
     * Raises the lower vigilance towards the least similarity of the recent steps when all were familiar,
     * else lowers it by half their typical shortfall (never below the mean similarity of past reports);
     * the upper vigilance is the mean similarity of every step.
     */
    private void adaptVigilance(int i) {
        double least = Double.POSITIVE_INFINITY;
        for (double v : recentSimilarity) {
            least = Math.min(least, v);
        }
        double upperV = Math.min(MAX_VIGILANCE, similaritySum / similarityCount);
        double lowerV;
        if (vigilanceLow <= least) {
            lowerV = vigilanceLow + (least - vigilanceLow) * 0.19;
        } else {
            double fall = 0;
            if (i > 2 * s.learningSteps()) {
                double sum = 0;
                int n = 0;
                for (double d : recentShortfall) {
                    if (d > 0.05) {
                        sum += Math.min(0.37, d);
                        n++;
                    }
                }
                fall = n > 0 ? sum / n : 0;
            }
            lowerV = vigilanceLow - Math.max(0.01, fall) / 2;
            if (reports > 0) {
                lowerV = Math.max(reportSimilaritySum / reports, lowerV);
            }
        }
        vigilanceLow = Math.min(upperV, lowerV);
        vigilanceHigh = upperV;
        lastVigilanceUpdate = i;
        maskAfterNew = true;
    }

    /** 1 when the current step lies at least the usual band away from the median, falling in proportion to 0 at it. */
    private double awayFromUsual() {
        if (s.usualBand() == 0) {
            return 1;
        }
        return Math.min(1, Math.abs(levelWindow[w - 1] - median) / range() / s.usualBand());
    }

    /** How far the best match fell below the vigilances, plus how unlike the current level was. */
    private double confidence() {
        double fs = Math.min(0.999, similarity);
        double belowUpper = ((1 - fs) - (1 - vigilanceHigh)) / (1 - fs);
        double belowLower = ((1 - fs) - (1 - vigilanceLow)) / (1 - fs);
        return Math.max(0, Math.min(1, belowUpper * 0.35 + belowLower * 0.65 + (1 - energy) * 1.5));
    }

    /** Approximate bytes of state with these settings. */
    public static long stateBytes(NoveltySettings s) {
        long dim = 2L * s.window();
        return 8L * s.maxCategories() * dim + 8L * s.maxCategories() + 4L * s.medianSteps() + 8L * s.learningSteps() * dim
                + 24L * s.learningSteps() + 512;
    }

    /** Writes the whole state (for Flink checkpoints); {@link #read} restores it into a memory with the same settings. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        s.write(out);
        StateIo.writeDoubles(out, block, block.length);
        out.writeInt(inBlock);
        out.writeDouble(stepTrend);
        out.writeInt(steps);
        out.writeDouble(low);
        out.writeDouble(high);
        out.writeDouble(anchor);
        StateIo.writeFloats(out, recentSteps);
        out.writeInt(recentCount);
        out.writeDouble(median);
        StateIo.writeDoubles(out, levelWindow, w);
        out.writeInt(categories);
        for (int k = 0; k < categories * dim; k++) {
            out.writeFloat(lower[k]);
            out.writeFloat(upper[k]);
        }
        for (int j = 0; j < categories; j++) {
            out.writeLong(lastUsed[j]);
        }
        boolean learning = steps < s.learningSteps();
        out.writeBoolean(learning);
        if (learning) {
            StateIo.writeDoubles(out, batch, steps * dim);
        }
        out.writeDouble(vigilanceLow);
        out.writeDouble(vigilanceHigh);
        out.writeDouble(similarity);
        out.writeDouble(energy);
        out.writeDouble(similaritySum);
        out.writeLong(similarityCount);
        StateIo.writeDoubles(out, recentSimilarity, recentSimilarity.length);
        StateIo.writeDoubles(out, recentShortfall, recentShortfall.length);
        out.writeInt(lastReport);
        out.writeInt(lastVigilanceUpdate);
        out.writeInt(stepsWithoutNew);
        out.writeBoolean(maskAfterNew);
        out.writeDouble(lastReportSimilarity);
        out.writeDouble(reportFloor);
        out.writeDouble(reportSimilaritySum);
        out.writeInt(reports);
        out.writeDouble(lastScore);
    }

    public void read(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT && format != 1) {
            throw new IOException("novelty state format " + format + " is neither 1 nor " + FORMAT);
        }
        NoveltySettings stored = NoveltySettings.read(in, format == FORMAT);
        // Format 1 had no prior and no usual band. Its categories are boxes of the same patterns, so they stay
        // valid under the current prior; their similarities to new patterns rise, while the vigilances restored
        // were set without it, so the memory reports less than a fresh one until they adapt (every
        // learningSteps / 2 steps). The band only scales what is reported.
        if (format == 1) {
            stored = stored.withAdditions(s.prior(), s.usualBand());
        }
        if (!stored.equals(s)) {
            throw new IOException("novelty state was written with " + stored + ", not " + s);
        }
        StateIo.readDoubles(in, block, block.length);
        inBlock = in.readInt();
        stepTrend = in.readDouble();
        steps = in.readInt();
        if (inBlock < 0 || inBlock >= block.length || steps < 0) {
            throw new IOException("novelty state is corrupt: " + inBlock + " samples in a step of " + block.length + ", " + steps + " steps");
        }
        low = in.readDouble();
        high = in.readDouble();
        // Format 1 kept recent steps and boxes in absolute values: relative to 0.
        anchor = format == FORMAT ? in.readDouble() : 0;
        StateIo.readFloats(in, recentSteps);
        recentCount = in.readInt();
        if (recentCount < 0 || recentCount > recentSteps.length) {
            throw new IOException("novelty state is corrupt: " + recentCount + " recent steps in a ring of " + recentSteps.length);
        }
        median = in.readDouble();
        StateIo.readDoubles(in, levelWindow, w);
        categories = in.readInt();
        if (categories < 0 || categories > s.maxCategories()) {
            throw new IOException("novelty state holds " + categories + " categories; at most " + s.maxCategories() + " fit");
        }
        capacity(categories);
        for (int k = 0; k < categories * dim; k++) {
            lower[k] = in.readFloat();
            upper[k] = in.readFloat();
        }
        boxesNormalised = 0;
        for (int j = 0; j < categories; j++) {
            lastUsed[j] = in.readLong();
        }
        if (in.readBoolean()) {
            if (steps >= s.learningSteps()) {
                throw new IOException("novelty state is corrupt: a learning batch after " + steps + " steps");
            }
            batch = new double[s.learningSteps() * dim];
            StateIo.readDoubles(in, batch, steps * dim);
        } else {
            batch = null;
        }
        vigilanceLow = in.readDouble();
        vigilanceHigh = in.readDouble();
        similarity = in.readDouble();
        energy = in.readDouble();
        similaritySum = in.readDouble();
        similarityCount = in.readLong();
        StateIo.readDoubles(in, recentSimilarity, recentSimilarity.length);
        StateIo.readDoubles(in, recentShortfall, recentShortfall.length);
        lastReport = in.readInt();
        lastVigilanceUpdate = in.readInt();
        stepsWithoutNew = in.readInt();
        maskAfterNew = in.readBoolean();
        lastReportSimilarity = in.readDouble();
        reportFloor = in.readDouble();
        reportSimilaritySum = in.readDouble();
        reports = in.readInt();
        lastScore = in.readDouble();
    }
}
