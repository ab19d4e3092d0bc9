package dev.vigil.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring method (NAB v1.1), written from its published description:
 * probationary period, scaled-sigmoid weights of detections by their position in (or distance after)
 * an anomaly window, only the earliest detection in a window counting, one threshold per profile
 * optimised over the whole corpus, and normalisation so the null detector (constant 0.5) scores 0 and
 * a perfect one 100. All positions are row indices; window limits are matched to the first row whose
 * timestamp equals them.
 */
public final class NabScorer {
    /** A scoring profile: the weights of true positives, false positives and false negatives. */
    public record Profile(String name, double tp, double fp, double fn) {}

    public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
    public static final Profile LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final Profile LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
    public static final List<Profile> PROFILES = List.of(STANDARD, LOW_FP, LOW_FN);

    /** One labelled series: its row timestamps (as text) and its anomaly windows [start, end] (as text). */
    public record Series(String name, String[] timestamps, List<String[]> windows) {}

    /** A corpus's best threshold and raw and normalised scores for one profile. */
    public record Result(Profile profile, double threshold, double raw, double nullRaw, double perfect, double score) {}

    /** What a threshold detects over a corpus: windows with a detection, of all windows, and false-positive rows. */
    public record Detections(int windowsHit, int windows, int falsePositives) {}

    /** Counts, after each file's probationary period, the windows with a score at or above {@code threshold} and the rows outside windows at or above it. */
    public static Detections detections(List<Series> series, List<double[]> scores, double threshold) {
        int hit = 0;
        int windows = 0;
        int falsePositives = 0;
        for (int f = 0; f < series.size(); f++) {
            Prepared pr = prepare(series.get(f), STANDARD, 0);
            boolean[] detected = new boolean[pr.windows()];
            boolean[] scored = new boolean[pr.windows()];
            double[] sc = scores.get(f);
            for (int i = pr.probation(); i < sc.length; i++) {
                int w = pr.window()[i];
                if (w >= 0) {
                    scored[w] = true;
                    detected[w] |= sc[i] >= threshold;
                } else if (sc[i] >= threshold) {
                    falsePositives++;
                }
            }
            for (int w = 0; w < detected.length; w++) {
                windows += scored[w] ? 1 : 0;
                hit += detected[w] ? 1 : 0;
            }
        }
        return new Detections(hit, windows, falsePositives);
    }

    /** Rows of one file prepared for the sweep: per-row weight, window id (or -1), and which rows are scored. */
    record Prepared(double[] weight, int[] window, int probation, int firstWindowId, int windows) {}

    private NabScorer() {}

    static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    static final double MAX_TP = scaledSigmoid(-1.0);

    public static int probation(int rows) {
        return Math.min((int) Math.floor(0.15 * rows), 750);
    }

    /** The per-row sweep weights of one series under a profile. */
    static Prepared prepare(Series s, Profile p, int firstWindowId) {
        int n = s.timestamps().length;
        double[] weight = new double[n];
        int[] window = new int[n];
        Arrays.fill(window, -1);
        int next = 0;
        boolean inside = false;
        int right = -1;
        int width = 0;
        int prevRight = -1;
        int prevWidth = 0;
        int id = firstWindowId - 1;
        String endTs = null;
        for (int i = 0; i < n; i++) {
            if (!inside && next < s.windows().size() && s.timestamps()[i].equals(s.windows().get(next)[0])) {
                String[] w = s.windows().get(next++);
                int left = firstIndex(s.timestamps(), w[0]);
                right = firstIndex(s.timestamps(), w[1]);
                if (right < 0) {
                    throw new IllegalArgumentException(s.name() + ": window end " + w[1] + " is not a row's timestamp");
                }
                width = right - left + 1;
                endTs = w[1];
                inside = true;
                id++;
            }
            if (inside) {
                double pos = -(right - i + 1) / (double) width;
                weight[i] = scaledSigmoid(pos) * p.tp() / MAX_TP;
                window[i] = id;
            } else {
                double u = prevRight < 0 ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1));
                weight[i] = u * p.fp();
            }
            if (inside && s.timestamps()[i].equals(endTs)) {
                prevRight = i;
                prevWidth = width;
                inside = false;
            }
        }
        if (next < s.windows().size()) {
            throw new IllegalArgumentException(s.name() + ": window start " + s.windows().get(next)[0] + " is not a row's timestamp");
        }
        return new Prepared(weight, window, probation(n), firstWindowId, id - firstWindowId + 1);
    }

    private static int firstIndex(String[] ts, String t) {
        for (int i = 0; i < ts.length; i++) {
            if (ts[i].equals(t)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Scores a detector over a corpus: {@code scores.get(k)} are the anomaly scores of {@code series.get(k)},
     * row by row. One threshold is optimised over all files; the result is normalised against the null
     * detector (constant 0.5, through the same sweep) and the perfect score (every window's first row).
     */
    public static Result score(List<Series> series, List<double[]> scores, Profile p) {
        int totalWindows = 0;
        for (Series s : series) {
            totalWindows += s.windows().size();
        }
        double perfect = p.tp() * totalWindows;
        List<double[]> half = new ArrayList<>();
        for (Series s : series) {
            double[] c = new double[s.timestamps().length];
            Arrays.fill(c, 0.5);
            half.add(c);
        }
        double[] nul = sweep(series, half, p);
        double[] best = sweep(series, scores, p);
        double score = 100.0 * (best[1] - nul[1]) / (perfect - nul[1]);
        return new Result(p, best[0], best[1], nul[1], perfect, score);
    }

    /** The best {threshold, raw score}: candidates 1.1 and every distinct score; detection is score >= threshold. */
    static double[] sweep(List<Series> series, List<double[]> scores, Profile p) {
        List<Prepared> prepared = new ArrayList<>();
        int id = 0;
        int counted = 0;
        int rows = 0;
        for (Series s : series) {
            Prepared pr = prepare(s, p, id);
            id += pr.windows();
            prepared.add(pr);
            rows += s.timestamps().length - pr.probation();
        }
        // Windows with at least one scored row start at -fnWeight.
        double[] contribution = new double[id];
        Arrays.fill(contribution, Double.NaN);
        double raw = 0;
        long[] order = new long[rows];
        double[] value = new double[rows];
        double[] weight = new double[rows];
        int[] window = new int[rows];
        int k = 0;
        for (int f = 0; f < series.size(); f++) {
            Prepared pr = prepared.get(f);
            double[] sc = scores.get(f);
            if (sc.length != series.get(f).timestamps().length) {
                throw new IllegalArgumentException(series.get(f).name() + ": " + sc.length + " scores for "
                        + series.get(f).timestamps().length + " rows");
            }
            for (int i = pr.probation(); i < sc.length; i++) {
                // A NaN equals nothing, not even itself, so the sweep below could never step past it.
                if (Double.isNaN(sc[i])) {
                    throw new IllegalArgumentException(series.get(f).name() + ": anomaly_score of row " + (i + 1)
                            + " (" + series.get(f).timestamps()[i] + ") is NaN");
                }
                value[k] = sc[i];
                weight[k] = pr.weight()[i];
                window[k] = pr.window()[i];
                if (window[k] >= 0 && Double.isNaN(contribution[window[k]])) {
                    contribution[window[k]] = -p.fn();
                    raw -= p.fn();
                    counted++;
                }
                order[k] = k;
                k++;
            }
        }
        // Sort rows by score, descending, stable.
        Integer[] idx = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(value[b], value[a]));
        double bestRaw = raw;
        double bestThreshold = 1.1;
        int i = 0;
        while (i < rows) {
            double t = value[idx[i]];
            while (i < rows && value[idx[i]] == t) {
                int r = idx[i];
                if (window[r] < 0) {
                    raw += weight[r];
                } else if (weight[r] > contribution[window[r]]) {
                    raw += weight[r] - contribution[window[r]];
                    contribution[window[r]] = weight[r];
                }
                i++;
            }
            if (raw > bestRaw) {
                bestRaw = raw;
                bestThreshold = t;
            }
        }
        return new double[] {bestThreshold, bestRaw};
    }
}
