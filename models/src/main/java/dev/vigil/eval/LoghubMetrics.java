package dev.vigil.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log parsing accuracy as the Loghub-2.0 benchmark (Jiang et al., ISSTA 2024) computes it. Groups are
 * keyed by template string on both sides.
 * <ul>
 *   <li>grouping accuracy (GA): a line counts when its predicted group holds exactly the lines of its
 *       ground-truth group;</li>
 *   <li>parsing accuracy (PA): a line counts when its predicted template string equals the ground truth;</li>
 *   <li>pairwise F1: over pairs of lines put in the same group, against pairs that share a ground-truth group.</li>
 * </ul>
 */
public final class LoghubMetrics {
    private LoghubMetrics() {}

    /** The three scores of one system. */
    public record Scores(double ga, double pa, double f1) {}

    /** Scores predicted templates against ground-truth templates, line by line (same length, same order). */
    public static Scores score(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " ground-truth lines but " + predicted.size() + " predictions");
        }
        int n = truth.size();
        if (n == 0) {
            throw new IllegalArgumentException("no lines to score");
        }
        Map<String, Integer> truthSize = new HashMap<>();
        Map<String, Integer> predSize = new HashMap<>();
        Map<String, Integer> pairSize = new HashMap<>();
        // the truth group each predicted group maps to, or null when it mixes several
        Map<String, String> predToTruth = new HashMap<>();
        Map<String, Boolean> predPure = new HashMap<>();
        int exact = 0;
        for (int i = 0; i < n; i++) {
            String g = truth.get(i);
            String p = predicted.get(i);
            truthSize.merge(g, 1, Integer::sum);
            predSize.merge(p, 1, Integer::sum);
            pairSize.merge(p + '\u0000' + g, 1, Integer::sum);
            String seen = predToTruth.putIfAbsent(p, g);
            if (seen != null && !seen.equals(g)) {
                predPure.put(p, false);
            }
            if (g.equals(p)) {
                exact++;
            }
        }
        int correct = 0;
        for (Map.Entry<String, Integer> e : predSize.entrySet()) {
            String p = e.getKey();
            if (predPure.containsKey(p)) {
                continue;
            }
            if (truthSize.get(predToTruth.get(p)).equals(e.getValue())) {
                correct += e.getValue();
            }
        }
        double realPairs = pairs(truthSize);
        double parsedPairs = pairs(predSize);
        double accurate = pairs(pairSize);
        double precision = parsedPairs == 0 ? 0 : accurate / parsedPairs;
        double recall = realPairs == 0 ? 0 : accurate / realPairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Scores((double) correct / n, (double) exact / n, f1);
    }

    private static double pairs(Map<String, Integer> sizes) {
        double sum = 0;
        for (int s : sizes.values()) {
            sum += (double) s * (s - 1) / 2;
        }
        return sum;
    }
}
