package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sextant.report.ReportKind;
import io.sextant.report.ReportService;
import io.sextant.report.TimeWindow;
import io.sextant.store.Channel;
import io.sextant.store.ReportQuery;
import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import io.sextant.store.Segment.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the SQL a report sends to ClickHouse, as {@code io.sextant.store.duckdb.ReportSqlSnapshotTest}
 * does for DuckDB: the statement {@link ClickHouseReportStore} builds for a fixed query, with its
 * named values (the chatbot's channels among them, when a metric needs them), is compared with {@code src/test/resources/sql-snapshots/clickhouse-<name>.sql}, so
 * a change of the SQL shows up in review as a diff of that file. When they differ, the test fails
 * and writes the new text to {@code target/sql-snapshots/clickhouse-<name>.sql}. It also checks that
 * binding turns every name into a literal (what is sent has no {@code :name} left).
 */
class ClickHouseReportSqlSnapshotTest {

    private static final Path ACTUAL_DIR = Path.of("target", "sql-snapshots");
    /** The chatbot's channels, as the channel store lists them; bound where a report needs channel types. */
    private static final List<Channel> CHANNELS = List.of(
            new Channel("bot-1", "tg", "Telegram", "telegram", null, null, 1L, 1L),
            new Channel("bot-1", "web", "Website", "web", null, null, 1L, 1L));

    @Test
    void overviewWithAllComponents() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        assertSnapshot("clickhouse-overview-all-components", ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components()));
    }

    @Test
    void channelWithAllComponents() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        // with settings of the chatbot's own: the fallback intents bound as a list, the threshold as a number
        assertSnapshot("clickhouse-channel-all-components", ReportService.query("bot-1", "web", w, ReportKind.CHANNEL.components(),
                new ReportQuery.Understanding(java.util.List.of("fallback", "smalltalk"), 0.6)));
    }

    @Test
    void hourlyWithAZoneAcrossAChangeOfOffset() throws IOException {
        // Europe/Berlin moves its clocks forward on 2024-03-31: one local day of 23 hours
        TimeWindow w = TimeWindow.parse("2024-03-30T23:00:00.000Z", "2024-03-31T21:59:59.999Z", "3600", "Europe/Berlin");
        assertSnapshot("clickhouse-overview-hourly-zoned-intervals", ReportService.query("bot-1", null, w,
                ReportKind.OVERVIEW.components().stream().filter(c -> c.name().endsWith("_INTERVAL")).toList()));
    }

    @Test
    void channelOfASegmentWithEveryKindOfCondition() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        assertSnapshot("clickhouse-channel-segment-every-condition", ReportService.query("bot-1", "web", w, ReportKind.CHANNEL.components(),
                Segment.of(Condition.of(Kind.LANGUAGE, "de"), Condition.of(Kind.CHANNEL, "web"), Condition.of(Kind.CHANNEL_TYPE, "web"),
                        Condition.of(Kind.INTENT, "refund"), Condition.of(Kind.HANDOVER, "no"), Condition.of(Kind.GOAL, "order"),
                        Condition.of(Kind.GOAL_REACHED, "yes"), Condition.of(Kind.RATING, "up"),
                        Condition.attribute("utm.source", "spring:2025' OR 1=1"))));
    }

    @Test
    void overviewOfASegmentThatOnlyLeavesConversationsOut() throws IOException {
        TimeWindow w = TimeWindow.parse("2024-03-01T00:00:00.000Z", "2024-03-07T23:59:59.999Z", "86400", null);
        assertSnapshot("clickhouse-overview-segment-leaving-out", ReportService.query("bot-1", null, w, ReportKind.OVERVIEW.components(),
                Segment.of(Condition.of(Kind.HANDOVER, "no"), Condition.of(Kind.LANGUAGE, "unknown"))));
    }

    @Test
    void aValueIsBoundAsALiteralWhateverItHolds() {
        NamedSql sql = new NamedSql("SELECT :a AS a, ':b' AS b, :list AS l, :a + 1 AS c", Map.of("a", "x' OR 1 = 1 --:b", "list", List.of(1L, 2L)));
        assertThat(sql.bind().text()).isEqualTo("SELECT 'x\\' OR 1 = 1 --:b' AS a, ':b' AS b, [1, 2] AS l, 'x\\' OR 1 = 1 --:b' + 1 AS c");
    }

    private static void assertSnapshot(String name, ReportQuery q) throws IOException {
        NamedSql sql = ClickHouseReportStore.sql(q, CHANNELS);
        assertThat(sql.bind().text()).doesNotContainPattern(":[a-zA-Z]");
        String actual = render(sql);
        String expected;
        try (InputStream in = ClickHouseReportSqlSnapshotTest.class.getResourceAsStream("/sql-snapshots/" + name + ".sql")) {
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

    /** The statement, then its named values as comments. */
    private static String render(NamedSql sql) {
        StringBuilder sb = new StringBuilder(sql.text().strip()).append(";\n\n-- bound values\n");
        sql.values().forEach((k, v) -> sb.append("-- :").append(k).append(" = ").append(v instanceof String s ? "'" + s + "'" : v).append('\n'));
        return sb.toString();
    }
}
