package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@link NoveltyMemory}: one configuration for every series. The defaults are the ones
 * scored on NAB in docs/evaluation.md; most of them are the constants ARTime (Hampton, 2021) published,
 * the two that differ say why.
 *
 * @param step             samples folded into one step (a step keeps a spike: its most extreme sample)
 * @param window           steps per pattern (a power of two: its shape is a Haar transform)
 * @param levels           quantisation levels across the series' range so far
 * @param chomp            a step within this fraction of the range from the median counts as the median
 * @param spike            a step's extreme replaces its mean only when it differs by this fraction of the mean
 * @param learningSteps    steps learned in one batch before any score is given (the learning period)
 * @param mask             steps after a report (or a new category) during which only a clearly less familiar pattern reports
 * @param initialVigilance vigilance of the trial run that sets the starting vigilance from the learning batch
 * @param prior            pseudo-dimensions of agreement added to every similarity (see {@link NoveltyMemory})
 * @param usualBand        a report whose current step's level lies within this fraction of the range from the
 *                         median of recent steps is scaled by its distance over the band (0 within chomp; 0: off)
 * @param maxCategories    categories kept; beyond it the one resonating least recently is replaced
 * @param medianSteps      recent steps the median is taken over
 */
public record NoveltySettings(int step, int window, int levels, double chomp, double spike, int learningSteps, int mask,
        double initialVigilance, double prior, double usualBand, int maxCategories, int medianSteps) {

    /** The keys {@link #withOverrides} accepts, in the record's order. */
    public static final List<String> KEYS = List.of("step", "window", "levels", "chomp", "spike", "learning-steps", "mask",
            "initial-vigilance", "prior", "usual-band", "max-categories", "median-steps");
    /** The keys among {@link #KEYS} whose settings are counts, so their values must be whole numbers. */
    private static final List<String> WHOLE = List.of("step", "window", "levels", "learning-steps", "mask", "max-categories", "median-steps");

    public NoveltySettings {
        if (step < 1 || window < 2 || Integer.bitCount(window) != 1 || levels < 2 || learningSteps < 2 * window || mask < 0
                || maxCategories < 2 || medianSteps < 8) {
            throw new IllegalArgumentException("novelty settings out of range: step " + step + ", window " + window
                    + " (a power of two), levels " + levels + ", learningSteps " + learningSteps + " (>= 2 windows), mask " + mask
                    + ", maxCategories " + maxCategories + ", medianSteps " + medianSteps);
        }
        if (!(chomp >= 0 && chomp < 1) || !(spike >= 0) || !(initialVigilance > 0 && initialVigilance < 1) || !(prior >= 0 && Double.isFinite(prior))
                || !(usualBand >= 0 && usualBand <= 1)) {
            throw new IllegalArgumentException("novelty chomp must be in [0, 1), spike >= 0, initialVigilance in (0, 1), prior finite, >= 0"
                    + " and usualBand in [0, 1]; were " + chomp + ", " + spike + ", " + initialVigilance + ", " + prior + ", " + usualBand);
        }
    }

    /**
     * ARTime's constants, except: a fixed step of 2 samples (ARTime derives its step from the file's length,
     * which a stream does not know), a bounded category memory (ARTime's grows without limit), a prior of 2
     * pseudo-dimensions on the similarity and a usual band of a fifth of the range (ARTime has neither; see
     * docs/evaluation.md).
     */
    public static NoveltySettings defaults() {
        return new NoveltySettings(2, 8, 80, 0.075, 0.1, 104, 12, 0.8, 2, 0.2, 512, 2048);
    }

    /** These settings with another step (samples per step). */
    public NoveltySettings withStep(int newStep) {
        return new NoveltySettings(newStep, window, levels, chomp, spike, learningSteps, mask, initialVigilance, prior, usualBand,
                maxCategories, medianSteps);
    }

    /** These settings with another prior and usual band (the two terms Vigil adds to ARTime; 0 and 0 is ARTime's). */
    public NoveltySettings withAdditions(double newPrior, double newUsualBand) {
        return new NoveltySettings(step, window, levels, chomp, spike, learningSteps, mask, initialVigilance, newPrior, newUsualBand,
                maxCategories, medianSteps);
    }

    /**
     * These settings with some replaced, from {@code key=value} pairs separated by commas, keys as in {@link #KEYS}
     * (for ablations such as {@code prior=0,usual-band=0} in {@code vigil eval nab}). An unknown or repeated key, or a
     * value that is not a number (a whole one within int range for the counts), is refused naming it; the result is
     * checked like any settings.
     */
    public NoveltySettings withOverrides(String spec) {
        double[] v = {step, window, levels, chomp, spike, learningSteps, mask, initialVigilance, prior, usualBand, maxCategories, medianSteps};
        for (Map.Entry<String, Double> e : parseOverrides(spec).entrySet()) {
            v[KEYS.indexOf(e.getKey())] = e.getValue();
        }
        return new NoveltySettings((int) v[0], (int) v[1], (int) v[2], v[3], v[4], (int) v[5], (int) v[6], v[7], v[8], v[9], (int) v[10],
                (int) v[11]);
    }

    /** True when {@code spec}, as {@link #withOverrides} reads it, sets {@code key}. */
    public static boolean sets(String spec, String key) {
        return parseOverrides(spec).containsKey(key);
    }

    /** The {@code key=value} pairs of {@code spec}, checked as {@link #withOverrides} describes, in their order. */
    private static Map<String, Double> parseOverrides(String spec) {
        Map<String, Double> given = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            if (!KEYS.contains(key) || eq < 0) {
                throw new IllegalArgumentException("novelty setting '" + pair.trim() + "' is not key=value with a key of " + KEYS);
            }
            if (given.containsKey(key)) {
                throw new IllegalArgumentException("novelty setting " + key + " is given twice");
            }
            String value = pair.substring(eq + 1).trim();
            double x;
            try {
                x = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("novelty setting " + key + ": '" + value + "' is not a number", e);
            }
            if (WHOLE.contains(key) && (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("novelty setting " + key + ": '" + value + "' is not a whole number within int range");
            }
            given.put(key, x);
        }
        return given;
    }

    /** Samples of the learning batch: no score is given before the step that follows them. */
    public int learningSamples() {
        return step * learningSteps;
    }

    void write(DataOutput out) throws IOException {
        int[] ints = {step, window, levels, learningSteps, mask, maxCategories, medianSteps};
        for (int v : ints) {
            out.writeInt(v);
        }
        out.writeDouble(chomp);
        out.writeDouble(spike);
        out.writeDouble(initialVigilance);
        out.writeDouble(prior);
        out.writeDouble(usualBand);
    }

    /**
     * Reads settings written by {@link #write}; {@code withAdditions} false reads those of state format 1, which had
     * neither prior nor usual band: they come back with 0 for both.
     */
    static NoveltySettings read(DataInput in, boolean withAdditions) throws IOException {
        int step = in.readInt();
        int window = in.readInt();
        int levels = in.readInt();
        int learningSteps = in.readInt();
        int mask = in.readInt();
        int maxCategories = in.readInt();
        int medianSteps = in.readInt();
        double chomp = in.readDouble();
        double spike = in.readDouble();
        double initialVigilance = in.readDouble();
        double prior = withAdditions ? in.readDouble() : 0;
        double usualBand = withAdditions ? in.readDouble() : 0;
        return new NoveltySettings(step, window, levels, chomp, spike, learningSteps, mask, initialVigilance, prior, usualBand,
                maxCategories, medianSteps);
    }
}
