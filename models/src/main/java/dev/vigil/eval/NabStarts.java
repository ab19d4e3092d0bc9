package dev.vigil.eval;

import dev.vigil.anomaly.AnomalyDetector;

import java.util.DoubleSummaryStatistics;

/**
 * Runs a detector over a NAB file from a later first row, and summarises a score over such starts.
 *
 * <p>Why: a detector that learns in order (an ART network, HTM) follows a different path when its stream
 * begins a row later, and on NAB's 42 files that alone moves the standard score by several points. One run's
 * score is one draw; the mean over starts is what a change has to move before it counts. The skipped rows
 * score 0 and lie inside NAB's probationary period, which the scorer ignores, so every start is scored on
 * the same rows under the same labels.
 */
public final class NabStarts {
    private NabStarts() {}

    /** Mean, sample standard deviation, least and greatest of scores over {@code n} starts. */
    public record Spread(int n, double mean, double sd, double min, double max) {
        /** The spread of these scores (at least one). */
        public static Spread of(double[] scores) {
            if (scores.length == 0) {
                throw new IllegalArgumentException("no scores to summarise");
            }
            DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
            for (double s : scores) {
                stats.accept(s);
            }
            double mean = stats.getAverage();
            double squares = 0;
            for (double s : scores) {
                squares += (s - mean) * (s - mean);
            }
            double sd = scores.length > 1 ? Math.sqrt(squares / (scores.length - 1)) : 0;
            return new Spread(scores.length, mean, sd, stats.getMin(), stats.getMax());
        }
    }

    /**
     * Scores of {@code detector} over one file whose stream starts at row {@code start}: rows before it score 0
     * and are never shown to the detector. Refused when {@code start} would reach past the file's probationary
     * period, naming the file, since those rows are scored and the starts would no longer be comparable.
     */
    public static double[] run(String file, AnomalyDetector detector, long[] times, double[] values, int start) {
        checkStart(file, values.length, start);
        double[] scores = new double[values.length];
        for (int i = start; i < values.length; i++) {
            scores[i] = detector.update(times[i], values[i]);
        }
        return scores;
    }

    /** Refuses a start before row 0 or at or past the probationary period of a file of {@code rows} rows, naming the file. */
    public static void checkStart(String file, int rows, int start) {
        if (start < 0 || start >= NabScorer.probation(rows)) {
            throw new IllegalArgumentException(file + ": a start at row " + start + " is outside its probationary period of "
                    + NabScorer.probation(rows) + " rows, so that run would be scored on other rows");
        }
    }
}
