package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.fail;

import io.sextant.report.ReportKind;
import io.sextant.report.ReportService;
import io.sextant.report.TimeWindow;
import io.sextant.store.ReportQuery;
import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import io.sextant.store.Segment.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the SQL a report sends: the statement the store builds for a fixed query, with its bound
 * values, is compared with {@code src/test/resources/sql-snapshots/<name>.sql}, so a change of the
 * SQL shows up in review as a diff of that file. When they differ, the test fails and writes the
 * new text to {@code target/sql-snapshots/<name>.sql}: copy it over the snapshot if the change is
 * meant.
 */
class ReportSqlSnapshotTest {

    private static final Path ACTUAL_DIR = Path.of("target", "sql-snapshots");

    @Test
    void overviewWithAllComponents() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        assertSnapshot("overview-all-components", ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components()));
    }

    @Test
    void channelWithAllComponents() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        // with settings of the chatbot's own: the fallback intents bound as a list, the threshold as a number
        assertSnapshot("channel-all-components", ReportService.query("bot-1", "web", w, ReportKind.CHANNEL.components(),
                new ReportQuery.Understanding(java.util.List.of("fallback", "smalltalk"), 0.6)));
    }

    @Test
    void hourlyWithAZoneAcrossAChangeOfOffset() throws IOException {
        // Europe/Berlin moves its clocks forward on 2024-03-31: one local day of 23 hours
        TimeWindow w = TimeWindow.parse("2024-03-30T23:00:00.000Z", "2024-03-31T21:59:59.999Z", "3600", "Europe/Berlin");
        assertSnapshot("overview-hourly-zoned-intervals", ReportService.query("bot-1", null, w,
                ReportKind.OVERVIEW.components().stream().filter(c -> c.name().endsWith("_INTERVAL")).toList()));
    }

    @Test
    void hourlyDayEndingMillisecondsBeforeMidnight() throws IOException {
        // a dashboard's day whose end moves: P's first hour from its row less the milliseconds
        // before P; W's last hour, which may be the present one, from the events
        TimeWindow w = TimeWindow.parse("2024-03-07T00:00:00.000Z", "2024-03-07T23:59:59.995Z", "3600", null);
        assertSnapshot("overview-hourly-day-ending-before-midnight", ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components()));
    }

    @Test
    void hourlyDayOfALiveDashboard() throws IOException {
        // the writer's reach, read once the snapshot began, says no message lies before a start or
        // after `to`: the scans of the conversations crossing W's edges are left out
        TimeWindow w = TimeWindow.parse("2024-03-07T00:00:00.000Z", "2024-03-07T23:59:59.995Z", "3600", null);
        ReportQuery q = ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components().stream()
                .filter(c -> c.overviewId() != null && c.overviewId() <= 16).toList());
        assertSnapshot("overview-hourly-day-live", DuckDbReportStore.statements(q, true, new long[] {w.from(), w.to()}, true));
        // a conversation still going on: the scans after W only
        assertSnapshot("overview-hourly-day-live-conversation-going-on",
                DuckDbReportStore.statements(q, true, new long[] {w.from(), w.to() + 60_000}, true));
    }

    @Test
    void hourlyDayOfALiveDashboardAfterTheLatestEvents() throws IOException {
        // the writer's latest times, read once the snapshot began, put no row after `to` in any
        // table but steps (a step at `to` + 1 ms): the ranges after `to` that the day rows of the
        // W-only metrics are taken off by are left out, but for the steps
        TimeWindow w = TimeWindow.parse("2024-03-07T00:00:00.000Z", "2024-03-07T23:59:59.995Z", "3600", null);
        ReportQuery q = ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components().stream()
                .filter(c -> c.overviewId() != null && c.overviewId() <= 16).toList());
        long[] latest = new long[LatestEvents.TABLES.length];
        java.util.Arrays.fill(latest, w.to() - 20);
        latest[LatestEvents.indexOf("steps")] = w.to() + 1;
        DuckDbReportStore.Statements st = DuckDbReportStore.statements(q, ChatbotNumbers.NONE, true, new long[] {w.from(), w.to()}, true, latest);
        assertSnapshot("overview-hourly-day-live-after-the-latest-events", st);
        org.assertj.core.api.Assertions.assertThat(st.rangesLeftOut()).as("the ranges after `to` of the languages, the messages per"
                + " conversation, the user message lengths, the intents and the intent scores").isEqualTo(5);
    }

    @Test
    void channelWithMillisecondEdgesInAHalfHourZone() throws IOException {
        // Kolkata's midnights are 18:30 UTC: the hours they cut and the edges of W and P come from
        // the events, whole hours and days between them from event_rollups
        TimeWindow w = TimeWindow.parse("2024-03-01T18:30:00.017Z", "2024-03-04T18:29:59.990Z", "86400", "Asia/Kolkata");
        assertSnapshot("channel-edges-half-hour-zone", ReportService.query("bot-1", "web", w, ReportKind.CHANNEL.components()));
    }

    @Test
    void channelOfASegmentWithEveryKindOfCondition() throws IOException {
        // a segment reads every range from the events (no rollups), each scan restricted to the CTE segment
        TimeWindow w = TimeWindow.parse("2024-03-01T18:30:00.017Z", "2024-03-04T18:29:59.990Z", "86400", "Asia/Kolkata");
        assertSnapshot("channel-segment-every-condition", ReportService.query("bot-1", "web", w, ReportKind.CHANNEL.components(),
                EVERY_CONDITION));
    }

    @Test
    void overviewOfASegmentThatOnlyLeavesConversationsOut() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        assertSnapshot("overview-segment-leaving-out", ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components(),
                Segment.of(Condition.of(Kind.HANDOVER, "no"), Condition.of(Kind.LANGUAGE, "unknown"))));
    }

    /** One condition of every kind. */
    static final Segment EVERY_CONDITION = Segment.of(Condition.of(Kind.LANGUAGE, "de"), Condition.of(Kind.CHANNEL, "web"),
            Condition.of(Kind.CHANNEL_TYPE, "web"), Condition.of(Kind.INTENT, "refund"), Condition.of(Kind.HANDOVER, "no"),
            Condition.of(Kind.GOAL, "order"), Condition.of(Kind.GOAL_REACHED, "yes"), Condition.of(Kind.RATING, "up"),
            Condition.attribute("utm.source", "spring:2025' OR 1=1"));

    private static void assertSnapshot(String name, ReportQuery q) throws IOException {
        assertSnapshot(name, DuckDbReportStore.statements(q));
    }

    private static void assertSnapshot(String name, DuckDbReportStore.Statements st) throws IOException {
        String actual = (st.rollups() == null ? "" : "-- the rollup rows (kept between reports): hours up to " + upTo(st.hoursUpTo()) + ", days up to " + upTo(st.daysUpTo()) + "\n"
                + render(st.rollups()) + "\n-- the rest\n") + (st.rest() == null ? "" : render(st.rest()));
        String expected;
        try (InputStream in = ReportSqlSnapshotTest.class.getResourceAsStream("/sql-snapshots/" + name + ".sql")) {
            expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!actual.equals(expected)) {
            Files.createDirectories(ACTUAL_DIR);
            Path written = ACTUAL_DIR.resolve(name + ".sql");
            Files.writeString(written, actual);
            fail("The SQL of " + name + " differs from src/test/resources/sql-snapshots/" + name + ".sql"
                    + (expected == null ? " (missing)" : "") + ". The new text is in " + written.toAbsolutePath()
                    + "; if the change is meant, copy it over the snapshot:\n  cp " + written + " src/test/resources/sql-snapshots/");
        }
    }

    private static String upTo(long start) {
        return start == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(start).toString();
    }

    /** The statement, then its bound values as comments, by name. */
    private static String render(DuckDbReportStore.Sql sql) {
        StringBuilder sb = new StringBuilder(sql.text().strip()).append(";\n\n-- bound values\n");
        for (Map.Entry<String, Object> p : new TreeMap<>(sql.params()).entrySet()) {
            Object v = p.getValue();
            sb.append("-- :").append(p.getKey()).append(" = ").append(v instanceof String s ? "'" + s + "'" : v).append('\n');
        }
        return sb.toString();
    }
}
