package io.sextant.store.duckdb;

import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.Goal;
import io.sextant.event.Event.Rating;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
import io.sextant.event.EventBatch;
import io.sextant.event.EventType;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import io.sextant.store.ErasureStore;
import io.sextant.store.EventStore;
import io.sextant.store.StorageFullException;
import io.sextant.store.StoreException;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to DuckDB through the Appender API, one transaction per call: a commit group,
 * written in rounds while more batches arrive ({@link #append(List, Supplier)}).
 *
 * <p>Idempotency: {@code event_ids} holds every stored id with its fingerprint and has no index;
 * the fingerprints are also held in memory ({@link Fingerprints}, loaded at start). An id whose
 * fingerprint is unknown is new, which settles nearly every id of a call in nanoseconds; the
 * others (ids sent again, and one in 2^64 of the new ones) are looked up exactly in
 * {@code event_ids} in one join. The fingerprints of a call's new ids join the memory only once its
 * transaction has committed.
 *
 * <p>Failures: a write that fails leaves nothing behind, in the database or in memory, and the
 * writer recovers by itself before its next write (see {@link #recover()}): it never stays wedged
 * on a connection DuckDB left in a state of its own, nor on a database instance DuckDB invalidated.
 * A full disk is a {@link StorageFullException}, other database failures a
 * {@link StoreUnavailableException}; both show in {@link StoreHealth} until a write succeeds.
 */
final class DuckDbEventStore implements EventStore, ErasureStore, ChannelWriter, AutoCloseable {

    /**
     * (chatbot, time, ingestion order). Written out rather than composed of key extractors: sorting
     * the group took about 4 % of the writer's time in a profile of the benchmark's ingestion, in
     * the composed comparators' calls, in comparing equal chatbot ids character by character and in
     * calling {@code ts()} across the event types. The chatbot is its number ({@link ChatbotNumbers}),
     * the order of the event tables; the time is read once, into the row.
     */
    private static final Comparator<Row> STORAGE_ORDER = (a, b) -> {
        int c = Long.compare(a.chatbotNo(), b.chatbotNo());
        if (c == 0) {
            c = Long.compare(a.ts(), b.ts());
        }
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    };

    private static final Logger log = LoggerFactory.getLogger(DuckDbEventStore.class);

    private final Database db;
    private final java.time.Clock clock;
    private final ChangeLog changes;
    private final StoreHealth health;
    private final Set<ChannelKey> knownChannels = ConcurrentHashMap.newKeySet();
    /** The number of each chatbot in the event tables, given by this writer. */
    private final ChatbotNumbers chatbotNumbers = new ChatbotNumbers();
    private DuckDBConnection conn;
    private Fingerprints storedIds;
    private Rollups rollups;
    private EventRollups eventRollups;
    private InboxThreads inboxThreads;
    private Clustering clustering;
    private final long clusteringMinTail;
    /** {@link System#nanoTime} of the last write: the writer is idle a second after it. */
    private long lastWrite = System.nanoTime();
    /** Whether a table is due to be put in chatbot order once the writer is idle; read by other threads. */
    private volatile boolean upkeepPending;
    private long seq;
    /** {@link #clearStage()}'s statement and the connection it was prepared on. */
    private PreparedStatement clearStage;
    private DuckDBConnection clearStageOn;
    /** Why the connection must be set up afresh before the next write; null while it is sound. */
    private String stale;
    /** Whether the memory may differ from what is committed and must be loaded again before the next write. */
    private boolean reloadMemory;

    DuckDbEventStore(Database db, java.time.Clock clock, ChangeLog changes) {
        this(db, clock, changes, new StoreHealth());
    }

    DuckDbEventStore(Database db, java.time.Clock clock, ChangeLog changes, StoreHealth health) {
        this(db, clock, changes, health, Clustering.MIN_TAIL);
    }

    /** @param clusteringMinTail the least tail of a rollup table worth putting in order ({@link Clustering}) */
    DuckDbEventStore(Database db, java.time.Clock clock, ChangeLog changes, StoreHealth health, long clusteringMinTail) {
        this.db = db;
        this.clusteringMinTail = clusteringMinTail;
        this.clock = clock;
        this.changes = changes;
        this.health = health;
        try {
            this.conn = connect();
            load();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the event writer: " + e.getMessage(), e);
        }
    }

    /**
     * {@code DELETE FROM stage_ids}, prepared once per connection: every commit group begins with it
     * (it also opens the transaction its appenders join), and parsing and planning it anew each time
     * took 1.2 % of the writer's time in a profile of the benchmark's ingestion. Closed with its
     * connection.
     */
    private PreparedStatement clearStage() throws SQLException {
        if (clearStageOn != conn) {
            clearStage = conn.prepareStatement("DELETE FROM stage_ids");
            clearStageOn = conn;
        }
        return clearStage;
    }

    /** A new writer connection with its stage tables, in manual-commit mode. */
    private DuckDBConnection connect() throws SQLException {
        DuckDBConnection c = db.newConnection();
        try {
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_ids (chatbot_id VARCHAR, chatbot_no BIGINT, event_id VARCHAR, fp BIGINT)");
                Rollups.createStageTables(st);
                InboxThreads.createStageTables(st);
                Erasure.createStageTables(st);
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            db.release(c);
            throw e;
        }
    }

    /** Loads the writer's memory (last seq, fingerprints, rollups, conversations with hand-over events, channels) from what is committed. */
    private void load() throws SQLException {
        storedIds = null; // the old memory goes before the new one comes, not both at once
        rollups = null;
        inboxThreads = null;
        knownChannels.clear();
        try (var st = conn.createStatement()) {
            // every event table, so that a type added later cannot be forgotten here
            String maxSeq = Arrays.stream(Table.values())
                    .map(t -> "SELECT max(seq) AS s FROM " + t.sqlName)
                    .collect(java.util.stream.Collectors.joining(" UNION ALL "));
            try (var rs = st.executeQuery("SELECT coalesce(max(s), 0) FROM (" + maxSeq + ")")) {
                rs.next();
                seq = rs.getLong(1);
            }
            chatbotNumbers.load(st);
            storedIds = Fingerprints.load(st, "event_ids");
            rollups = Rollups.load(st, db.conversationReach());
            db.latestEvents().load(st);
            eventRollups = new EventRollups();
            inboxThreads = InboxThreads.load(st);
            clustering = Clustering.load(st, clusteringMinTail);
            upkeepPending = clustering.dueWhenIdle();
            try (var rs = st.executeQuery("SELECT chatbot_id, channel_id FROM channels")) {
                while (rs.next()) {
                    knownChannels.add(new ChannelKey(rs.getString(1), rs.getString(2)));
                }
            }
        } finally {
            conn.rollback(); // ends the read transaction; the next write starts its own
        }
    }

    /**
     * Makes the writer sound again after a failure: a fresh connection (after a failed COMMIT, DuckDB
     * has ended the transaction but the JDBC connection still believes one runs, and would let every
     * later statement commit on its own), the database opened again when DuckDB invalidated it, and
     * the memory loaded again when it may differ from what is committed.
     *
     * @return whether the memory was loaded again
     */
    private boolean recover() throws SQLException {
        db.release(conn);
        conn = null;
        boolean reopened = false;
        if (!db.usable()) {
            db.reopen(stale);
            reopened = true;
        }
        conn = connect();
        boolean reload = reopened || reloadMemory;
        if (reload) {
            db.rollupChanges().changedAll(); // the memory may have missed a commit: so may the kept rollup rows
            load();
            log.info("The event writer loaded its memory again from the database after: {}", stale);
        }
        stale = null;
        reloadMemory = false;
        return reload;
    }

    /** Before a write: recovers from an earlier failure, or fails (and stays stale) when it cannot yet. */
    private void ready(String what) {
        if (stale == null) {
            return;
        }
        try {
            recover();
        } catch (SQLException | RuntimeException e) {
            throw failure(e, what);
        }
    }

    /** Records a failure of the database for health: disk full, or another; null for a failure that is not the database's. */
    private StoreHealth.Problem note(Throwable e) {
        StoreHealth.Problem p = StoreHealth.diskFull(e) ? new StoreHealth.Problem(true, "disk full")
                : StoreHealth.fromDatabase(e) ? new StoreHealth.Problem(false, "store unavailable") : null;
        if (p != null) {
            health.failed(p);
        }
        return p;
    }

    /**
     * Rolls back a write that failed before its COMMIT and returns the exception to answer it with;
     * a failed rollback, or a failure of the database itself, makes the writer start afresh before
     * its next write.
     */
    private StoreException rolledBack(Exception e, String what) {
        return rolledBackSaying(e, what + " was stored");
    }

    /** As {@link #rolledBack}, with the whole outcome said by the caller ("nothing was erased"). */
    private StoreException rolledBackSaying(Exception e, String outcome) {
        try {
            conn.rollback();
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
            stale = "a rollback failed: " + suppressed.getMessage();
        }
        if (StoreHealth.fromDatabase(e)) {
            stale = String.valueOf(e.getMessage()); // the database failed: start afresh, whatever it was
        }
        return failureSaying(e, outcome);
    }

    /**
     * The exception a failed write is answered with: the disk is full (507), the store failed (503),
     * or, for a failure that does not come from the database (a bug), a plain one (500). The first
     * two mark the store's health as failing until a write succeeds.
     */
    private StoreException failure(Throwable e, String what) {
        return failureSaying(e, what + " was stored");
    }

    /** As {@link #failure}, with the whole outcome said by the caller ("nothing was erased"). */
    private StoreException failureSaying(Throwable e, String outcome) {
        StoreHealth.Problem p = note(e);
        if (p == null) {
            return new StoreException("writing failed (" + outcome + "): " + e.getMessage(), e);
        }
        if (p.diskFull()) {
            return new StorageFullException("the data directory's disk is full (No space left on device); " + outcome
                    + "; send it again once space is freed", e);
        }
        return new StoreUnavailableException("the store is unavailable (writing to it failed); " + outcome
                + "; send it again later", e);
    }

    /**
     * A new event of a chatbot (its id, and its number in the event tables: {@link ChatbotNumbers}),
     * its place in the ingestion order, and its time (read once, for sorting).
     */
    record Row(String chatbotId, long chatbotNo, long seq, long ts, Event event) {

        Row(String chatbotId, long chatbotNo, long seq, Event event) {
            this(chatbotId, chatbotNo, seq, event.ts(), event);
        }
    }

    /** An event's identity; a record, so the strings' own (cached) hashes serve, with no copying. */
    private record EventKey(String chatbotId, String eventId) {}

    /** A channel of a chatbot. */
    private record ChannelKey(String chatbotId, String channelId) {}

    /** An event of the call that is the first with its id in the call, with its id's fingerprint. */
    private record Candidate(int batch, String chatbotId, long chatbotNo, Event event, long fingerprint) {
        EventKey key() {
            return new EventKey(chatbotId, event.id());
        }
    }

    @Override
    public int[] append(List<EventBatch> batches) {
        return append(batches, List::of);
    }

    /**
     * Writes the group in rounds, all in one transaction: each round takes the batches it is given
     * (the first those of the call, the next whatever {@code more} returns), settles their ids and
     * appends their events, and the rounds go on while {@code more} has batches. The work of the
     * whole group follows once: the rollups, the hand-over threads, the flushes and the COMMIT,
     * whose cost hardly depends on the group's size. So the batches that arrive while a group is
     * being written join it, instead of waiting for a group of their own (docs/benchmark.md).
     */
    @Override
    public synchronized int[] append(List<EventBatch> batches, Supplier<List<EventBatch>> more) {
        ready("nothing of this batch");
        int[] accepted = new int[0];
        Set<ChannelKey> newChannels = new HashSet<>();
        long seqBefore = seq;
        boolean committing = false;
        Group group = new Group();
        Map<String, ChangeLog.Change> changed = Map.of();
        try {
            clearStage().execute(); // also opens the transaction the appenders join
            try (DuckDBAppender ids = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "event_ids");
                    Appenders appenders = new Appenders(conn)) {
                for (List<EventBatch> round = batches; !round.isEmpty(); round = more.get()) {
                    accepted = Arrays.copyOf(accepted, accepted.length + round.size());
                    List<Row> rows = takeRound(round, accepted.length - round.size(), accepted, group, ids, newChannels);
                    rows.sort(STORAGE_ORDER);
                    appendRows(appenders, rows);
                }
            }
            List<Row> rows = group.rows; // in ingestion order
            List<EventRollups.ConversationRow> counted = new ArrayList<>();
            chatbotNumbers.write(conn);
            changed = rollups.update(conn, rows, counted);
            eventRollups.update(conn, rows, counted);
            inboxThreads.update(conn, rows); // may read the group's events: after they are appended
            registerChannels(newChannels);
            // Room first: once committed, the memory must follow without allocating anew.
            storedIds.ensureRoom(rows.size());
            rollups.ensureRoom();
            inboxThreads.ensureRoom();
            try (var st = conn.createStatement()) {
                clustering.appended(st, onlyChatbot(rows), eventRollups.takeAppended(), rollups.appendedRows());
            }
            LatestEvents.Group latest = new LatestEvents.Group(); // before the commit makes the rows visible
            rows.forEach(r -> latest.event(r.chatbotId(), r.event()));
            latest.applyTo(db.latestEvents());
            committing = true;
            db.rollupChanges().begin(rollupSpans(changed, newChannels));
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            seq = seqBefore;
            chatbotNumbers.discarded();
            rollups.discarded();
            eventRollups.discarded();
            inboxThreads.discarded();
            clustering.discarded();
            if (committing) {
                db.rollupChanges().failed(); // durable or not is told later
                return afterFailedCommit(e, accepted, group, changed);
            }
            throw rolledBack(e, "nothing of this batch");
        }
        db.rollupChanges().end();
        afterCommit(group.rows.size(), group.added, newChannels, changed);
        health.ok();
        lastWrite = System.nanoTime();
        putInOrder(false);
        return accepted;
    }

    /** A chatbot of a group: its id, and its number in the event tables. */
    private record Chatbot(String id, long no) {}

    /** What a commit group took so far, over its rounds. */
    private static final class Group {
        /** The ids seen in the group: within it, the first version of an id wins. */
        final Set<EventKey> seen = new HashSet<>();
        /** One instance per chatbot id (the maps keyed by it compare by identity first), with its number. */
        final Map<String, Chatbot> chatbots = new HashMap<>();
        /** The new events, in ingestion order. */
        final List<Row> rows = new ArrayList<>();
        /**
         * The fingerprints of the new ids, in the order of {@link #rows}. After a failed COMMIT,
         * whether the first new event is stored tells the outcome.
         */
        long[] added = new long[0];
    }

    /**
     * One round of a group: settles the ids of {@code batches} (numbered from {@code base} in
     * {@code accepted}) against the group's and the store's, appends the new ones to
     * {@code event_ids} and returns their rows, also added to the group's.
     */
    private List<Row> takeRound(List<EventBatch> batches, int base, int[] accepted, Group group, DuckDBAppender ids,
            Set<ChannelKey> newChannels) throws SQLException {
        // Against the store, an id whose fingerprint is unknown is new; the few others are looked up.
        List<Candidate> firsts = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            Chatbot chatbot = group.chatbots.computeIfAbsent(batches.get(i).chatbotId(), id -> new Chatbot(id, chatbotNumbers.assign(id)));
            String chatbotId = chatbot.id();
            long chatbotNo = chatbot.no();
            for (Event e : batches.get(i).events()) {
                if (group.seen.add(new EventKey(chatbotId, e.id()))) {
                    firsts.add(new Candidate(base + i, chatbotId, chatbotNo, e, storedIds.of(chatbotId, e.id())));
                }
            }
        }
        // their first slots read in one pass of their own, so that the tests do not each wait for memory
        long[] fingerprints = new long[firsts.size()];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = firsts.get(i).fingerprint();
        }
        storedIds.prefetch(fingerprints, fingerprints.length);
        List<Candidate> suspects = new ArrayList<>();
        for (Candidate c : firsts) {
            if (storedIds.mightContain(c.fingerprint())) {
                suspects.add(c);
            }
        }
        Set<EventKey> stored = suspects.isEmpty() ? Set.of() : storedAmong(suspects);
        List<Row> rows = new ArrayList<>(firsts.size());
        int added = group.rows.size();
        group.added = Arrays.copyOf(group.added, added + firsts.size());
        for (Candidate c : firsts) {
            if (stored.isEmpty() || !stored.contains(c.key())) {
                ids.beginRow().append(c.chatbotNo()).append(c.event().id()).append(c.fingerprint()).endRow();
                group.added[added++] = c.fingerprint();
                Row row = new Row(c.chatbotId(), c.chatbotNo(), ++seq, c.event());
                rows.add(row);
                group.rows.add(row);
                accepted[c.batch()]++;
                ChannelKey ch = new ChannelKey(c.chatbotId(), c.event().channelId());
                if (!knownChannels.contains(ch)) {
                    newChannels.add(ch);
                }
            }
        }
        return rows;
    }

    /**
     * The rollup rows a group's commit changes, for the reports' kept rollup rows ({@link
     * RollupChanges}): those of {@code event_rollups} it touches, and every row of a chatbot whose
     * step labels or channels it changes, since a report's rollup statement carries the labels and
     * the channels' types.
     */
    private Map<String, RollupChanges.Span> rollupSpans(Map<String, ChangeLog.Change> changed, Set<ChannelKey> newChannels) {
        Map<String, RollupChanges.Span> spans = eventRollups.touched();
        changed.forEach((chatbot, c) -> {
            if (c.labels()) {
                spans.put(chatbot, RollupChanges.Span.ALL);
            }
        });
        newChannels.forEach(ch -> spans.put(ch.chatbotId(), RollupChanges.Span.ALL));
        return spans;
    }

    /**
     * Between commits, once the writer has been idle for a second: saves the rollup tables' tails
     * and puts the tables back in chatbot order ({@link Clustering}).
     */
    @Override
    public synchronized void idle() {
        if (stale == null && System.nanoTime() - lastWrite >= 1_000_000_000L) {
            saveTails();
            if (stale == null) {
                putInOrder(true);
            }
        }
    }

    /**
     * Saves the tails that the commit groups counted since a group last saved them ({@link
     * Clustering}), in a transaction of its own. A failure loses only that count: it is logged, and
     * the writer starts afresh before its next write. (Package-private for tests.)
     */
    synchronized void saveTails() {
        if (!clustering.hasUnsaved()) {
            return;
        }
        try (var st = conn.createStatement()) {
            clustering.saveNow(st);
            conn.commit();
            clustering.committed();
        } catch (SQLException | RuntimeException e) {
            clustering.discarded();
            upkeepFailed(e, "saving the rollup tables' tails");
            log.warn("Saving the rollup tables' tails failed; a later commit saves them", e);
        }
    }

    /**
     * After a transaction of upkeep (no event in it) failed: rolls it back, and makes the writer
     * start afresh before its next write.
     */
    private void upkeepFailed(Exception e, String what) {
        try {
            conn.rollback();
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
        }
        stale = what + " failed: " + e.getMessage();
    }

    /**
     * Rewrites the rollup tables that are due in chatbot order, in a transaction of their own. It
     * changes no row, only where rows lie, so a failure loses nothing: it is logged, and the writer
     * starts afresh before its next write.
     */
    private void putInOrder(boolean idle) {
        List<Clustering.Table> due = clustering.due(idle);
        if (due.isEmpty()) {
            upkeepPending = clustering.dueWhenIdle();
            return;
        }
        long began = System.nanoTime();
        try {
            long[] rows = Clustering.rewrite(conn, due);
            conn.commit();
            clustering.rewritten(due, rows, System.nanoTime() - began);
            if (due.contains(Clustering.EVENT_ROLLUPS)) {
                eventRollups.compactedAll();
            }
            upkeepPending = clustering.dueWhenIdle();
            log.info("Put {} in chatbot order ({} rows) in {} ms", due.stream().map(Clustering.Table::name).toList(),
                    Arrays.toString(rows), (System.nanoTime() - began) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            upkeepFailed(e, "putting the rollup tables in chatbot order");
            log.warn("Putting {} in chatbot order failed; the rows stay where they were", due, e);
        } finally {
            lastWrite = System.nanoTime();
        }
    }

    /** The chatbot of every row, or null when they are of several (or none). */
    private static String onlyChatbot(List<Row> rows) {
        String only = rows.isEmpty() ? null : rows.getFirst().chatbotId();
        for (Row r : rows) {
            if (!r.chatbotId().equals(only)) {
                return null;
            }
        }
        return only;
    }

    @Override
    public boolean upkeepPending() {
        return upkeepPending;
    }

    /**
     * After the COMMIT itself failed. DuckDB either rolled the transaction back (a WAL write that
     * failed, say for lack of space) or committed it durably and then failed its automatic checkpoint
     * and invalidated the instance. Which of the two is read from the store once the writer is sound
     * again: the group's first new id is stored or not. Stored, the group succeeded and its answer is
     * the one it would have had; not stored, nothing of it was.
     */
    private int[] afterFailedCommit(Exception e, int[] accepted, Group group, Map<String, ChangeLog.Change> changed) {
        stale = String.valueOf(e.getMessage());
        log.warn("A commit failed: {}", e.getMessage());
        boolean reloaded;
        boolean stored;
        try {
            reloaded = recover();
            stored = !group.rows.isEmpty() && stored(group.rows.getFirst(), group.added[0]);
        } catch (SQLException | RuntimeException again) {
            e.addSuppressed(again);
            stale = String.valueOf(again.getMessage());
            throw failure(e, "nothing of this batch"); // not reopened: not committed, or replayed from the WAL later
        }
        if (!stored) {
            throw failure(e, "nothing of this batch");
        }
        log.warn("The failed commit was durable after all (DuckDB committed, then failed its checkpoint); the batches are stored");
        changes.record(changed);
        if (!reloaded) {
            reloadMemory = true; // the memory lacks the group: load it from the database before the next write
            stale = "a commit that failed was durable";
        }
        note(e); // stored, but the disk may still be full: health shows the failure until a clean commit
        return accepted;
    }

    /**
     * Whether the event of a row, whose id has that fingerprint, is stored (read on a connection of
     * its own, outside the writer's transaction).
     */
    private boolean stored(Row r, long fingerprint) throws SQLException {
        DuckDBConnection reader = db.newConnection();
        try (var ps = reader.prepareStatement("SELECT count(*) FROM event_ids WHERE fp = ? AND chatbot_no = ? AND event_id = ?")) {
            ps.setLong(1, fingerprint);
            ps.setLong(2, r.chatbotNo());
            ps.setString(3, r.event().id());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } finally {
            db.release(reader);
        }
    }

    /**
     * Brings the writer's memory up to the committed group. Should that fail (the heap), the memory
     * no longer matches the database: the writer loads it again from the database before its next
     * write rather than mistake a stored id for a new one or append a conversation row twice.
     */
    private void afterCommit(int newRows, long[] added, Set<ChannelKey> newChannels, Map<String, ChangeLog.Change> changed) {
        try {
            chatbotNumbers.committed();
            rollups.committed();
            eventRollups.committed();
            inboxThreads.committed();
            clustering.committed();
            storedIds.prefetch(added, newRows);
            for (int i = 0; i < newRows; i++) {
                storedIds.add(added[i]);
            }
            knownChannels.addAll(newChannels);
        } catch (RuntimeException | Error e) {
            stale = "the memory failed to follow a commit: " + e;
            reloadMemory = true;
            throw e;
        } finally {
            changes.record(changed); // committed: the reports must see it whatever else failed
        }
    }

    /**
     * Which of the suspects are stored already: their ids go to {@code stage_ids} and are joined
     * with {@code event_ids} on fingerprint and id. The join reads the stored fingerprints once, so
     * it is kept for the calls that have suspects, which are those with events sent again.
     */
    private Set<EventKey> storedAmong(List<Candidate> suspects) throws SQLException {
        try (DuckDBAppender ap = conn.createAppender("temp", "main", "stage_ids")) {
            for (Candidate c : suspects) {
                ap.beginRow().append(c.chatbotId()).append(c.chatbotNo()).append(c.event().id()).append(c.fingerprint()).endRow();
            }
        }
        Set<EventKey> stored = new HashSet<>();
        try (var st = conn.createStatement();
                var rs = st.executeQuery("""
                        SELECT s.chatbot_id, s.event_id FROM stage_ids s
                        SEMI JOIN event_ids e ON e.fp = s.fp AND e.chatbot_no = s.chatbot_no AND e.event_id = s.event_id""")) {
            while (rs.next()) {
                stored.add(new EventKey(rs.getString(1), rs.getString(2)));
            }
        }
        return stored;
    }

    private void appendRows(Appenders appenders, List<Row> rows) throws SQLException {
        for (Row r : rows) {
            Event e = r.event();
            DuckDBAppender ap = appenders.forType(e.type());
            ap.beginRow().append(r.chatbotNo()).append(e.ts()).append(r.seq())
                    .append(e.channelId()).append(e.conversationId());
            switch (e) {
                case ConversationStarted s -> {
                    ap.append(true).append(s.language());
                    if (!s.attributes().isEmpty()) {
                        DuckDBAppender attrs = appenders.forTable(Table.CONVERSATION_ATTRIBUTES);
                        for (var a : s.attributes().entrySet()) {
                            attrs.beginRow().append(r.chatbotNo()).append(e.ts()).append(r.seq())
                                    .append(e.channelId()).append(e.conversationId())
                                    .append(a.getKey()).append(a.getValue()).endRow();
                        }
                    }
                }
                case ConversationLanguage l -> ap.append(false).append(l.language());
                case Message m -> {
                    ap.append(m.direction().wireName()).append(m.length()).append(m.agentId());
                    if (m.direction() == io.sextant.event.Direction.AGENT) {
                        appenders.forTable(Table.AGENT_MESSAGES).beginRow().append(r.chatbotNo()).append(e.ts()).append(r.seq())
                                .append(e.channelId()).append(e.conversationId()).append(m.agentId()).endRow();
                    }
                }
                case Intent i -> ap.append(i.intent()).append(i.score());
                case Step s -> ap.append(s.stepId()).append(s.stepName());
                case Interaction i -> ap.append(i.kind());
                case CallEnded c -> ap.append(c.durationSeconds()).append(c.userInputs())
                        .append(c.endReason()).append(c.exitStep()).append(c.transferTarget());
                case InboxOpened o -> ap.append("opened").append((String) null);
                case InboxAssigned i -> ap.append("assigned").append(i.agentId());
                case InboxClosed c -> ap.append("closed").append(c.agentId());
                case Goal g -> ap.append(g.goalId()).append(g.value());
                case Rating t -> ap.append(t.score()).append(t.thumbs() == null ? null : t.thumbs().wireName())
                        .append(t.commentLength());
            }
            ap.endRow();
        }
    }

    private void registerChannels(Set<ChannelKey> channels) throws SQLException {
        if (channels.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try (var ps = conn.prepareStatement("INSERT INTO channels (chatbot_id, channel_id, name, type, created, updated) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ChannelKey k : channels) {
                ps.setString(1, k.chatbotId());
                ps.setString(2, k.channelId());
                ps.setString(3, k.channelId());
                ps.setString(4, ChannelType.UNKNOWN.wireName());
                ps.setLong(5, now);
                ps.setLong(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public synchronized long eraseConversation(String chatbotId, String conversationId) {
        return remove(chatbotId, no -> Erasure.Scope.conversation(chatbotId, no, conversationId));
    }

    @Override
    public synchronized long dropBefore(String chatbotId, long cutoffMillis) {
        return remove(chatbotId, no -> Erasure.Scope.before(chatbotId, no, cutoffMillis));
    }

    /**
     * Removes the scope's events in one transaction of the writer (so it never races a commit group
     * of the same chatbot), with the rollups and step labels corrected in it ({@link Erasure}); once
     * committed, the labels in memory follow and the chatbot's every cached report is dropped
     * ({@link ChangeLog.Change#ALL}). A removal that finds nothing changes nothing and records nothing.
     */
    private long remove(String chatbotId, java.util.function.LongFunction<Erasure.Scope> scopeOfChatbotNo) {
        ready("nothing was erased");
        Erasure.Scope scope = scopeOfChatbotNo.apply(chatbotNumbers.committedOf(chatbotId)); // loaded by ready()
        boolean committing = false;
        long removed = 0;
        try {
            Erasure.Removed r = Erasure.run(conn, scope, rollups.stepLabels(), db.conversationReach());
            removed = r.events();
            if (removed == 0) {
                conn.rollback(); // nothing written: the store's health stays what the last write made it
                rollups.discarded();
                return 0;
            }
            try (var st = conn.createStatement()) { // the rows written anew lie at the end of their tables
                clustering.appended(st, scope.chatbotId(), r.eventRollupRows(), r.conversationRows());
            }
            committing = true;
            db.rollupChanges().begin(Map.of(scope.chatbotId(), RollupChanges.Span.ALL)); // its rollup rows, whenever
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            rollups.discarded();
            clustering.discarded();
            if (committing) {
                db.rollupChanges().failed();
                return afterFailedErasure(e, scope, removed);
            }
            throw rolledBackSaying(e, "nothing was erased");
        }
        db.rollupChanges().end();
        try {
            rollups.committed();
            clustering.committed();
        } catch (RuntimeException | Error e) {
            stale = "the memory failed to follow an erasure: " + e;
            reloadMemory = true;
            throw e;
        } finally {
            changes.record(Map.of(scope.chatbotId(), ChangeLog.Change.ALL));
        }
        health.ok();
        return removed;
    }

    /**
     * After the COMMIT of a removal failed: as for events ({@link #afterFailedCommit}), DuckDB rolled
     * it back or committed it; which, the store tells once the writer is sound again: whether any
     * event of the scope is left. Committed, the answer is the one it would have had, and the labels
     * in memory are loaded again before the next write (their pending values were discarded).
     */
    private long afterFailedErasure(Exception e, Erasure.Scope scope, long removed) {
        stale = String.valueOf(e.getMessage());
        log.warn("The commit of an erasure failed: {}", e.getMessage());
        boolean reloaded;
        long left;
        try {
            reloaded = recover();
            DuckDBConnection reader = db.newConnection();
            try {
                left = Erasure.remaining(reader, scope);
            } finally {
                db.release(reader);
            }
        } catch (SQLException | RuntimeException again) {
            e.addSuppressed(again);
            stale = String.valueOf(again.getMessage());
            throw failureSaying(e, "the erasure may or may not have been applied");
        }
        if (left > 0) {
            throw failureSaying(e, "nothing was erased");
        }
        log.warn("The erasure whose commit failed was durable after all");
        changes.record(Map.of(scope.chatbotId(), ChangeLog.Change.ALL));
        if (!reloaded) {
            reloadMemory = true;
            stale = "an erasure whose commit failed was durable";
        }
        note(e); // erased, but the disk may still be full: health shows the failure until a clean commit
        return removed;
    }

    /**
     * Creates or replaces a channel's metadata. It runs on the writer's connection, so that it never
     * races an event commit that auto-registers the same channel.
     */
    @Override
    public synchronized void putChannel(ChannelStore.Metadata channel, long now) {
        ready("nothing of this change");
        boolean committing = false;
        try (var ps = conn.prepareStatement("""
                INSERT INTO channels (chatbot_id, channel_id, name, type, number, status, created, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (chatbot_id, channel_id) DO UPDATE SET
                    name = excluded.name, type = excluded.type, number = excluded.number,
                    status = excluded.status, updated = excluded.updated""")) {
            ps.setString(1, channel.chatbotId());
            ps.setString(2, channel.channelId());
            ps.setString(3, channel.name());
            ps.setString(4, channel.type().wireName());
            ps.setString(5, channel.number());
            ps.setString(6, channel.status());
            ps.setLong(7, now);
            ps.setLong(8, now);
            ps.executeUpdate();
            committing = true;
            db.rollupChanges().begin(Map.of(channel.chatbotId(), RollupChanges.Span.ALL)); // the rollup statement carries the types
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            if (committing) {
                db.rollupChanges().failed(); // durable or not is told below
                // As for events: DuckDB rolled back, or committed and then failed its checkpoint.
                stale = String.valueOf(e.getMessage());
                try {
                    recover();
                    if (channelSaved(channel, now)) {
                        knownChannels.add(new ChannelKey(channel.chatbotId(), channel.channelId()));
                        changes.record(Map.of(channel.chatbotId(), ChangeLog.Change.ALL));
                        note(e); // saved, but health shows the failure until a clean commit
                        return;
                    }
                } catch (SQLException | RuntimeException again) {
                    e.addSuppressed(again);
                    stale = String.valueOf(again.getMessage());
                }
                throw failure(e, "nothing of this change");
            }
            throw rolledBack(e, "nothing of this change");
        }
        db.rollupChanges().end();
        knownChannels.add(new ChannelKey(channel.chatbotId(), channel.channelId()));
        changes.record(Map.of(channel.chatbotId(), ChangeLog.Change.ALL)); // the type the reports show may have changed
        health.ok();
    }

    /** Whether the channel holds exactly what a PUT at {@code now} wrote. */
    private boolean channelSaved(ChannelStore.Metadata channel, long now) throws SQLException {
        DuckDBConnection reader = db.newConnection();
        try (var ps = reader.prepareStatement("""
                SELECT count(*) FROM channels WHERE chatbot_id = ? AND channel_id = ? AND name = ? AND type = ?
                    AND number IS NOT DISTINCT FROM ? AND status IS NOT DISTINCT FROM ? AND updated = ?""")) {
            ps.setString(1, channel.chatbotId());
            ps.setString(2, channel.channelId());
            ps.setString(3, channel.name());
            ps.setString(4, channel.type().wireName());
            ps.setString(5, channel.number());
            ps.setString(6, channel.status());
            ps.setLong(7, now);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } finally {
            db.release(reader);
        }
    }

    /** For tests: the fingerprints of the stored conversation rows. */
    Fingerprints conversationRows() {
        return rollups.conversationRows();
    }

    /** For tests: the step labels the writer keeps. */
    StepLabels stepLabels() {
        return rollups.stepLabels();
    }

    /** For tests: the fingerprints of the stored ids. */
    Fingerprints storedIds() {
        return storedIds;
    }


    @Override
    public synchronized void close() {
        if (conn != null && stale == null) {
            saveTails();
        }
        db.release(conn); // closing at shutdown: nothing else is kept only in memory
        conn = null;
    }

    /** One lazily created appender per event table, all closed (flushed) together. */
    private static final class Appenders implements AutoCloseable {
        private final DuckDBConnection conn;
        private final DuckDBAppender[] byTable = new DuckDBAppender[Table.values().length];

        Appenders(DuckDBConnection conn) {
            this.conn = conn;
        }

        DuckDBAppender forType(EventType type) throws SQLException {
            return forTable(Table.of(type));
        }

        DuckDBAppender forTable(Table t) throws SQLException {
            if (byTable[t.ordinal()] == null) {
                byTable[t.ordinal()] = conn.createAppender(t.sqlName);
            }
            return byTable[t.ordinal()];
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (DuckDBAppender a : byTable) {
                if (a != null) {
                    try {
                        a.close();
                    } catch (SQLException e) {
                        if (first == null) {
                            first = e;
                        }
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** The event tables, each holding one or more event types. */
    enum Table {
        CONVERSATION_EVENTS("conversation_events"),
        MESSAGES("messages"),
        INTENTS("intents"),
        STEPS("steps"),
        INTERACTIONS("interactions"),
        CALLS("calls"),
        INBOX_EVENTS("inbox_events"),
        GOALS("goals"),
        RATINGS("ratings"),
        /** Not an event type's table: the attributes of {@code conversation.started} events, a row per key. */
        CONVERSATION_ATTRIBUTES("conversation_attributes"),
        /** Not an event type's table: a copy of the {@code agent} messages (V12), what the inbox statistics read. */
        AGENT_MESSAGES("agent_messages");

        final String sqlName;

        Table(String sqlName) {
            this.sqlName = sqlName;
        }

        static Table of(EventType type) {
            return switch (type) {
                case CONVERSATION_STARTED, CONVERSATION_LANGUAGE -> CONVERSATION_EVENTS;
                case MESSAGE -> MESSAGES;
                case INTENT -> INTENTS;
                case STEP -> STEPS;
                case INTERACTION -> INTERACTIONS;
                case CALL_ENDED -> CALLS;
                case INBOX_OPENED, INBOX_ASSIGNED, INBOX_CLOSED -> INBOX_EVENTS;
                case GOAL -> GOALS;
                case RATING -> RATINGS;
            };
        }
    }
}
