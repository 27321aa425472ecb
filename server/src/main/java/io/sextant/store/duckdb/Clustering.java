package io.sextant.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Keeps the rollup tables' rows stored in chatbot order (and {@code event_rollups} in metric order
 * within a chatbot), so that DuckDB's zone maps (the min and max of each column per row group of
 * 122,880 rows) let a report of one chatbot skip every row group of the others.
 *
 * <p>The writer appends a commit group's rollup rows at the end of their table; with many chatbots
 * live, every commit group holds rows of many of them, and a row group of appended rows spans most
 * chatbots: a small chatbot's report then reads the whole fleet's rollup rows (issue 13's fleet
 * run: the event rollup scans were 410 of a small chatbot's 570 ms). So the rows appended since a
 * table was last put in order (its <em>tail</em>) are counted, and the table is rewritten in order
 * — its rows copied sorted to a temporary table, deleted, and appended back in that order, in one
 * transaction of the writer, so readers see either the old rows or the new ones, never a mix —
 * and {@code event_rollups} compacted on the way: its rows are copied summed per identity, as
 * {@link EventRollups} compacts a span, so every span is compacted by the rewrite and the table
 * keeps one row per identity (the same sums, in about half the rows at the benchmark's default
 * scale) —
 *
 * <p>Every row appended to {@code event_rollups} counts: a commit group's rows hold every metric,
 * and a report reads one metric per scan, so the metric order matters even in a store of one
 * chatbot (its channel report's 15 scans of the table took 90 ms of CPU with the rows in the order
 * they were appended and 28 ms sorted, at the default scale: sorted columns compress to runs that
 * the scan's filters pass or reject whole). Of {@code conversations}, only rows that interleave
 * chatbots count: those of a commit group holding several chatbots, or one chatbot other than the
 * group before's; a store of one chatbot never rewrites it (its rows are read by start, in which
 * they arrive). The count is of rows written at the end of a table: those appended, those a commit
 * group's {@code UPDATE} of {@code conversations} moves there (DuckDB carries out an
 * {@code UPDATE … RETURNING} of a table with a {@code LIST} column as a delete and an insert,
 * {@link Rollups}) and those an erasure writes anew ({@link Erasure}). Compaction moves rows too (a
 * live span's rows are replaced by their sums at the end of the table), so the tail can outgrow a
 * table whose size hardly changes.
 *
 * <ul>
 *   <li>after a commit, once the tail is as large as the part in order (at least
 *       {@link #minTail} rows), and no sooner after the last rewrite than {@link #PACE} times its
 *       duration: the rewrites then take at most a fiftieth of the writer's time;
 *   <li>when the writer is idle (no commit for a second), once the tail is an eighth of the part in
 *       order (at least {@link #minTail} rows): between bursts of ingestion the tables come back in
 *       order.
 * </ul>
 *
 * <p>The tail is counted in memory and saved in the table {@code table_order} (migration V13): by a
 * commit group's transaction at most once a second ({@link #SAVE_EVERY_NANOS}: an {@code UPDATE}
 * in every group made its transaction write one table more, about 1.2 ms of the writer's time per
 * group, 2.3 % of it in a profile of the benchmark's ingestion), by a rewrite's, and when the
 * writer is idle or closes. A restart therefore never rewrites a table in
 * order again; after a crash it may forget the rows of the last second, which then count as in
 * order and only put the next rewrite off by as many rows. The
 * order puts a chatbot's rows together, then those a report reads together: the metric (event
 * rollups) or the channel, then time. Both tables are ordered by their {@link ChatbotKey}
 * first, whose zone maps are exact where those of the ids stop at 8 bytes.
 */
final class Clustering {

    /** A clustered table, the order of its rows, and the query whose rows a rewrite puts in that order. */
    record Table(String name, String order, String rows) {}

    /**
     * Rewritten compacted as well: one row per identity (every column but the sums {@code n} and
     * {@code total}), none whose count is 0, as {@link EventRollups} compacts a span.
     */
    static final Table EVENT_ROLLUPS = new Table("event_rollups", "chatbot_key, chatbot_id, metric, channel_id, grain, start_ts",
            "SELECT chatbot_key, chatbot_id, channel_id, grain, start_ts, metric, key, num, CAST(sum(n) AS BIGINT) AS n, sum(total) AS total"
                    + " FROM event_rollups GROUP BY ALL HAVING sum(n) <> 0");
    static final Table CONVERSATIONS = new Table("conversations", "chatbot_key, chatbot_id, channel_id, start_ts",
            "SELECT * FROM conversations");

    static final List<Table> TABLES = List.of(EVENT_ROLLUPS, CONVERSATIONS);

    /** The default least tail worth a rewrite: about one row group. */
    static final long MIN_TAIL = 100_000;

    /** During ingestion, a rewrite follows the last one after at least this many times its duration. */
    static final int PACE = 50;

    /** A commit group saves the tails in {@code table_order} when they were last saved at least this long before. */
    static final long SAVE_EVERY_NANOS = 1_000_000_000L;

    /** The chatbot of the last counted commit group when it held only one; null when it held several, or after a start. */
    private String lastChatbot;
    /** {@link System#nanoTime} before which no rewrite starts during ingestion. */
    private long notBefore = Long.MIN_VALUE;

    private final long minTail;
    private final long[] ordered = new long[TABLES.size()];
    private final long[] tail = new long[TABLES.size()];
    /** What the open transaction adds to the tails, and its group's one chatbot: kept once it commits. */
    private final long[] pending = new long[TABLES.size()];
    private String pendingChatbot;
    /** The committed rows of the tails not yet in {@code table_order}. */
    private final long[] unsaved = new long[TABLES.size()];
    /** Whether the open transaction saves the tails (the unsaved rows and its own). */
    private boolean saving;
    /** {@link System#nanoTime} when the tails were last saved. */
    private long savedAt = System.nanoTime();

    private Clustering(long minTail) {
        this.minTail = minTail;
    }

    /** Reads the tails and the tables' sizes; the rows not in the tail are in order. */
    static Clustering load(Statement st, long minTail) throws SQLException {
        Clustering c = new Clustering(minTail);
        for (int i = 0; i < TABLES.size(); i++) {
            String name = TABLES.get(i).name();
            try (var rs = st.executeQuery("SELECT (SELECT count(*) FROM " + name + "),"
                    + " (SELECT coalesce(sum(tail), 0) FROM table_order WHERE table_name = '" + name + "')")) {
                rs.next();
                c.tail[i] = rs.getLong(2);
                c.ordered[i] = Math.max(0, rs.getLong(1) - c.tail[i]);
            }
        }
        return c;
    }

    /**
     * Adds the rows a commit group appends to the tables' tails, in the group's transaction: those
     * of {@code event_rollups} always, those of {@code conversations} when they interleave
     * chatbots; {@link #committed} or {@link #discarded} follows.
     *
     * @param chatbot the group's one chatbot, or null when it holds several
     */
    void appended(Statement st, String chatbot, long eventRollups, long conversations) throws SQLException {
        pending[TABLES.indexOf(EVENT_ROLLUPS)] += eventRollups;
        if (conversations == 0) {
            pendingChatbot = lastChatbot; // nothing appended: nothing interleaved
        } else {
            boolean interleaves = chatbot == null || !chatbot.equals(lastChatbot);
            pendingChatbot = chatbot;
            if (interleaves) {
                pending[TABLES.indexOf(CONVERSATIONS)] += conversations;
            }
        }
        if (System.nanoTime() - savedAt >= SAVE_EVERY_NANOS) {
            saveNow(st);
        }
    }

    /** Adds the unsaved and pending rows to the tails in {@code table_order}; whether there were any. */
    private boolean save(Statement st) throws SQLException {
        boolean any = false;
        for (int i = 0; i < TABLES.size(); i++) {
            long rows = unsaved[i] + pending[i];
            if (rows > 0) {
                st.execute("UPDATE table_order SET tail = tail + " + rows + " WHERE table_name = '" + TABLES.get(i).name() + "'");
                any = true;
            }
        }
        return any;
    }

    /**
     * Saves the tails not yet saved (and the open transaction's), in the connection's open
     * transaction: a commit group's, or the idle or closing writer's; {@link #committed} or
     * {@link #discarded} follows.
     */
    void saveNow(Statement st) throws SQLException {
        saving = save(st);
    }

    /** Whether committed rows of a tail are not yet saved in {@code table_order}. */
    boolean hasUnsaved() {
        for (long rows : unsaved) {
            if (rows > 0) {
                return true;
            }
        }
        return false;
    }

    /** The group's transaction committed. */
    void committed() {
        lastChatbot = pendingChatbot;
        for (int i = 0; i < TABLES.size(); i++) {
            tail[i] += pending[i];
            unsaved[i] = saving ? 0 : unsaved[i] + pending[i];
            pending[i] = 0;
        }
        if (saving) {
            savedAt = System.nanoTime();
            saving = false;
        }
    }

    /** The group's transaction was rolled back. */
    void discarded() {
        pendingChatbot = lastChatbot;
        java.util.Arrays.fill(pending, 0);
        saving = false;
    }

    /** Whether a table is due for a rewrite once the writer is idle. */
    boolean dueWhenIdle() {
        return !due(true).isEmpty();
    }

    /** The tables due for a rewrite: after a commit ({@code idle} false), or when the writer is idle. */
    List<Table> due(boolean idle) {
        List<Table> due = new ArrayList<>();
        if (!idle && System.nanoTime() < notBefore) {
            return due;
        }
        for (int i = 0; i < TABLES.size(); i++) {
            long bound = idle ? ordered[i] / 8 : ordered[i];
            if (tail[i] >= Math.max(minTail, bound)) {
                due.add(TABLES.get(i));
            }
        }
        return due;
    }

    /**
     * Rewrites the tables in order in the connection's open transaction; the caller commits, then
     * calls {@link #rewritten} with the sizes this returns.
     *
     * @return the rows of each table, in the order of {@code tables}
     */
    static long[] rewrite(DuckDBConnection conn, List<Table> tables) throws SQLException {
        long[] rows = new long[tables.size()];
        try (Statement st = conn.createStatement()) {
            for (int i = 0; i < tables.size(); i++) {
                Table t = tables.get(i);
                st.execute("CREATE OR REPLACE TEMP TABLE stage_clustered AS " + t.rows() + " ORDER BY " + t.order());
                st.execute("DELETE FROM " + t.name());
                // insertion order is kept (preserve_insertion_order, DuckDB's default)
                rows[i] = st.executeUpdate("INSERT INTO " + t.name() + " SELECT * FROM stage_clustered ORDER BY " + t.order());
                st.execute("DROP TABLE stage_clustered");
                st.execute("UPDATE table_order SET tail = 0 WHERE table_name = '" + t.name() + "'");
            }
        }
        return rows;
    }

    /** The rewrite of {@code tables} committed with {@code rows} rows each, after {@code nanos}. */
    void rewritten(List<Table> tables, long[] rows, long nanos) {
        notBefore = System.nanoTime() + PACE * nanos;
        for (int i = 0; i < tables.size(); i++) {
            int k = TABLES.indexOf(tables.get(i));
            ordered[k] = rows[i];
            tail[k] = 0;
            unsaved[k] = 0; // the rewrite set its tail to 0 in table_order
        }
    }
}
