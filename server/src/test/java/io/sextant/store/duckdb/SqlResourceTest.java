package io.sextant.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.stats.Percentile;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code .sql} resources of the DuckDB stores: they load, fill their slots, and agree with the Java that they spell out. */
class SqlResourceTest {

    @Test
    void theStatementsLoadWithoutTheirHeaderAndWithEverySlotFilled() {
        for (String sql : List.of(DuckDbExportDataStore.DAILY, DuckDbExportDataStore.DAILY_ASOF,
                InboxThreadsSql.ctes("TRUE"), SqlResource.load("rollups-update-conversations"))) {
            assertThat(sql).doesNotStartWith("--").doesNotContain("{{").isEqualTo(sql.strip());
        }
        assertThat(SqlResource.load("inbox-threads", Map.of("threadFilter", "thread_no = 1", "segmentFilter", ""))).contains("WHERE thread_no = 1");
        assertThat(InboxThreadsSql.ctes("TRUE", SegmentSql.of(io.sextant.store.Segment.of(io.sextant.store.Segment.Condition.of(
                io.sextant.store.Segment.Kind.HANDOVER, "yes"))))).contains("FROM handover_threads\n    WHERE chatbot_id = :chatbot AND conversation_id IN (SELECT conversation_id FROM segment)");
    }

    @Test
    void aSlotThatIsMissingOrLeftUnfilledIsAnError() {
        assertThatThrownBy(() -> SqlResource.load("inbox-threads", Map.of("segmentFilter", ""))).hasMessageContaining("{{threadFilter}}");
        assertThatThrownBy(() -> SqlResource.load("rollups-update-conversations", Map.of("nope", "x")))
                .hasMessageContaining("no slot {{nope}}");
        assertThatThrownBy(() -> SqlResource.load("no-such-statement")).hasMessageContaining("no SQL resource");
    }

    /** The export files write the contract's median out as {@link DuckDbPercentile#aggregate} spells it. */
    @Test
    void theExportMediansAreTheAggregateForm() {
        for (String sql : List.of(DuckDbExportDataStore.DAILY, DuckDbExportDataStore.DAILY_ASOF)) {
            var medians = Pattern.compile("quantile_cont\\(CAST\\((.+?) AS DOUBLE\\), [^)]*\\)\\)").matcher(sql);
            int n = 0;
            while (medians.find()) {
                assertThat(medians.group()).isEqualTo(DuckDbPercentile.aggregate(medians.group(1), Percentile.MEDIAN));
                n++;
            }
            assertThat(n).as("every quantile_cont is a median of the aggregate form")
                    .isEqualTo(sql.split("quantile_cont\\(", -1).length - 1).isEqualTo(4);
        }
    }

    /** One daily statement, two ways of finding an event's bucket: every place says it the same way in each. */
    @Test
    void theDailyExportIsOneStatementWithTwoWaysToFindABucket() {
        String slot = DuckDbExportDataStore.DAILY;
        String asof = DuckDbExportDataStore.DAILY_ASOF;
        assertThat(slot).contains("FROM messages m JOIN slots sl ON sl.slot = CASE WHEN m.ts < :anchor THEN -1 ELSE (m.ts - :anchor) // :grain END")
                .contains("JOIN slots sl ON sl.slot = s.k").doesNotContain("ASOF JOIN");
        assertThat(asof).contains("FROM messages m ASOF JOIN buckets sl ON m.ts >= sl.b_start")
                .contains("ASOF JOIN buckets sl ON s.k >= sl.b_start").doesNotContain("JOIN slots sl");
        assertThat(slot.split("JOIN slots sl", -1).length - 1).isEqualTo(asof.split("ASOF JOIN buckets sl", -1).length - 1).isEqualTo(9);
        assertThatThrownBy(() -> SqlResource.load("export-daily", Map.of("inboxThreads", "x"), Map.of()))
                .hasMessageContaining("no form for {{bucketJoin");
    }
}
