package dev.vigil.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectTest {
    @Test
    void everyRankEqualsWhatASortPutsThere() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values (ties), signed zeros and the odd NaN, as slopes of flat series give.
                values[i] = switch (random.nextInt(10)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> Double.NaN;
                    case 3 -> random.nextInt(3);
                    default -> random.nextGaussian();
                };
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(n);
            double[] work = values.clone();
            assertThat(Double.doubleToRawLongBits(Select.kth(work, 0, n, k))).isEqualTo(Double.doubleToRawLongBits(sorted[k]));
            for (int i = 0; i < k; i++) {
                assertThat(Double.compare(work[i], sorted[k])).isLessThanOrEqualTo(0);
            }
            for (int i = k + 1; i < n; i++) {
                assertThat(Double.compare(work[i], sorted[k])).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void sortedAndReversedInputsStayCorrect() {
        int n = 10_000;
        double[] up = new double[n];
        double[] down = new double[n];
        for (int i = 0; i < n; i++) {
            up[i] = i;
            down[i] = n - i;
        }
        assertThat(Select.kth(up, 0, n, n / 2)).isEqualTo(n / 2);
        assertThat(Select.kth(down, 0, n, 9)).isEqualTo(10);
    }

    @Test
    void selectsWithinASubrange() {
        double[] values = {9, 5, 1, 4, 3, 8};
        assertThat(Select.kth(values, 2, 5, 3)).isEqualTo(3);
        assertThat(values[0]).isEqualTo(9);
        assertThat(values[5]).isEqualTo(8);
    }

    @Test
    void aRankOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> Select.kth(new double[3], 0, 3, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
