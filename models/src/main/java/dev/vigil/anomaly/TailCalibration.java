package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a raw nonconformity value into a p-value against the series' own recent values, by
 * peaks-over-threshold: the top 4% of the last {@code size} values are fitted with an exponential tail
 * (the generalised Pareto distribution with shape 0, as in Siffer et al. 2017, "Anomaly detection in
 * streams with extreme value theory"), so a value beyond everything seen still gets a graded, finite
 * p-value rather than the 1/(n+1) floor of a plain rank. Refitted every {@code refit} values.
 */
final class TailCalibration {
    private final float[] ring;
    private final double[] top;
    private final int refit;
    private int count;
    private int next;
    private int sinceFit;
    private double threshold = Double.NaN;
    private double meanExcess;
    private double tailFraction;
    private final double[] tail;
    private int tailSize;

    TailCalibration(int size, int refit) {
        this.ring = new float[size];
        this.top = new double[Math.max(6, size / 25) + 1];
        this.tail = new double[top.length];
        this.refit = refit;
    }

    /** P(value >= x) under the fitted tail; 1 until enough values were seen. */
    double pValue(double x) {
        if (Double.isNaN(threshold)) {
            return 1;
        }
        if (x <= threshold) {
            // Below the tail only the order matters to the detector: a monotone ramp up to the tail fraction.
            return Math.min(1, tailFraction + (1 - tailFraction) * (threshold - x) / (Math.abs(threshold) + 1e-12));
        }
        // Never rarer than the rank says: a value the tail has already seen several times is not news,
        // however thin the fitted exponential makes it look.
        int atLeast = 0;
        for (int j = tailSize - 1; j >= 0 && tail[j] >= x; j--) {
            atLeast++;
        }
        return Math.max(tailFraction * Math.exp(-(x - threshold) / meanExcess), atLeast / (double) (count + 1));
    }

    void add(double x) {
        ring[next] = (float) x;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
        if (++sinceFit >= refit && count >= 100) {
            sinceFit = 0;
            fit();
        }
    }

    private void fit() {
        int k = Math.max(5, Math.min(top.length - 1, count / 25));
        // The k + 1 largest values, kept sorted ascending by insertion: k is small, so this beats a full sort.
        int filled = 0;
        for (int i = 0; i < count; i++) {
            double v = ring[i];
            if (filled < k + 1) {
                int j = filled++;
                while (j > 0 && top[j - 1] > v) {
                    top[j] = top[j - 1];
                    j--;
                }
                top[j] = v;
            } else if (v > top[0]) {
                int j = 0;
                while (j < k && top[j + 1] < v) {
                    top[j] = top[j + 1];
                    j++;
                }
                top[j] = v;
            }
        }
        threshold = top[0];
        double excess = 0;
        for (int j = 1; j <= k; j++) {
            excess += top[j] - threshold;
        }
        meanExcess = Math.max(excess / k, 1e-9 + 1e-6 * Math.abs(threshold));
        tailFraction = k / (double) count;
        System.arraycopy(top, 0, tail, 0, k + 1);
        tailSize = k + 1;
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeFloats(out, ring);
        out.writeInt(count);
        out.writeInt(next);
        out.writeInt(sinceFit);
        out.writeDouble(threshold);
        out.writeDouble(meanExcess);
        out.writeDouble(tailFraction);
        out.writeInt(tailSize);
        for (int j = 0; j < tailSize; j++) {
            out.writeDouble(tail[j]);
        }
    }

    void read(DataInput in) throws IOException {
        StateIo.readFloats(in, ring);
        count = in.readInt();
        next = in.readInt();
        sinceFit = in.readInt();
        threshold = in.readDouble();
        meanExcess = in.readDouble();
        tailFraction = in.readDouble();
        tailSize = in.readInt();
        if (tailSize > tail.length) {
            throw new IOException("tail of " + tailSize + " values does not fit " + tail.length);
        }
        for (int j = 0; j < tailSize; j++) {
            tail[j] = in.readDouble();
        }
    }
}
