package dev.vigil.eval;

import dev.vigil.anomaly.NoveltyMemory;
import dev.vigil.anomaly.NoveltySettings;

/**
 * Gives Vigil's novelty memory what NAB's own harness gives every detector before a file's first row, so its score
 * can be set beside NAB's published ones on equal terms; Vigil's job never knows these things.
 *
 * <p>NAB's harness ({@code nab/detectors/base.py}) hands each detector the file's minimum, maximum and probationary
 * period. ARTime, the leader, scales values by that range and takes its step from the probationary period: the
 * coarsest step whose learning batch ({@code learning-steps} steps) fits inside it, so a long file is read in coarse
 * steps and a short one in fine steps. NAB sizes its anomaly windows by the file's length too (a tenth of it, shared
 * among the file's anomalies), so the step follows the windows' scale, which a stream cannot know.
 */
public final class NabHarness {
    private NabHarness() {}

    /** The coarsest step (at least 1) whose learning batch fits in the probationary period of a file of {@code rows} rows. */
    public static int step(int rows, NoveltySettings settings) {
        return Math.max(1, NabScorer.probation(rows) / settings.learningSteps());
    }

    /**
     * A novelty memory for one file read from row {@code start}: told the range of the rows it will read (finite
     * values only, as the memory skips the rest) and given the step of {@link #step} for the whole file.
     */
    public static NoveltyMemory memory(NoveltySettings settings, double[] values, int start) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = start; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
        }
        NoveltySettings stepped = settings.withStep(step(values.length, settings));
        // A file with no finite value gives the memory nothing to learn, so it starts as a stream would.
        return min <= max ? NoveltyMemory.withKnownRange(stepped, min, max) : new NoveltyMemory(stepped);
    }
}
