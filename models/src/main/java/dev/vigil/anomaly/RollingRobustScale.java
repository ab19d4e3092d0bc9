package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import dev.vigil.stats.SortedWindow;

/**
 * Median and robust scale of the last {@code size} values, refreshed every {@code refresh} values (the
 * statistics of a day-long window barely move in a few samples). The window is kept sorted as it slides.
 */
final class RollingRobustScale {
    private final SortedWindow window;
    private final int refresh;
    private int sinceFit;
    private double median;
    private double scale = Double.NaN;

    RollingRobustScale(int size, int refresh) {
        this.window = new SortedWindow(size);
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
        window.add((float) x);
        if ((++sinceFit >= refresh || Double.isNaN(scale)) && window.size() >= 16) {
            sinceFit = 0;
            fit();
        }
    }

    private void fit() {
        // The window is kept sorted as values arrive (no sort per fit: a profile of a 20-host replay
        // had two sorts per fit as the detector's largest cost).
        int count = window.size();
        median = window.median();
        double meanAbs = 0;
        for (int i = 0; i < count; i++) {
            meanAbs += Math.abs(window.ringAt(i) - median);
        }
        meanAbs /= count;
        double mad = window.medianAbsDeviation(median);
        // 1.4826 MAD estimates a standard deviation; series that sit on a few discrete values have a MAD of
        // 0, so fall back to the mean absolute deviation (x 1.2533) and to a small fraction of the level.
        scale = Math.max(Math.max(1.4826 * mad, 1.2533 * meanAbs), 1e-3 * (Math.abs(median) + 1e-3));
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeFloats(out, window.ring());
        out.writeInt(window.size());
        out.writeInt(window.next());
        out.writeInt(sinceFit);
        out.writeDouble(median);
        out.writeDouble(scale);
    }

    void read(DataInput in) throws IOException {
        float[] ring = new float[window.capacity()];
        StateIo.readFloats(in, ring);
        int count = in.readInt();
        int next = in.readInt();
        window.restore(ring, count, next);
        sinceFit = in.readInt();
        median = in.readDouble();
        scale = in.readDouble();
    }
}
