package io.sextant.store;

import io.sextant.event.Event;
import io.sextant.event.EventType;
import io.sextant.store.DuckDbEventStore.Row;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Keeps the rollups of migration V4 ({@code conversations}, and {@code step_labels} as V6 left it) in
 * step with the events, inside the writer's transaction: the accepted rows of a commit group are
 * first folded per conversation and per step id in memory. The conversations are appended to a
 * temporary stage table and merged with one {@code INSERT … ON CONFLICT DO UPDATE}, which keeps the
 * earlier start and the later language; the labels go through {@link StepLabels}, which writes only
 * the names that change. Every rollup row exists twice: for its channel and for all channels ({@code ''}).
 *
 * <p>It also sums up, per chatbot, what the commit changed (see {@link ChangeLog}).
 */
final class Rollups {

    static final String ALL_CHANNELS = "";

    /**
     * The start moves only to an earlier time, the language only to a later (or, ingested later,
     * equal) time; message counts add up. The time columns are set last, so the conditions read the
     * stored times however the engine orders the assignments.
     */
    private static final String MERGE_CONVERSATION = """
                        start_seq     = CASE WHEN excluded.start_ts < coalesce(start_ts, 9223372036854775807) THEN excluded.start_seq ELSE start_seq END,
                        start_channel = CASE WHEN excluded.start_ts < coalesce(start_ts, 9223372036854775807) THEN excluded.start_channel ELSE start_channel END,
                        start_ts      = CASE WHEN excluded.start_ts < coalesce(start_ts, 9223372036854775807) THEN excluded.start_ts ELSE start_ts END,
                        language      = CASE WHEN excluded.language_ts >= coalesce(language_ts, -9223372036854775808) THEN excluded.language ELSE language END,
                        language_seq  = CASE WHEN excluded.language_ts >= coalesce(language_ts, -9223372036854775808) THEN excluded.language_seq ELSE language_seq END,
                        language_ts   = CASE WHEN excluded.language_ts >= coalesce(language_ts, -9223372036854775808) THEN excluded.language_ts ELSE language_ts END,
                        messages         = messages + excluded.messages,
                        first_message_ts = least(first_message_ts, excluded.first_message_ts),
                        last_message_ts  = greatest(last_message_ts, excluded.last_message_ts)""";

    private Rollups() {}

    static void createStages(Statement st) throws SQLException {
        st.execute("""
                CREATE TEMP TABLE IF NOT EXISTS stage_conversations (chatbot_id VARCHAR, channel_id VARCHAR,
                    conversation_id VARCHAR, start_ts BIGINT, start_seq BIGINT, start_channel VARCHAR,
                    language VARCHAR, language_ts BIGINT, language_seq BIGINT,
                    messages BIGINT, first_message_ts BIGINT, last_message_ts BIGINT)""");
        st.execute("""
                CREATE TEMP TABLE IF NOT EXISTS stage_labels (chatbot_id VARCHAR, channel_id VARCHAR,
                    step_id VARCHAR, step_name VARCHAR)""");
    }

    /** A rollup row: a conversation or step id of a chatbot, in one channel or in all ({@link #ALL_CHANNELS}). */
    record Key(String chatbotId, String channelId, String id) {}

    /** The two rollup rows an event's {@code id} (conversation or step) counts in: its channel's and all channels'. */
    private static Key[] views(Row r, String id) {
        return new Key[] {new Key(r.chatbotId(), r.event().channelId(), id), new Key(r.chatbotId(), ALL_CHANNELS, id)};
    }

    /** A conversation's part of one commit group: its earliest start, latest language and its messages in it. */
    private static final class Conversation {
        Row start;
        Row language;
        long messages;
        long firstMessage = Long.MAX_VALUE;
        long lastMessage = Long.MIN_VALUE;

        void message(long ts) {
            messages++;
            firstMessage = Math.min(firstMessage, ts);
            lastMessage = Math.max(lastMessage, ts);
        }

        void add(Row r) {
            Event e = r.event();
            if (e.type() == EventType.CONVERSATION_STARTED && (start == null || e.ts() < start.event().ts())) {
                start = r; // rows come in ingestion order: an equal time keeps the earlier row
            }
            if (e.language() != null && (language == null || e.ts() >= language.event().ts())) {
                language = r;
            }
        }
    }

    /**
     * Merges the accepted rows, which must come in ingestion (seq) order, into the rollups and returns what the commit
     * changed per chatbot. Runs inside the writer's open transaction; the step labels' new state
     * stays pending in {@code stepLabels} until the caller says how the transaction ended.
     */
    static Map<String, ChangeLog.Change> update(DuckDBConnection conn, List<Row> rows, StepLabels stepLabels) throws SQLException {
        Map<String, Long> earliest = new HashMap<>();
        Map<Key, Conversation> conversations = new HashMap<>();
        Map<Key, StepLabels.Label> labels = new HashMap<>();
        for (Row r : rows) {
            Event e = r.event();
            earliest.merge(r.chatbotId(), e.ts(), Math::min);
            switch (e.type()) {
                case CONVERSATION_STARTED, CONVERSATION_LANGUAGE -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation()).add(r);
                    }
                }
                case MESSAGE -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation()).message(e.ts());
                    }
                }
                case STEP -> {
                    if (e.stepName() != null) {
                        StepLabels.Label label = new StepLabels.Label(e.stepName(), e.ts(), r.seq());
                        for (Key k : views(r, e.stepId())) {
                            labels.merge(k, label, (old, now) -> old.takenOverBy(now) ? now : old);
                        }
                    }
                }
                default -> {
                    // no rollup
                }
            }
        }
        Map<String, ChangeLog.Change> changes = new HashMap<>();
        earliest.forEach((chatbot, ts) -> changes.put(chatbot, new ChangeLog.Change(ts, false)));
        if (!conversations.isEmpty()) {
            mergeConversations(conn, conversations, changes);
        }
        Map<Key, StepLabels.Label> renamed = stepLabels.propose(labels);
        if (!renamed.isEmpty()) {
            writeLabels(conn, renamed, changes);
        }
        return changes;
    }

    /**
     * Merges the group's conversations. A language belongs to its conversation's start: the reports
     * it can change are those whose window reaches back to that start, so for every conversation
     * whose stored language is now one of this group's, the change is dated at its start (a
     * conversation without a start is in no report yet, and a language older than the stored one
     * changes nothing).
     */
    private static void mergeConversations(DuckDBConnection conn, Map<Key, Conversation> conversations,
            Map<String, ChangeLog.Change> changes) throws SQLException {
        Set<Long> languageSeqs = new HashSet<>();
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM stage_conversations");
        }
        try (DuckDBAppender ap = conn.createAppender("temp", "main", "stage_conversations")) {
            for (Map.Entry<Key, Conversation> en : conversations.entrySet()) {
                Key k = en.getKey();
                Conversation c = en.getValue();
                ap.beginRow().append(k.chatbotId()).append(k.channelId()).append(k.id());
                if (c.start == null) {
                    ap.appendNull().appendNull().appendNull();
                } else {
                    ap.append(c.start.event().ts()).append(c.start.seq()).append(c.start.event().channelId());
                }
                if (c.language == null) {
                    ap.appendNull().appendNull().appendNull();
                } else {
                    ap.append(c.language.event().language()).append(c.language.event().ts()).append(c.language.seq());
                    languageSeqs.add(c.language.seq());
                }
                ap.append(c.messages);
                if (c.messages == 0) {
                    ap.appendNull().appendNull();
                } else {
                    ap.append(c.firstMessage).append(c.lastMessage);
                }
                ap.endRow();
            }
        }
        try (Statement st = conn.createStatement();
                var rs = st.executeQuery("""
                    INSERT INTO conversations SELECT * FROM stage_conversations
                    ON CONFLICT DO UPDATE SET %s
                    RETURNING chatbot_id, start_ts, language_seq""".formatted(MERGE_CONVERSATION))) {
            while (rs.next()) {
                long startTs = rs.getLong(2);
                if (!rs.wasNull() && languageSeqs.contains(rs.getLong(3))) {
                    changes.merge(rs.getString(1), new ChangeLog.Change(startTs, false), ChangeLog.Change::merge);
                }
            }
        }
    }

    /** Writes the labels whose names change; each changes its chatbot's reports that show steps. */
    private static void writeLabels(DuckDBConnection conn, Map<Key, StepLabels.Label> renamed, Map<String, ChangeLog.Change> changes)
            throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM stage_labels");
        }
        try (DuckDBAppender ap = conn.createAppender("temp", "main", "stage_labels")) {
            for (Map.Entry<Key, StepLabels.Label> en : renamed.entrySet()) {
                Key k = en.getKey();
                ap.beginRow().append(k.chatbotId()).append(k.channelId()).append(k.id()).append(en.getValue().name()).endRow();
                changes.merge(k.chatbotId(), new ChangeLog.Change(Long.MAX_VALUE, true), ChangeLog.Change::merge);
            }
        }
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT INTO step_labels SELECT * FROM stage_labels ON CONFLICT DO UPDATE SET step_name = excluded.step_name");
        }
    }
}
