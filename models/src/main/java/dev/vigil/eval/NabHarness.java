package dev.vigil.eval;

import dev.vigil.anomaly.NoveltyMemory;
import dev.vigil.anomaly.NoveltySettings;

/**
 * Gives Vigil's novelty memory what NAB's own harness gives every detector before a file's first row, to set its
 * score beside NAB's published ones under NAB's input conventions; Vigil's job never knows these things.
 *
 * <p>NAB's harness ({@code nab/detectors/base.py}) hands each detector the file's minimum, maximum and probationary
 * period. ARTime, the leader, scales values by that range and takes its step from the probationary period: the
 * coarsest step for which 13 windows of steps fit inside it, so a long file is read in coarse steps and a short one in
 * fine steps. NAB sizes its anomaly windows by the file's length too (a tenth of it, shared among the file's
 * anomalies), so the step follows the windows' scale, which a stream cannot know. ARTime also learns the whole
 * probationary period as its batch; the memory keeps its own learning batch ({@code learning-steps}).
 */
public final class NabHarness {
    private NabHarness() {}

    /** Windows of steps that ARTime fits into the probationary period when it chooses its step. */
    static final int WINDOWS_PER_PROBATION = 13;

    /** ARTime's step for a file of {@code rows} rows: the coarsest (at least 1) for which 13 windows of steps fit in its probationary period. */
    public static int step(int rows, NoveltySettings settings) {
        return Math.max(1, NabScorer.probation(rows) / (WINDOWS_PER_PROBATION * settings.window()));
    }

    /**
     * A novelty memory for one file read from row {@code start}: told the range of the rows it will read (of the
     * values it reads: {@link NoveltyMemory#accepts}) and given the step of {@link #step} for the whole file.
     */
    public static NoveltyMemory memory(NoveltySettings settings, double[] values, int start) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = start; i < values.length; i++) {
            if (NoveltyMemory.accepts(values[i])) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
        }
        NoveltySettings stepped = settings.withStep(step(values.length, settings));
        // A file with no value the memory reads gives it nothing to learn, so it starts as a stream would.
        return min <= max ? NoveltyMemory.withKnownRange(stepped, min, max) : new NoveltyMemory(stepped);
    }
}
