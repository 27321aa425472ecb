package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.demo.TrafficModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendFloorTest {

    @TempDir
    Path dir;

    private static TrafficModel model() {
        return new TrafficModel(new TrafficModel.Scale(1, 2, 300), 7, Instant.parse("2026-12-01T00:00:00Z"), Benchmark.CHATBOT);
    }

    @Test
    void theFirstEventsAreTheModelsFirstInItsOrder() {
        List<AppendFloor.Row> all = new ArrayList<>();
        model().generate((chatbot, events) -> events.forEach(
                e -> all.add(new AppendFloor.Row(chatbot, e.id(), e.conversationId(), e.channelId(), e.type(), e.timestamp()))));
        assertThat(all).hasSizeGreaterThan(1_000);

        assertThat(AppendFloor.firstEvents(model(), 1_000)).containsExactlyElementsOf(all.subList(0, 1_000));
        assertThat(AppendFloor.firstEvents(model(), all.size() + 5)).as("a model with fewer: all of them").containsExactlyElementsOf(all);
    }

    @Test
    void aRoundStoresEveryEventInCommitsOfItsGroupAndLeavesNoFile() throws Exception {
        List<AppendFloor.Row> rows = AppendFloor.firstEvents(model(), 2_500);
        Path file = dir.resolve("round.duckdb");

        AppendFloor.Round round = AppendFloor.round(file, rows, 1_000);

        assertThat(round.stored()).isEqualTo(2_500);
        assertThat(round.nanos()).isPositive();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("round.duckdb.wal")).doesNotExist();
    }

    @Test
    void theFloorIsTheFastestOfItsRoundsAndTheIngestionsShareIsItsRateOverTheFloors() {
        List<AppendFloor.Row> rows = AppendFloor.firstEvents(model(), 3_000);
        Path floorDir = dir.resolve("floor");

        AppendFloor floor = AppendFloor.measure(floorDir, rows, 1_000, 500);

        assertThat(floorDir).as("its files are removed").doesNotExist();
        assertThat(floor.events()).isEqualTo(3_000);
        assertThat(floor.groupEvents()).isEqualTo(1_000);
        assertThat(floor.roundsEventsPerSecond()).hasSize(Floor.ROUNDS).contains(floor.eventsPerSecond())
                .allSatisfy(r -> assertThat(r).isPositive().isLessThanOrEqualTo(floor.eventsPerSecond()));
        assertThat(floor.share(floor.eventsPerSecond() / 4)).isEqualTo(0.25);
        BenchmarkResults.AppendFloorResult result = floor.result(floor.eventsPerSecond() / 4);
        assertThat(result.ingestionShare()).isEqualTo(0.25);
        assertThat(result.eventsPerSecond()).isEqualTo(Math.round(floor.eventsPerSecond()));
        assertThat(result.table()).isEqualTo(AppendFloor.TABLE);
        assertThat(floor.rounds()).matches("[\\d,]+, [\\d,]+ and [\\d,]+ events/s");
    }

    @Test
    void aFloorNeedsEvents() {
        assertThatThrownBy(() -> AppendFloor.measure(dir.resolve("none"), List.of(), 1_000, 500))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
    }
}
