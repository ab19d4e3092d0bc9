package dev.vigil.stats;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a series kept in order as they arrive, so its median and its median
 * absolute deviation are read without sorting: the median is the middle element, and the k-th smallest
 * deviation from it is found by walking outwards from the median (the deviations on each side are already
 * in order), in k steps. Adding a value costs a binary search and one array shift.
 * The values are floats, as the detectors store them; both statistics equal, bit for bit, what sorting a
 * copy of the window gives.
 */
public final class SortedWindow {
    private final float[] ring;
    private final float[] sorted;
    private int count;
    private int next;

    public SortedWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        ring = new float[capacity];
        sorted = new float[capacity];
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return ring.length;
    }

    /** The i-th value in arrival order of the ring (index into the ring buffer, as stored). */
    public float ringAt(int i) {
        return ring[i];
    }

    /** Where the next value goes in the ring. */
    public int next() {
        return next;
    }

    public void add(float x) {
        if (count == ring.length) {
            remove(ring[next]);
        } else {
            count++;
        }
        ring[next] = x;
        next = (next + 1) % ring.length;
        insert(x, count - 1);
    }

    /** The median of the window (the mean of the two middle values for an even size); NaN when empty. */
    public double median() {
        if (count == 0) {
            return Double.NaN;
        }
        return ((double) sorted[(count - 1) / 2] + (double) sorted[count / 2]) / 2.0;
    }

    /**
     * The median of |x - center| over the window (the mean of the two middle deviations for an even size),
     * for a center that lies between the window's smallest and largest value.
     */
    public double medianAbsDeviation(double center) {
        if (count == 0) {
            return Double.NaN;
        }
        int right = firstAtLeast(center);
        int left = right - 1;
        int lowIndex = (count - 1) / 2;
        int highIndex = count / 2;
        double low = Double.NaN;
        for (int k = 0; k <= highIndex; k++) {
            double d;
            if (left < 0) {
                d = sorted[right++] - center;
            } else if (right >= count) {
                d = center - sorted[left--];
            } else {
                double dl = center - sorted[left];
                double dr = sorted[right] - center;
                if (dl < dr) {
                    d = dl;
                    left--;
                } else {
                    d = dr;
                    right++;
                }
            }
            if (k == lowIndex) {
                low = d;
            }
            if (k == highIndex) {
                return (low + d) / 2.0;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Restores a window from its ring as written elsewhere (state): {@code count} values, next slot {@code next}. */
    public void restore(float[] values, int count, int next) {
        if (values.length != ring.length) {
            throw new IllegalArgumentException("window of " + values.length + " values, expected " + ring.length);
        }
        System.arraycopy(values, 0, ring, 0, ring.length);
        this.count = count;
        this.next = next;
        System.arraycopy(ring, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
    }

    /** The ring as stored, for writing state. */
    public float[] ring() {
        return ring;
    }

    private int firstAtLeast(double x) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insert(float x, int used) {
        // used: how many sorted slots hold values before this insert.
        int at = Arrays.binarySearch(sorted, 0, used, x);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(sorted, at, sorted, at + 1, used - at);
        sorted[at] = x;
    }

    private void remove(float x) {
        int at = Arrays.binarySearch(sorted, 0, count, x);
        if (at < 0) {
            throw new IllegalStateException("value " + x + " missing from the sorted window");
        }
        System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
    }
}
