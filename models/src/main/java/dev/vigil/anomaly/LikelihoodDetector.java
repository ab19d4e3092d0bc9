package dev.vigil.anomaly;

/**
 * Turns a raw anomaly score into the probability that recent behaviour is unusual for this series: the
 * mean of the last {@code shortWindow} raw scores is compared with the distribution (mean, standard
 * deviation) of raw scores over the last {@code longWindow}, and the Gaussian tail probability becomes
 * the score (1 - tail). A single noisy point barely moves a short-term mean; a sustained change does.
 * This is the "anomaly likelihood" idea of Ahmad et al. (2017), written from the paper's description.
 */
public final class LikelihoodDetector implements AnomalyDetector {
    private final AnomalyDetector raw;
    private final double[] longRing;
    private final double[] shortRing;
    private int longCount;
    private int longNext;
    private int shortCount;
    private int shortNext;
    private double longSum;
    private double longSumSq;
    private double shortSum;

    public LikelihoodDetector(AnomalyDetector raw, int longWindow, int shortWindow) {
        this.raw = raw;
        this.longRing = new double[longWindow];
        this.shortRing = new double[shortWindow];
    }

    @Override
    public String name() {
        return "likelihood(" + raw.name() + ")/1";
    }

    @Override
    public double update(long time, double value) {
        double r = raw.update(time, value);
        shortSum += r - (shortCount == shortRing.length ? shortRing[shortNext] : 0);
        shortRing[shortNext] = r;
        shortNext = (shortNext + 1) % shortRing.length;
        shortCount = Math.min(shortCount + 1, shortRing.length);
        double score = 0;
        if (longCount >= Math.min(longRing.length, 4 * shortRing.length)) {
            double mean = longSum / longCount;
            double var = Math.max(longSumSq / longCount - mean * mean, 1e-6);
            double shortMean = shortSum / shortCount;
            double z = (shortMean - mean) / Math.sqrt(var);
            score = 1 - 0.5 * erfc(z / Math.sqrt(2));
        }
        if (longCount == longRing.length) {
            double old = longRing[longNext];
            longSum -= old;
            longSumSq -= old * old;
        }
        longRing[longNext] = r;
        longSum += r;
        longSumSq += r * r;
        longNext = (longNext + 1) % longRing.length;
        longCount = Math.min(longCount + 1, longRing.length);
        return score;
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
