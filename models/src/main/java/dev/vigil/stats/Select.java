package dev.vigil.stats;

import java.util.Arrays;

/**
 * The k-th smallest of a range of doubles in linear expected time (quickselect), reordering the range
 * so that smaller values come before position k and larger ones after. It orders values as
 * {@link Arrays#sort(double[])} does ({@link Double#compare}: -0.0 before 0.0, NaN last), so a selected
 * value is bit for bit the one a full sort would put at k. A detector that needs a median and two
 * percentiles of a few thousand values per point pays for three partitions, not a sort.
 * Written by hand: commons-math's KthSelector is not on the models' class path, and this is 40 lines.
 */
public final class Select {
    private Select() {}

    /** Returns the value a sort of {@code a[from, to)} would put at index {@code k}; reorders the range. */
    public static double kth(double[] a, int from, int to, int k) {
        if (k < from || k >= to) {
            throw new IndexOutOfBoundsException("k " + k + " outside [" + from + ", " + to + ")");
        }
        int lo = from;
        int hi = to - 1;
        // Introselect: a range that keeps shrinking slowly (adversarial order) is sorted instead.
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(to - from)) + 4;
        while (hi > lo) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = (lo + hi) >>> 1;
            // Median of three as the pivot, moved to hi.
            if (Double.compare(a[mid], a[lo]) < 0) {
                swap(a, mid, lo);
            }
            if (Double.compare(a[hi], a[lo]) < 0) {
                swap(a, hi, lo);
            }
            if (Double.compare(a[mid], a[hi]) < 0) {
                swap(a, mid, hi);
            }
            double pivot = a[hi];
            int store = lo;
            for (int i = lo; i < hi; i++) {
                if (Double.compare(a[i], pivot) < 0) {
                    swap(a, i, store++);
                }
            }
            swap(a, store, hi);
            if (store == k) {
                return a[k];
            }
            if (k < store) {
                hi = store - 1;
            } else {
                lo = store + 1;
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
