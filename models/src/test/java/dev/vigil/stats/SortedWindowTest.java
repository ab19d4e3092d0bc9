package dev.vigil.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SortedWindowTest {
    /** Median and MAD the way a detector computed them before: copy the ring, sort, sort the deviations. */
    private static double[] bySorting(float[] ring, int count) {
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = ring[i];
        }
        Arrays.sort(s);
        double median = (s[(count - 1) / 2] + s[count / 2]) / 2.0;
        for (int i = 0; i < count; i++) {
            s[i] = Math.abs(ring[i] - median);
        }
        Arrays.sort(s);
        return new double[] {median, (s[(count - 1) / 2] + s[count / 2]) / 2.0};
    }

    @Test
    void medianAndMadEqualASortBitForBitAsTheWindowSlides() {
        Random random = new Random(11);
        for (int capacity : new int[] {1, 2, 5, 64, 289}) {
            SortedWindow window = new SortedWindow(capacity);
            float[] ring = new float[capacity];
            int next = 0;
            int count = 0;
            for (int i = 0; i < 3 * capacity + 50; i++) {
                // Plateaus (ties), steps and noise.
                float x = random.nextInt(4) == 0 ? (float) random.nextInt(3) : (float) (100 + 10 * random.nextGaussian());
                window.add(x);
                ring[next] = x;
                next = (next + 1) % capacity;
                count = Math.min(count + 1, capacity);
                double[] expected = bySorting(ring, count);
                double median = window.median();
                assertThat(Double.doubleToRawLongBits(median)).isEqualTo(Double.doubleToRawLongBits(expected[0]));
                assertThat(Double.doubleToRawLongBits(window.medianAbsDeviation(median)))
                        .isEqualTo(Double.doubleToRawLongBits(expected[1]));
            }
            assertThat(window.size()).isEqualTo(Math.min(capacity, 3 * capacity + 50));
        }
    }

    @Test
    void aRestoredWindowAnswersAsTheOriginal() {
        SortedWindow window = new SortedWindow(10);
        for (int i = 0; i < 14; i++) {
            window.add(i * 3 % 7);
        }
        SortedWindow copy = new SortedWindow(10);
        copy.restore(window.ring().clone(), window.size(), window.next());
        copy.add(42);
        window.add(42);
        assertThat(copy.median()).isEqualTo(window.median());
        assertThat(copy.medianAbsDeviation(copy.median())).isEqualTo(window.medianAbsDeviation(window.median()));
    }

    @Test
    void anEmptyWindowHasNoMedian() {
        assertThat(new SortedWindow(4).median()).isNaN();
    }
}
