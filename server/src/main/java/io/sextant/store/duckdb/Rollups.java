package io.sextant.store.duckdb;

import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
import io.sextant.store.ChangeLog;
import io.sextant.store.duckdb.DuckDbEventStore.Row;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Keeps the rollups of migration V4 ({@code conversations} as V7, V16 and V17 left it,
 * {@code step_labels} as V6 left it) in step with the events, inside the writer's transaction. The
 * accepted rows of a commit group are first folded per conversation and per step id in memory.
 *
 * <p>Conversations: {@code conversations} has no index. Its rows' fingerprints are held in memory
 * ({@link Fingerprints}), so a conversation row the group starts is appended, and only the rows
 * whose fingerprint is known go through a temporary stage table into one {@code UPDATE … FROM},
 * which keeps the earlier start and the later language, adds up the messages and (V17) the user
 * messages and hand-overs, and joins the goals reached. Labels go through {@link StepLabels}, which
 * writes only the names that change, one row per step id of the chatbot (channel {@code ''}). Every
 * conversation row exists twice: for its channel and for all channels ({@code ''}).
 *
 * <p>It also sums up, per chatbot, what the commit changed (see {@link ChangeLog}). What it learns
 * in memory stays pending until the writer says how the transaction ended ({@link #committed()},
 * {@link #discarded()}).
 */
final class Rollups {

    static final String ALL_CHANNELS = "";

    /**
     * The start moves only to an earlier time, the language only to a later (or, ingested later,
     * equal) time; message counts add up. Every right-hand side reads the stored row {@code c}
     * ({@code rollups-update-conversations.sql}).
     */
    private static final String UPDATE_CONVERSATIONS = SqlResource.load("rollups-update-conversations");

    /**
     * The stored rows, as they are before the update, of the staged conversations whose start or
     * language the group may change: what they counted in {@code event_rollups} until now. Of the
     * others only the messages change, so what they counted is known from the update's result.
     */
    private static final String COUNTED_BEFORE = """
            SELECT c.chatbot_id, c.channel_id, c.start_ts, c.start_channel, c.language, c.messages
            FROM conversations AS c JOIN stage_conversations AS s
              ON c.fp = s.fp AND c.chatbot_id = s.chatbot_id AND c.channel_id = s.channel_id AND c.conversation_id = s.conversation_id
            WHERE c.start_ts IS NOT NULL AND (s.start_ts IS NOT NULL OR s.language_ts IS NOT NULL)""";

    private final Fingerprints conversationRows;
    private final StepLabels stepLabels;
    private final ConversationReach reach;
    private final List<Long> pendingRows = new ArrayList<>();
    /**
     * The stored rows the group's {@code UPDATE} moved to the end of {@code conversations}: DuckDB
     * carries out an {@code UPDATE … RETURNING} of a table with a {@code LIST} column (V17's
     * {@code goals}) as a {@code DELETE} and an {@code INSERT}, so every row it updates lies after
     * the rows appended before it, as an appended row does.
     */
    private int movedRows;

    private Rollups(Fingerprints conversationRows, StepLabels stepLabels, ConversationReach reach) {
        this.conversationRows = conversationRows;
        this.stepLabels = stepLabels;
        this.reach = reach;
    }

    /**
     * Creates the writer connection's stage tables and loads what the rollups keep in memory; widens
     * {@code reach} by the committed conversation rows.
     */
    static Rollups load(Statement st, ConversationReach reach) throws SQLException {
        createStageTables(st);
        reach.load(st);
        return new Rollups(Fingerprints.load(st, "conversations"), StepLabels.load(st), reach);
    }

    /** Creates the stage tables (temporary: one set per connection) on the writer's connection. */
    static void createStageTables(Statement st) throws SQLException {
        st.execute("""
                CREATE TEMP TABLE IF NOT EXISTS stage_conversations (chatbot_id VARCHAR, channel_id VARCHAR,
                    conversation_id VARCHAR, start_ts BIGINT, start_seq BIGINT, start_channel VARCHAR,
                    language VARCHAR, language_ts BIGINT, language_seq BIGINT,
                    messages BIGINT, first_message_ts BIGINT, last_message_ts BIGINT, fp BIGINT, chatbot_key BIGINT,
                    user_messages BIGINT, handovers BIGINT, goals VARCHAR[])""");
        st.execute("""
                CREATE TEMP TABLE IF NOT EXISTS stage_labels (chatbot_id VARCHAR, channel_id VARCHAR,
                    step_id VARCHAR, step_name VARCHAR)""");
    }

    StepLabels stepLabels() {
        return stepLabels;
    }

    Fingerprints conversationRows() {
        return conversationRows;
    }

    /** The rows the group appended to {@code conversations} or moved to its end (for {@link Clustering}). */
    int appendedRows() {
        return pendingRows.size() + movedRows;
    }

    /** Makes room, before the commit, for what the group will add to memory. */
    void ensureRoom() {
        conversationRows.ensureRoom(pendingRows.size());
    }

    /** The group's transaction committed: what it added is known now. */
    void committed() {
        for (long fp : pendingRows) {
            conversationRows.add(fp);
        }
        pendingRows.clear();
        movedRows = 0;
        stepLabels.committed();
    }

    /** The group's transaction was rolled back. */
    void discarded() {
        pendingRows.clear();
        movedRows = 0;
        stepLabels.discarded();
    }

    /** A rollup row: a conversation or step id of a chatbot, in one channel or in all ({@link #ALL_CHANNELS}). */
    record Key(String chatbotId, String channelId, String id) {}

    /** The two rollup rows an event's {@code id} (conversation or step) counts in: its channel's and all channels'. */
    private static Key[] views(Row r, String id) {
        return new Key[] {new Key(r.chatbotId(), r.event().channelId(), id), new Key(r.chatbotId(), ALL_CHANNELS, id)};
    }

    /**
     * A conversation's part of one commit group: its earliest start, latest language, its messages
     * and user messages, its hand-overs and the goals it reached in it.
     */
    private static final class Conversation {
        Row start;
        Row language;
        String languageTag;
        long messages;
        long userMessages;
        long handovers;
        /** The goal ids, in the order of their UTF-8 bytes (as DuckDB sorts them); null: none. */
        TreeSet<String> goals;
        long firstMessage = Long.MAX_VALUE;
        long lastMessage = Long.MIN_VALUE;

        /** Whether the group sends the conversation a fact the quality KPIs read whenever sent (a hand-over, a user message, a goal). */
        boolean facts() {
            return userMessages > 0 || handovers > 0 || goals != null;
        }

        /** Whether the group changes the conversation's row. */
        boolean changesRow() {
            return start != null || language != null || messages > 0 || facts();
        }

        void message(long ts, boolean user) {
            messages++;
            firstMessage = Math.min(firstMessage, ts);
            lastMessage = Math.max(lastMessage, ts);
            if (user) {
                userMessages++;
            }
        }

        void handover() {
            handovers++;
        }

        void goal(String id) {
            if (goals == null) {
                goals = new TreeSet<>(UTF8_ORDER);
            }
            goals.add(id);
        }

        void start(Row r) {
            if (start == null || r.event().ts() < start.event().ts()) {
                start = r; // rows come in ingestion order: an equal time keeps the earlier row
            }
        }

        /** A language (null: none) the row gives its conversation. */
        void language(Row r, String tag) {
            if (tag != null && (language == null || r.event().ts() >= language.event().ts())) {
                language = r;
                languageTag = tag;
            }
        }
    }

    /**
     * Merges the accepted rows, which must come in ingestion (seq) order, into the rollups and returns what the commit
     * changed per chatbot; adds to {@code counted} every conversations row the group appends (+1) or updates (−1 at its
     * values before, +1 at those after), for {@code event_rollups}. Runs inside the writer's open transaction.
     */
    Map<String, ChangeLog.Change> update(DuckDBConnection conn, List<Row> rows, List<EventRollups.ConversationRow> counted)
            throws SQLException {
        Map<String, Long> earliest = new HashMap<>();
        Map<Key, Conversation> conversations = new HashMap<>();
        Map<Key, StepLabels.Label> labels = new HashMap<>();
        for (Row r : rows) {
            Event e = r.event();
            earliest.merge(r.chatbotId(), e.ts(), Math::min);
            switch (e) {
                case ConversationStarted s -> {
                    for (Key k : views(r, e.conversationId())) {
                        Conversation c = conversations.computeIfAbsent(k, x -> new Conversation());
                        c.start(r);
                        c.language(r, s.language());
                    }
                }
                case ConversationLanguage l -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation()).language(r, l.language());
                    }
                }
                case Message m -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation())
                                .message(e.ts(), m.direction() == io.sextant.event.Direction.USER);
                    }
                }
                case Step s -> {
                    if (s.stepName() != null) {
                        // A label is the chatbot's, whatever channel named the step (SPEC §3): one row, all channels.
                        labels.merge(new Key(r.chatbotId(), ALL_CHANNELS, s.stepId()),
                                new StepLabels.Label(s.stepName(), e.ts(), r.seq()), (old, now) -> old.takenOverBy(now) ? now : old);
                    }
                }
                case InboxOpened o -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation()).handover();
                    }
                }
                case Event.Goal g -> {
                    for (Key k : views(r, e.conversationId())) {
                        conversations.computeIfAbsent(k, x -> new Conversation()).goal(g.goalId());
                    }
                }
                // The other types have no rollup; each is named, so that a new type must be placed.
                case Intent i -> { }
                case Interaction i -> { }
                case CallEnded c -> { }
                case InboxAssigned a -> { }
                case InboxClosed c -> { }
                case Event.Rating t -> { }
            }
        }
        Map<String, ChangeLog.Change> changes = new HashMap<>();
        earliest.forEach((chatbot, ts) -> changes.put(chatbot, new ChangeLog.Change(ts, false)));
        if (!conversations.isEmpty()) {
            mergeConversations(conn, conversations, changes, counted);
        }
        Map<Key, StepLabels.Label> renamed = stepLabels.propose(labels);
        if (!renamed.isEmpty()) {
            writeLabels(conn, renamed, changes);
        }
        return changes;
    }

    /**
     * Strings in the order of their UTF-8 bytes, which is that of their code points: how DuckDB's
     * {@code list_sort} orders the goal ids that the update and erasure write ({@link String#compareTo}
     * differs for characters beyond the Basic Multilingual Plane).
     */
    private static final Comparator<String> UTF8_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** A conversation row of the group, with its key's fingerprint. */
    private record Staged(Key key, Conversation conversation, long fp) {
        long startOrLast() {
            return conversation.start == null ? Long.MAX_VALUE : conversation.start.event().ts();
        }
    }

    /**
     * Merges the group's conversations: rows with a known fingerprint are updated, the others (and
     * suspects that matched nothing) appended, in (chatbot, start) order for the zone maps. The
     * rows as the group leaves them widen the {@link ConversationReach} before the commit, so that a
     * report whose snapshot holds them finds them covered unless it read the reach before this
     * widening (that report computes again, {@code DuckDbReportStore.compute}); a rolled-back group
     * leaves it wider, which costs a report a little more reading, nothing else.
     *
     * <p>A language belongs to its conversation's start: the reports it can change are those whose
     * window reaches back to that start, so for every stored conversation whose language is now one
     * of this group's, the change is dated at its start (a conversation without a start is in no
     * report yet, and a language older than the stored one changes nothing). A row the group adds
     * has its start, if any, in the group, so the group's earliest time covers it.
     */
    private void mergeConversations(DuckDBConnection conn, Map<Key, Conversation> conversations,
            Map<String, ChangeLog.Change> changes, List<EventRollups.ConversationRow> counted) throws SQLException {
        List<Staged> fresh = new ArrayList<>(conversations.size());
        List<Staged> suspects = new ArrayList<>();
        ConversationReach.Group reached = new ConversationReach.Group();
        for (Map.Entry<Key, Conversation> en : conversations.entrySet()) {
            Key k = en.getKey();
            Staged row = new Staged(k, en.getValue(), conversationRows.of(k.chatbotId(), k.channelId(), k.id()));
            if (conversationRows.mightContain(row.fp())) {
                suspects.add(row);
            } else if (row.conversation().changesRow()) {
                fresh.add(row);
            }
        }
        if (!suspects.isEmpty()) {
            Set<Long> languageSeqs = new HashSet<>();
            Set<Key> withFacts = new HashSet<>();
            Map<Key, Conversation> staged = new HashMap<>();
            boolean startsOrLanguages = false;
            try (Statement st = conn.createStatement()) {
                st.execute("DELETE FROM stage_conversations");
            }
            try (DuckDBAppender ap = conn.createAppender("temp", "main", "stage_conversations")) {
                for (Staged row : suspects) {
                    appendRow(ap, row);
                    staged.put(row.key(), row.conversation());
                    startsOrLanguages |= row.conversation().start != null || row.conversation().language != null;
                    if (row.conversation().language != null) {
                        languageSeqs.add(row.conversation().language.seq());
                    }
                    if (row.conversation().facts()) {
                        withFacts.add(row.key());
                    }
                }
            }
            if (startsOrLanguages) {
                try (Statement st = conn.createStatement(); var rs = st.executeQuery(COUNTED_BEFORE)) {
                    while (rs.next()) {
                        counted.add(new EventRollups.ConversationRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), -1));
                    }
                }
            }
            Set<Key> updated = new HashSet<>();
            try (Statement st = conn.createStatement(); var rs = st.executeQuery(UPDATE_CONVERSATIONS)) {
                while (rs.next()) {
                    Key key = new Key(rs.getString(1), rs.getString(2), rs.getString(3));
                    updated.add(key);
                    movedRows++;
                    reached.row(key.chatbotId(), rs.getObject(4, Long.class), rs.getObject(9, Long.class), rs.getObject(10, Long.class));
                    long startTs = rs.getLong(4);
                    if (!rs.wasNull()) {
                        if (languageSeqs.contains(rs.getLong(5)) || withFacts.contains(key)) {
                            changes.merge(rs.getString(1), new ChangeLog.Change(startTs, false), ChangeLog.Change::merge);
                        }
                        counted.add(new EventRollups.ConversationRow(key.chatbotId(), key.channelId(), startTs, rs.getString(6),
                                rs.getString(7), rs.getLong(8), 1));
                        Conversation c = staged.get(key);
                        if (c.start == null && c.language == null) { // counted before at the same start and language, fewer messages
                            counted.add(new EventRollups.ConversationRow(key.chatbotId(), key.channelId(), startTs, rs.getString(6),
                                    rs.getString(7), rs.getLong(8) - c.messages, -1));
                        }
                    }
                }
            }
            for (Staged row : suspects) {
                if (!updated.contains(row.key()) && row.conversation().changesRow()) {
                    fresh.add(row); // a new row whose fingerprint another row has
                }
            }
        }
        fresh.sort(Comparator.comparing((Staged r) -> r.key().chatbotId()).thenComparingLong(Staged::startOrLast));
        try (DuckDBAppender ap = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "conversations")) {
            for (Staged row : fresh) {
                appendRow(ap, row);
                pendingRows.add(row.fp());
                Conversation c = row.conversation();
                if (c.start != null && c.messages > 0) {
                    reached.row(row.key().chatbotId(), c.start.event().ts(), c.firstMessage, c.lastMessage);
                }
                if (c.start != null) {
                    counted.add(new EventRollups.ConversationRow(row.key().chatbotId(), row.key().channelId(), c.start.event().ts(),
                            c.start.event().channelId(), c.languageTag, c.messages, 1));
                }
            }
        }
        reached.applyTo(reach);
    }

    /** A row in the column order of {@code conversations} (and of its stage table). */
    private static void appendRow(DuckDBAppender ap, Staged row) throws SQLException {
        Key k = row.key();
        Conversation c = row.conversation();
        ap.beginRow().append(k.chatbotId()).append(k.channelId()).append(k.id());
        if (c.start == null) {
            ap.appendNull().appendNull().appendNull();
        } else {
            ap.append(c.start.event().ts()).append(c.start.seq()).append(c.start.event().channelId());
        }
        if (c.language == null) {
            ap.appendNull().appendNull().appendNull();
        } else {
            ap.append(c.languageTag).append(c.language.event().ts()).append(c.language.seq());
        }
        ap.append(c.messages);
        if (c.messages == 0) {
            ap.appendNull().appendNull();
        } else {
            ap.append(c.firstMessage).append(c.lastMessage);
        }
        ap.append(row.fp()).append(ChatbotKey.of(k.chatbotId())).append(c.userMessages).append(c.handovers)
                .append(c.goals == null ? List.of() : c.goals).endRow();
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
