package dev.vigil.forecast;

/**
 * Prometheus' {@code predict_linear(v[range], t)}, computed as Prometheus computes it: an ordinary
 * least-squares line through the range's samples, with times in seconds relative to the evaluation
 * time, evaluated {@code t} seconds after it. The range is left-open, {@code (at - range, at]}, as in
 * Prometheus 3. Written here because the baseline must be exactly the rule operators run today.
 */
public final class PredictLinear {
    private PredictLinear() {}

    /**
     * @param times  sample times, epoch millis, ascending
     * @param values sample values
     * @param at     evaluation time, epoch millis
     * @param rangeMs the range selector's length
     * @param aheadSeconds how far ahead to predict
     * @return the predicted value, or NaN when the range holds fewer than two samples
     */
    public static double predict(long[] times, double[] values, int count, long at, long rangeMs, double aheadSeconds) {
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double firstY = Double.NaN;
        boolean constant = true;
        for (int i = 0; i < count; i++) {
            if (times[i] <= at - rangeMs || times[i] > at) {
                continue;
            }
            double x = (times[i] - at) / 1000.0;
            double y = values[i];
            if (Double.isNaN(firstY)) {
                firstY = y;
            } else if (y != firstY) {
                constant = false;
            }
            n++;
            sumX += x;
            sumY += y;
            sumXY += x * y;
            sumX2 += x * x;
        }
        if (n < 2) {
            return Double.NaN;
        }
        if (constant) {
            // Prometheus special-cases a constant series: slope 0, exactly the value.
            return firstY;
        }
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return slope * aheadSeconds + intercept;
    }
}
