package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorTest {

    @Test
    void theFloorIsTheLowestRoundsMedianAndTheFirstRunIsTheFirstRounds() {
        Deque<Floor> rounds = new ArrayDeque<>(List.of(round(1_000, 150.0, 17.74), round(1_000, 20.0, 10.12), round(1_000, 19.0, 10.4)));
        Floor floor = Floor.lowest(rounds::removeFirst, Duration.ZERO);
        assertThat(rounds).isEmpty();
        assertThat(floor.medianMs()).isEqualTo(10.12);
        assertThat(floor.firstMs()).isEqualTo(150.0);
        assertThat(floor.rows()).isEqualTo(1_000);
        assertThat(floor.roundMediansMs()).containsExactly(17.74, 10.12, 10.4);
        assertThat(floor.rounds()).isEqualTo("17.74, 10.12 and 10.40 ms");
        assertThat(floor.result()).isEqualTo(new BenchmarkResults.FloorResult(Floor.QUERY, 1_000, 150.0, 10.12, List.of(17.74, 10.12, 10.4)));
    }

    @Test
    void aRoundIsTheMedianOfItsTimedRuns() {
        int[] runs = {0};
        Floor round = Floor.time(Floor.QUERY, 20, () -> {
            runs[0]++;
            return 42;
        });
        assertThat(runs[0]).as("one first run, the untimed ones, the timed ones").isEqualTo(1 + Floor.UNTIMED + 20);
        assertThat(round.rows()).isEqualTo(42);
        assertThat(round.roundMediansMs()).containsExactly(round.medianMs());
        assertThat(round.rounds()).isEqualTo(String.format("%.2f ms", round.medianMs()));
    }

    @Test
    void aCountThatChangesBetweenRoundsIsAnError() {
        Deque<Floor> rounds = new ArrayDeque<>(List.of(round(1_000, 150.0, 17.74), round(999, 20.0, 10.12), round(1_000, 19.0, 10.4)));
        assertThatThrownBy(() -> Floor.lowest(rounds::removeFirst, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000, then 999");
    }

    private static Floor round(long rows, double firstMs, double medianMs) {
        return new Floor(Floor.QUERY, rows, firstMs, medianMs, List.of(medianMs));
    }
}
