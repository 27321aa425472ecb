package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.report.TimeWindow;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.EventLog;
import io.sextant.support.ExportModel;
import io.sextant.support.Exports;
import io.sextant.support.RandomEvents;
import io.sextant.support.Traffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Daily exports answered partly from kept days ({@link KeptDays}) against the brute-force model,
 * whole files, cell by cell: the same window again, one a millisecond shorter, one that starts a
 * day earlier, then after late events that reach kept days (a message inside one, a language of a
 * conversation started before it, a new channel), and after events that reach none.
 */
class KeptDaysTest extends ApiTest {

    private static final long SEED = 3_2026_12_03L;
    private static final String BOT = "bot-kept-days";
    private static final String FROM = "2025-03-25T00:00:00+01:00";
    private static final String TO = "2025-04-02T23:59:59.999+02:00";
    private static final long T0 = Instant.parse("2025-03-24T00:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;

    @Autowired
    MeterRegistry metrics;

    @Test
    void keptDaysAnswerAsTheModelDoesAndCommitsDropTheDaysTheyReach() {
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/web-1", Map.of("name", "Web", "type", "web"), api.adminKey()).status())
                .isEqualTo(200);
        EventLog log = new EventLog();
        TimeWindow w = TimeWindow.parse(FROM, TO, "86400", "Europe/Berlin");
        List<Long> hot = new ArrayList<>();
        for (TimeWindow.Bucket b : w.buckets()) {
            hot.add(b.start());
            hot.add(b.end());
        }
        RandomEvents random = new RandomEvents(SEED, T0, T0 + 10 * DAY, hot, List.of("web-1", "voice-1"));
        Traffic.ingest(api, BOT, random.batches(300, 6), log);

        // nothing kept yet: every day computed
        Counts before = counts();
        check(w, Map.of("from", FROM, "to", TO, "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).isEqualTo(new Counts(0, 9));

        // the same window: every day kept
        before = counts();
        check(w, Map.of("from", FROM, "to", TO, "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).isEqualTo(new Counts(9, 0));

        // a millisecond shorter: its last day is another bucket
        TimeWindow shorter = TimeWindow.of(w.from(), w.to() - 1, TimeWindow.Interval.DAY, w.zone(), 366);
        before = counts();
        check(shorter, Map.of("from", FROM, "to", Instant.ofEpochMilli(w.to() - 1).toString(), "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).isEqualTo(new Counts(8, 1));

        // a day earlier: that day computed, the rest kept
        TimeWindow earlier = TimeWindow.of(w.from() - DAY, w.to(), TimeWindow.Interval.DAY, w.zone(), 366);
        before = counts();
        check(earlier, Map.of("from", Instant.ofEpochMilli(w.from() - DAY).toString(), "to", TO, "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).isEqualTo(new Counts(9, 1));

        // late events: a message inside the fourth day and a language (sent on the last day) of a
        // conversation the random traffic started, which the days from its start on count
        long fourth = w.buckets().get(3).start() + 3_600_000L;
        Traffic.ingest(api, BOT, List.of(List.of(
                new Event.Message("late-1", fourth, "web-1", "conv-" + SEED + "-1", Direction.USER, 42, null),
                new Event.ConversationLanguage("late-2", w.buckets().get(8).start() + 60_000L, "web-1", "conv-" + SEED + "-2", "xx"))), log);
        before = counts();
        check(w, Map.of("from", FROM, "to", TO, "timezone", "Europe/Berlin"), log);
        Counts late = counts().minus(before);
        assertThat(late.computed()).as("the days the late events reach").isBetween(6L, 9L);
        assertThat(late.kept() + late.computed()).isEqualTo(9);

        // a channel of its own on the sixth day: a new row in every day of the grid
        long sixth = w.buckets().get(5).start() + 7_200_000L;
        Traffic.ingest(api, BOT, List.of(List.of(
                new Event.ConversationStarted("late-3", sixth, "mail-1", "late-conversation", "fr", Map.of()),
                new Event.Message("late-4", sixth + 1, "mail-1", "late-conversation", Direction.BOT, 7, null))), log);
        before = counts();
        check(w, Map.of("from", FROM, "to", TO, "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).as("the new channel reaches every day").isEqualTo(new Counts(0, 9));

        // events after the window reach none of its days
        Traffic.ingest(api, BOT, List.of(List.of(
                new Event.Message("after-1", w.to() + DAY, "web-1", "conv-" + SEED + "-3", Direction.BOT, 5, null))), log);
        before = counts();
        check(w, Map.of("from", FROM, "to", TO, "timezone", "Europe/Berlin"), log);
        assertThat(counts().minus(before)).isEqualTo(new Counts(9, 0));
    }

    private record Counts(long kept, long computed) {
        Counts minus(Counts o) {
            return new Counts(kept - o.kept, computed - o.computed);
        }
    }

    private Counts counts() {
        return new Counts((long) metrics.counter("sextant.export.days", "outcome", "kept").count(),
                (long) metrics.counter("sextant.export.days", "outcome", "computed").count());
    }

    private void check(TimeWindow w, Map<String, String> params, EventLog log) {
        String id = Exports.create(api, BOT, params);
        JsonNode status = Exports.await(api, BOT, id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("completed");
        Api.Response file = api.get(status.get("downloadUrl").asString(), null);
        assertThat(file.status()).isEqualTo(200);
        ExportReferenceTest.compare(SEED, Exports.parse(file.body()), ExportFiles.DAILY_COLUMNS,
                new ExportModel(log.model(BOT)).daily(w, ExportReferenceTest.channels(api, BOT)));
    }
}
