package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Median and robust scale of the last {@code size} values, refreshed every {@code refresh} values: a sort
 * per value would cost more than everything else the detector does, and the statistics of a day-long
 * window barely move in a few samples.
 */
final class RollingRobustScale {
    private final float[] ring;
    private final double[] scratch;
    private final int refresh;
    private int count;
    private int next;
    private int sinceFit;
    private double median;
    private double scale = Double.NaN;

    RollingRobustScale(int size, int refresh) {
        this.ring = new float[size];
        this.scratch = new double[size];
        this.refresh = refresh;
    }

    boolean ready() {
        return !Double.isNaN(scale);
    }

    double median() {
        return median;
    }

    double scale() {
        return scale;
    }

    /** |x - median| in units of the robust scale. */
    double z(double x) {
        return Math.abs(x - median) / scale;
    }

    void add(double x) {
        ring[next] = (float) x;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
        if ((++sinceFit >= refresh || Double.isNaN(scale)) && count >= 16) {
            sinceFit = 0;
            fit();
        }
    }

    private void fit() {
        for (int i = 0; i < count; i++) {
            scratch[i] = ring[i];
        }
        Arrays.sort(scratch, 0, count);
        median = middle(scratch, count);
        double meanAbs = 0;
        for (int i = 0; i < count; i++) {
            scratch[i] = Math.abs(ring[i] - median);
            meanAbs += scratch[i];
        }
        meanAbs /= count;
        Arrays.sort(scratch, 0, count);
        double mad = middle(scratch, count);
        // 1.4826 MAD estimates a standard deviation; series that sit on a few discrete values have a MAD of
        // 0, so fall back to the mean absolute deviation (x 1.2533) and to a small fraction of the level.
        scale = Math.max(Math.max(1.4826 * mad, 1.2533 * meanAbs), 1e-3 * (Math.abs(median) + 1e-3));
    }

    private static double middle(double[] sorted, int n) {
        return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2.0;
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeFloats(out, ring);
        out.writeInt(count);
        out.writeInt(next);
        out.writeInt(sinceFit);
        out.writeDouble(median);
        out.writeDouble(scale);
    }

    void read(DataInput in) throws IOException {
        StateIo.readFloats(in, ring);
        count = in.readInt();
        next = in.readInt();
        sinceFit = in.readInt();
        median = in.readDouble();
        scale = in.readDouble();
    }
}
