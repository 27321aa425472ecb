package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code .sql} resources of the DuckDB stores: they load, fill their slots, and agree with the Java that they spell out. */
class SqlResourceTest {

    @Test
    void theStatementsLoadWithoutTheirHeaderAndWithEverySlotFilled() {
        List<String> statements = new java.util.ArrayList<>(dailyStatements(DuckDbExportDataStore.BY_ASOF));
        statements.addAll(List.of(InboxThreadsSql.ctes("TRUE"), SqlResource.load("rollups-update-conversations"),
                DuckDbExportDataStore.crossing(DuckDbExportDataStore.BY_SLOT, SegmentSql.ALL)));
        for (String sql : statements) {
            assertThat(sql).doesNotStartWith("--").doesNotContain("{{").isEqualTo(sql.strip());
        }
        assertThat(SqlResource.load("inbox-threads", Map.of("threadFilter", "thread_no = 1", "segmentFilter", ""))).contains("WHERE thread_no = 1");
        assertThat(InboxThreadsSql.ctes("TRUE", SegmentSql.of("bot", io.sextant.store.Segment.of(io.sextant.store.Segment.Condition.of(
                io.sextant.store.Segment.Kind.HANDOVER, "yes"))))).contains("FROM handover_threads\n    WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM segment)");
    }

    @Test
    void aSlotThatIsMissingOrLeftUnfilledIsAnError() {
        assertThatThrownBy(() -> SqlResource.load("inbox-threads", Map.of("segmentFilter", ""))).hasMessageContaining("{{threadFilter}}");
        assertThatThrownBy(() -> SqlResource.load("rollups-update-conversations", Map.of("nope", "x")))
                .hasMessageContaining("no slot {{nope}}");
        assertThatThrownBy(() -> SqlResource.load("no-such-statement")).hasMessageContaining("no SQL resource");
    }

    /** The daily statement of 30 UTC days and of a few days in Kolkata, by the grid or by the ASOF join. */
    private static List<String> dailyStatements(Map<String, java.util.function.UnaryOperator<String>> forms) {
        List<String> sql = new java.util.ArrayList<>();
        for (String zone : List.of("UTC", "Asia/Kolkata")) {
            var w = io.sextant.report.TimeWindow.parse("2025-03-01T00:00:00Z", "2025-03-30T23:59:59.999Z", "86400", zone);
            var days = new io.sextant.store.ExportDataStore.Days(w.from(), w.to(),
                    w.buckets().stream().map(io.sextant.report.TimeWindow.Bucket::start).toList(),
                    w.buckets().stream().map(io.sextant.report.TimeWindow.Bucket::end).toList());
            List<long[]> outside = List.of(new long[] {w.from() - 60_000, w.from() - 1}, new long[] {w.to() + 1, w.to() + 60_000});
            sql.add(DuckDbExportDataStore.daily(forms, SegmentSql.ALL,
                    DuckDbExportDataStore.rowsOf(days, SegmentSql.ALL, outside, true, new java.util.HashMap<>())));
        }
        return sql;
    }

    /** The daily export takes its medians in Java off counts per value: no median is computed in SQL. */
    @Test
    void theDailyExportComputesNoMedianInSql() {
        for (String sql : dailyStatements(DuckDbExportDataStore.BY_SLOT)) {
            assertThat(sql).doesNotContain("quantile").doesNotStartWith("--").doesNotContain("{{");
        }
    }

    /** One daily statement, two ways of finding a bucket: every place says it the same way in each. */
    @Test
    void theDailyExportIsOneStatementWithTwoWaysToFindABucket() {
        for (int i = 0; i < 2; i++) {
            String slot = dailyStatements(DuckDbExportDataStore.BY_SLOT).get(i);
            String asof = dailyStatements(DuckDbExportDataStore.BY_ASOF).get(i);
            assertThat(slot).contains("FROM conversations c JOIN slots sl ON sl.slot = CASE WHEN c.start_ts < :anchor THEN -1 ELSE (c.start_ts - :anchor) // :grain END")
                    .contains("JOIN slots sl ON sl.slot = r.k").doesNotContain("ASOF JOIN");
            assertThat(asof).contains("FROM conversations c ASOF JOIN buckets sl ON c.start_ts >= sl.b_start")
                    .contains("ASOF JOIN buckets sl ON r.k >= sl.b_start").doesNotContain("JOIN slots sl");
            assertThat(slot.split("JOIN slots sl", -1).length - 1).isEqualTo(asof.split("ASOF JOIN buckets sl", -1).length - 1).isEqualTo(11);
        }
        assertThatThrownBy(() -> SqlResource.load("export-daily", Map.of("inboxThreads", "x"), Map.of()))
                .hasMessageContaining("no form for {{bucket");
    }

    /** 30 UTC days read every event metric from whole days of the rollups; Kolkata's days are cut at 18:30 UTC, read from the events. */
    @Test
    void wholeUtcDaysComeFromTheRollups() {
        List<String> sql = dailyStatements(DuckDbExportDataStore.BY_SLOT);
        assertThat(sql.get(0)).doesNotContain("FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :msg_events")
                .contains("metric = 'len'").contains("metric = 'cdur'").contains("FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :outside_lo0");
        assertThat(sql.get(1)).contains("FROM messages WHERE chatbot_no = :chatbotNo AND ts BETWEEN :len_events_lo0")
                .doesNotContain("metric = 'len'");
    }
}
