package io.sextant.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's percentile, worked out by hand. */
class PercentileTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        assertThat(Percentile.median(List.of(7))).isEqualTo(7.0);
        assertThat(Percentile.median(List.of(3, 1, 2))).isEqualTo(2.0);
        assertThat(Percentile.median(List.of(0, 3))).isEqualTo(1.5);
        assertThat(Percentile.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
        assertThat(Percentile.median(List.of(0.25, 0.5))).isEqualTo(0.375);
    }

    @Test
    void interpolatesLinearlyAtPositionPTimesNMinusOne() {
        List<Integer> tenToHundred = List.of(100, 10, 20, 30, 40, 50, 60, 70, 80, 90); // sorted: 10 … 100
        assertThat(Percentile.of(tenToHundred, 0.9)).isEqualTo(91.0); // pos 8.1: 90 + 10·0.1
        assertThat(Percentile.of(tenToHundred, 0.0)).isEqualTo(10.0);
        assertThat(Percentile.of(tenToHundred, 1.0)).isEqualTo(100.0);
        assertThat(Percentile.of(List.of(1000L, 2000L), 0.9)).isEqualTo(1900.0);
        long[] sorted = {5, 10, 20};
        assertThat(Percentile.ofSorted(sorted.length, i -> sorted[i], 0.75)).isEqualTo(15.0); // pos 1.5
    }

    @Test
    void thereIsNoneWithoutSamplesAndNoneOfAPOutsideZeroToOne() {
        assertThat(Percentile.median(List.of())).isNull();
        assertThatThrownBy(() -> Percentile.of(List.of(1), 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentile.of(List.of(1), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsPerDistinctValueGiveTheSameNumberAsTheSortedSamples() {
        java.util.Random r = new java.util.Random(13);
        for (int round = 0; round < 500; round++) {
            java.util.TreeMap<Double, Long> counts = new java.util.TreeMap<>();
            List<Double> samples = new java.util.ArrayList<>();
            int distinct = 1 + r.nextInt(20);
            for (int i = 0; i < distinct; i++) {
                double v = r.nextBoolean() ? r.nextInt(50) : r.nextDouble() * 100;
                long c = 1 + r.nextInt(5);
                counts.merge(v, c, Long::sum);
                for (int k = 0; k < c; k++) {
                    samples.add(v);
                }
            }
            double[] values = counts.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            long[] n = counts.values().stream().mapToLong(Long::longValue).toArray();
            for (double p : new double[] {0, 0.1, 0.5, 0.9, 1}) {
                assertThat(Percentile.ofCounts(values, n, p)).isEqualTo(Percentile.of(samples, p));
            }
        }
        assertThat(Percentile.ofCounts(new double[0], new long[0], 0.5)).isNull();
    }

    @Test
    void countsOfValuesInAnyOrderAndRepeatedGiveTheSameNumberAsTheSortedSamples() {
        java.util.Random r = new java.util.Random(17);
        for (int round = 0; round < 500; round++) {
            int rows = 1 + r.nextInt(30);
            double[] values = new double[rows];
            long[] counts = new long[rows];
            List<Double> samples = new java.util.ArrayList<>();
            for (int i = 0; i < rows; i++) {
                values[i] = r.nextBoolean() ? r.nextInt(10) : r.nextDouble() * 100; // small integers repeat
                counts[i] = r.nextInt(4); // a value may have no samples
                for (int k = 0; k < counts[i]; k++) {
                    samples.add(values[i]);
                }
            }
            double[] valuesBefore = values.clone();
            long[] countsBefore = counts.clone();
            for (double p : new double[] {0, 0.1, 0.5, 0.9, 1}) {
                assertThat(Percentile.ofUnorderedCounts(values, counts, p)).isEqualTo(Percentile.of(samples, p));
            }
            assertThat(values).as("left as they are").isEqualTo(valuesBefore);
            assertThat(counts).isEqualTo(countsBefore);
        }
    }
}
