package io.sextant.store.duckdb;

import java.util.Map;

/**
 * The SQL that reads inbox threads ({@code inbox-threads.sql}), shared by the inbox statistics and the exports.
 *
 * <p>Per conversation, {@code inbox.opened} and {@code inbox.closed} in time order (ts, then seq):
 * an open starts a thread when none is open, a close ends the open one, other opens and closes are
 * ignored. A thread's first response is the conversation's first {@code agent} message (by ts, then
 * seq) with {@code opened_at <= ts} and, for a closed thread, {@code ts < closed_at}: a message in
 * the millisecond of the close does not count, whatever its ingestion order.
 *
 * <p>The threads are kept at ingestion in {@code handover_threads} ({@link InboxThreads}; migration
 * V12 holds the same definition in SQL): reading them is a filter over a few rows per thread, not
 * a numbering of every inbox event of the chatbot's history and a join with its agent messages.
 */
final class InboxThreadsSql {

    private InboxThreadsSql() {}

    /**
     * CTEs ending in {@code threads(conversation_id, thread_no, channel_id, opened_at, closed_at,
     * first_response_at, first_responder)} of the chatbot bound as {@code :chatbot}.
     *
     * @param threadFilter a constant SQL condition on {@code opened_at}, {@code closed_at} and
     *     {@code channel_id} that keeps the threads of interest before first responses are looked
     *     up ({@code TRUE} for all); never request text
     */
    static String ctes(String threadFilter) {
        return ctes(threadFilter, SegmentSql.ALL);
    }

    /** The same, of the conversations of a segment only (whose CTE {@code segment} must come before). */
    static String ctes(String threadFilter, SegmentSql segment) {
        return SqlResource.load("inbox-threads", Map.of("threadFilter", threadFilter, "segmentFilter", segment.restrict("conversation_id")));
    }
}
