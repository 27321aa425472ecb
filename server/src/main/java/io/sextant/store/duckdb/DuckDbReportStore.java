package io.sextant.store.duckdb;

import io.sextant.event.Direction;
import io.sextant.stats.Percentile;
import io.sextant.store.KpiRows;
import io.sextant.store.Metric;
import io.sextant.store.Metric.Part;
import io.sextant.store.ReportData;
import io.sextant.store.ReportData.Item;
import io.sextant.store.ReportData.Samples;
import io.sextant.store.ReportData.Series;
import io.sextant.store.ReportQuery;
import io.sextant.store.ReportStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Computes a report in two DuckDB statements of one read transaction, so that every metric reads
 * the same snapshot and each source is scanned once. The rows of every requested metric but
 * the quality KPIs are tagged with the metric's rollup code and counted in the shape
 * {@code (metric, slot, key, num, n, v)} ({@code metricRows}): the {@code event_rollups} rows of
 * all of them in two scans (the series', the others') in the rollup statement, and in the other
 * statement the events of the ranges the rollups do not cover and what the conversation metrics
 * need from the {@code conversations} rollup. The quality KPIs follow in the other statement as one
 * {@code UNION ALL} {@link Fragment} each. Only the sources of requested metrics are part of the
 * statements. DuckDB binds, plans and optimises a statement that reads tables at every execution,
 * even a kept prepared one, at a cost that grows with its operators: one aggregation for all the
 * metrics of a statement, not one per metric, is what keeps a computed report to a few times a
 * bare scan.
 *
 * <p>The rollup statement reads whole hours and days only: reports whose windows end in the same
 * hour or day send it alike, and its rows are kept for them while no commit changed the rows it
 * read ({@link KeptRollupRows}, {@link RollupChanges}). The two statements' rows are added up in
 * Java by tag, bucket, key and value ({@link #sum}), as one aggregation would have. A series'
 * range of events inside one settled hour (its previous period's first milliseconds, the part of
 * an hour a window starts in) is in neither statement: it is counted in Java from that hour's
 * events, kept the same way ({@link HourEvents}, {@link #edgeRows}).
 *
 * <p>A result row's {@code bucket} is, for a series, its slot on a grid ({@link #bucketOf} maps it
 * to a bucket; −2 is the previous period P) when its buckets are wanted, else its period (−1 for
 * P, 0 for W); null for the others, which count W alone. Distributions come per {@code key},
 * samples per distinct value ({@code num}). Every value is bound; the SQL text is built only from
 * constants. {@code ReportSqlSnapshotTest} pins the text.
 *
 * <p>Medians are the contract's percentile 0.5 ({@link Percentile#ofCounts}), read in Java off a count per
 * distinct value.
 *
 * <p>A query of a segment ({@link ReportQuery#segment}) puts the CTE {@code segment} first
 * ({@link SegmentSql}) and restricts every scan of events and of the {@code conversations} rollup
 * to its conversations. The hour and day rows of {@code event_rollups} count every conversation's
 * events, so such a query reads every range from the events.
 */
final class DuckDbReportStore implements ReportStore {

    private final DataSource dataSource;
    /** The chatbots' numbers in the event tables. */
    private final ChatbotNumbers.Lookup chatbotNos = new ChatbotNumbers.Lookup();
    private final boolean useRollups;
    private final ConversationReach reach;
    /** The writer's latest time of each chatbot's rows per table, for the scans no row can be in ({@link #compute}). */
    private final LatestEvents latest;
    /** The rollup rows of earlier reports, for reports that read the same ones; null: none kept. */
    private final KeptRollupRows<RollupRows> kept;
    /** The events of settled hours that reports cut, for later reports that cut them again ({@link HourEvents}); null: none kept. */
    private final KeptRollupRows<HourEvents> keptHours;
    /** Reports that read the events of a settled hour they cut ({@link HourEvents}) from the database. */
    private final AtomicLong hoursRead = new AtomicLong();
    /** Reports computed a second time because the reach fell short of a crossing conversation ({@link #compute}). */
    private final AtomicLong recomputed = new AtomicLong();
    /** Reports that left out the scans of the crossing conversations before W ({@code [0]}) and after it ({@code [1]}) ({@link #compute}). */
    private final AtomicLong[] crossingLeftOut = {new AtomicLong(), new AtomicLong()};
    /** Reports that left out a range of events no row lies in ({@link LatestEvents}). */
    private final AtomicLong leftOutRanges = new AtomicLong();
    /** Reports that read a series' open hour from its rollup rows ({@link LatestEvents}). */
    private final AtomicLong openHoursFromRollups = new AtomicLong();
    /** Reports that ran their rollup statement on the database (not answered by kept rows). */
    private final AtomicLong rollupRowsRead = new AtomicLong();

    /**
     * The store of the service: on the rollups, with the reach the writer keeps, and at most
     * {@code keptRows} rollup rows and {@code keptHourEvents} events of settled hours
     * ({@link HourEvents}) kept between reports while {@code changes} says they hold.
     */
    DuckDbReportStore(DataSource dataSource, ConversationReach reach, LatestEvents latest, RollupChanges changes, long keptRows,
            long keptHourEvents) {
        this(dataSource, true, reach, latest, keptRows > 0 ? new KeptRollupRows<>(changes, keptRows) : null,
                keptHourEvents > 0 ? new KeptRollupRows<>(changes, keptHourEvents) : null);
    }

    /** As the service's store, keeping as many events of settled hours as rollup rows. */
    DuckDbReportStore(DataSource dataSource, ConversationReach reach, LatestEvents latest, RollupChanges changes, long keptRows) {
        this(dataSource, reach, latest, changes, keptRows, keptRows);
    }

    /** On the rollups, with the writer's reach and latest times, keeping no rollup rows or events between reports. */
    DuckDbReportStore(DataSource dataSource, ConversationReach reach, LatestEvents latest) {
        this(dataSource, true, reach, latest, null, null);
    }

    /**
     * With {@code useRollups} false every metric is computed from the events alone (the tests' brute
     * force). Without the writer's reach, a report with conversations that cross its window's edges
     * is computed twice; without its latest times, every range is scanned.
     */
    DuckDbReportStore(DataSource dataSource, boolean useRollups) {
        this(dataSource, useRollups, new ConversationReach(), new LatestEvents(), null, null);
    }

    private DuckDbReportStore(DataSource dataSource, boolean useRollups, ConversationReach reach, LatestEvents latest,
            KeptRollupRows<RollupRows> kept, KeptRollupRows<HourEvents> keptHours) {
        this.dataSource = dataSource;
        this.useRollups = useRollups;
        this.reach = reach;
        this.latest = latest;
        this.kept = kept;
        this.keptHours = keptHours;
    }

    /** How many reports used kept rollup rows ({@link KeptRollupRows}). */
    long keptRollupRowsUsed() {
        return kept == null ? 0 : kept.used();
    }

    /** How many reports ran their rollup statement on the database. */
    long rollupRowsRead() {
        return rollupRowsRead.get();
    }

    /** How many rollup rows are kept now. */
    long keptRollupRows() {
        return kept == null ? 0 : kept.rows();
    }

    /** How many times a report took the events of a settled hour it cuts from those kept ({@link HourEvents}). */
    long keptHoursUsed() {
        return keptHours == null ? 0 : keptHours.used();
    }

    /** How many times a report read the events of a settled hour it cuts from the database. */
    long hoursRead() {
        return hoursRead.get();
    }

    /** How many events of settled hours are kept now. */
    long keptHourEvents() {
        return keptHours == null ? 0 : keptHours.rows();
    }

    /** How many reports left out the scans of the conversations crossing W's start ({@code before}) or its end. */
    long crossingLeftOut(boolean before) {
        return crossingLeftOut[before ? 0 : 1].get();
    }

    /** How many reports left out a range of events because the writer's latest times put no row in it. */
    long rangesLeftOut() {
        return leftOutRanges.get();
    }

    /** How many reports read a series' open hour from its rollup rows because the writer's latest times put no row after {@code to}. */
    long openHoursFromRollups() {
        return openHoursFromRollups.get();
    }

    /** How many reports were computed a second time, with the exact bounds of their crossing conversations. */
    long recomputed() {
        return recomputed.get();
    }

    /**
     * A result row: of the metric whose rollup code is {@code tag} ({@link #CODES}), of the quality
     * KPI named {@code tag}, or a key's {@code label} ({@link #STEP_LABELS}, {@link #CHANNEL_TYPES});
     * {@code bucket} null for distributions and samples, {@code num} a sample's value.
     */
    private record Row(String tag, Long bucket, String key, String label, long count, Double value, Double num) {}

    /** The SQL text and the bound values the store sends for a query. */
    record Sql(String text, Map<String, Object> params) {}

    /**
     * The statements of a query: the sums of its {@code event_rollups} rows ({@code rollups}, null
     * when it reads none), which only whole hours and days decide, and the rest ({@code rest}, null
     * when there is nothing else): the events of the ranges the rollups do not cover, the other
     * sources, the labels, the reach check and the KPIs. Their rows add up to the report's.
     *
     * @param hoursUpTo the latest {@code start_ts} of the hour rows the rollup statement reads ({@link Long#MIN_VALUE}: none)
     * @param daysUpTo the same of its day rows
     * @param rangesLeftOut the ranges of events left out, once per metric, because no row of their table lies in them ({@link LatestEvents})
     * @param openHours the ranges of events read from the rollup rows of their open hour instead, in {@code rest}
     * @param edges the ranges of events counted from the events of their settled hour ({@link HourEvents}), in neither statement
     */
    record Statements(Sql rollups, Sql rest, long hoursUpTo, long daysUpTo, int rangesLeftOut, int openHours, List<EdgeRange> edges) {}

    /**
     * A range of a series' events that lies in one settled hour: counted in Java from that hour's
     * events ({@link HourEvents}, read by {@code hour}), each counting {@code sign}, in the slot its
     * time has (on the bucket grid when {@code grid}, else its period), keyed as the statement
     * would have keyed it. {@code code} is the series' rollup code.
     */
    record EdgeRange(String code, Sql hour, long hourStart, long from, long to, int sign, boolean grid) {}

    /** What {@link #compute} sends for {@code q} when it has no bounds that hold ({@link ConversationReach#loaded}). */
    static Statements statements(ReportQuery q) {
        return statements(q, true, NO_CROSSING, false);
    }

    /**
     * The statements of {@code q} with {@code crossing}, the bounds of the messages outside W of the
     * conversations started in W: a guess the statement checks, or, when {@code exact}, bounds that
     * hold for every row the snapshot sees, so that a side of W they leave empty is left out.
     */
    static Statements statements(ReportQuery q, boolean useRollups, long[] crossing, boolean exact) {
        return statements(q, ChatbotNumbers.NONE, useRollups, crossing, exact, null);
    }

    /**
     * The statements of {@code q} for the chatbot numbered {@code chatbotNo} in the event tables
     * ({@link ChatbotNumbers}), as {@link #statements(ReportQuery, boolean, long[], boolean)},
     * leaving out every range of events that starts after the chatbot's {@code latest} time in its
     * table (one per {@link LatestEvents#TABLES}): the writer's, read once the snapshot began, so
     * that it holds for every row the snapshot sees; null when there is none that holds.
     */
    static Statements statements(ReportQuery q, long chatbotNo, boolean useRollups, long[] crossing, boolean exact, long[] latest) {
        return statements(q, chatbotNo, useRollups, crossing, exact, latest, null);
    }

    /**
     * As {@link #statements(ReportQuery, long, boolean, long[], boolean, long[])}, with the series'
     * ranges of events that lie in one settled hour left to {@link HourEvents}: an hour of a table
     * of {@link LatestEvents#TABLES} is settled when it ends by {@code settled} of that table (null:
     * none is).
     */
    static Statements statements(ReportQuery q, long chatbotNo, boolean useRollups, long[] crossing, boolean exact, long[] latest,
            long[] settled) {
        Statement st = new Statement(q, chatbotNo, useRollups, crossing, exact, latest, settled);
        st.build();
        String rollups = st.rollupSql();
        String rest = st.sql();
        return new Statements(rollups == null ? null : new Sql(rollups, st.paramsOf(rollups)),
                rest == null ? null : new Sql(rest, st.paramsOf(rest)), st.hoursUpTo, st.daysUpTo, st.rangesLeftOut, st.openHours,
                List.copyOf(st.edges));
    }

    /** Whether bounds {@code {earliest, latest}} of the messages outside W leave room for one before W. */
    private static boolean reachesBefore(long[] crossing, ReportQuery q) {
        return crossing[0] < q.from();
    }

    /** Whether they leave room for one after W. */
    private static boolean reachesAfter(long[] crossing, ReportQuery q) {
        return crossing[1] > q.to();
    }

    /** Bounds of the messages outside W of conversations that cross its edges, when none do. */
    private static final long[] NO_CROSSING = {Long.MAX_VALUE, Long.MIN_VALUE};

    /**
     * The statements of the query in one read transaction: the rest first (it starts the snapshot),
     * then the rollup statement, or the rows an earlier report read with it when no commit changed
     * them since ({@link #rollupRows}); their rows added up ({@link #sum}). When the median of
     * messages per conversation is asked for, the messages outside W of the conversations started in W lie between
     * {@code from − lead} and {@code to + tail} as far as the writer's {@link ConversationReach}
     * knows: bound as constants, so that the scans of those two ranges skip every other row group (a
     * bound computed inside the statement cannot: the planner treats it as unknown and reads
     * everything before W). The statement also returns the exact bounds of its crossing
     * conversations ({@link #REACH}); when the guess fell short of them (a commit the reach did not
     * know yet when it was read, or a store without the writer's reach), that statement is run
     * again with them in the same transaction, so on the same snapshot.
     *
     * <p>When the writer has loaded the reach, the snapshot begins first ({@link #beginSnapshot})
     * and the reach is read after it: every commit the snapshot sees widened the reach before it
     * was visible, so the bounds hold for every row and a side of W they leave empty (no message
     * before a start in the store, or none after {@code to}: a live window) has no crossing
     * conversation. Its scans are left out ({@code Statement.messagesPerConversation}), which is a
     * quarter of the hourly day's statement (docs/benchmark.md, 2026-12-06 21:00 UTC).
     *
     * <p>The same holds for the writer's {@link LatestEvents}: when some table of the chatbot has no
     * row after {@code to} (a live window), the snapshot begins first and the latest times are read
     * after it, and every range of events that starts after its table's latest time is left out:
     * the ranges after {@code to} that a window's last day is taken off its row by (the W-only
     * metrics', {@link RollupPlan#ofWindow}). A series' open hour comes from its rollup rows then
     * ({@code Statement.openHour}). Together a quarter of the hourly day's statement at the median
     * (docs/benchmark.md, 2026-12-07 04:30 UTC).
     */
    @Override
    public ReportData compute(ReportQuery q) {
        // before the snapshot starts; both keep by the same RollupChanges
        long version = kept != null ? kept.version() : keptHours != null ? keptHours.version() : 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(c, true));
                // in the transaction: a number looked up in the table is there in every later statement's snapshot
                long chatbotNo = chatbotNos.of(q.chatbotId(), jdbc);
                boolean reachHolds = reach.loaded();
                boolean latestHolds = latest.loaded();
                boolean begun = false;
                if ((q.wants(Metric.MESSAGES_PER_CONVERSATION) && reachHolds) || (latestHolds && latest.someEndBy(q.chatbotId(), q.to()))) {
                    beginSnapshot(jdbc);
                    begun = true;
                }
                long[] latestTimes = begun && latestHolds ? latest.of(q.chatbotId()) : null; // read after the snapshot began
                boolean exactReach = begun && reachHolds;
                long[] guess = NO_CROSSING;
                if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                    guess = reach.bounds(q.chatbotId(), q.from(), q.to());
                    if (exactReach && !reachesBefore(guess, q)) {
                        crossingLeftOut[0].incrementAndGet();
                    }
                    if (exactReach && !reachesAfter(guess, q)) {
                        crossingLeftOut[1].incrementAndGet();
                    }
                }
                long[] settled = settled(q.chatbotId());
                Statements st = statements(q, chatbotNo, useRollups, guess, exactReach, latestTimes, settled);
                if (st.rangesLeftOut() > 0) {
                    leftOutRanges.incrementAndGet();
                }
                if (st.openHours() > 0) {
                    openHoursFromRollups.incrementAndGet();
                }
                List<Row> rows = st.rest() == null ? List.of() : rows(jdbc, st.rest());
                long[] exact = exactReach(q, rows);
                if (exact != null && (exact[0] < guess[0] || exact[1] > guess[1])) {
                    recomputed.incrementAndGet();
                    // the rollup statement depends on neither the bounds nor the latest times
                    rows = rows(jdbc, statements(q, chatbotNo, useRollups, exact, false, latestTimes, settled).rest());
                }
                if (st.rollups() != null) {
                    rows = sum(rollupRows(jdbc, q, st, version, begun || st.rest() != null), rows);
                }
                if (!st.edges().isEmpty()) {
                    rows = sum(RollupRows.of(rows), edgeRows(jdbc, q, st, version, begun || st.rest() != null || st.rollups() != null));
                }
                return assemble(q, rows);
            } finally {
                c.rollback(); // read only: ends the transaction
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("computing a report failed: " + e.getMessage(), e);
        }
    }

    /**
     * The rollup rows of the query: kept ones, when the rows they were read from are unchanged in
     * this transaction's snapshot (it started with the first statement, which ran before this
     * check), else read in this transaction and kept, dated with the version read before it began.
     *
     * @param begun whether a statement has begun the snapshot already
     */
    private RollupRows rollupRows(JdbcClient jdbc, ReportQuery q, Statements st, long version, boolean begun) {
        if (kept == null) {
            rollupRowsRead.incrementAndGet();
            return RollupRows.of(rows(jdbc, st.rollups()));
        }
        KeptRollupRows.Key key = new KeptRollupRows.Key(st.rollups().text(), st.rollups().params());
        if (!begun) {
            beginSnapshot(jdbc); // before the check
        }
        RollupRows rows = kept.get(key);
        if (rows == null) {
            rollupRowsRead.incrementAndGet();
            rows = RollupRows.of(rows(jdbc, st.rollups()));
            kept.put(key, rows, rows.rows().size(), version, q.chatbotId(), st.hoursUpTo(), st.daysUpTo());
        }
        return rows;
    }

    /**
     * Per table of {@link LatestEvents#TABLES}, the time by which an hour of the chatbot's rows there
     * is settled: an hour before its latest row, as the writer knows it now (no snapshot needed: it
     * only decides which hours are worth keeping; {@link RollupChanges} decides whether kept ones
     * hold). Null when no events are kept or the writer has not loaded its latest times.
     */
    private long[] settled(String chatbotId) {
        if (keptHours == null || !useRollups || !latest.loaded()) {
            return null;
        }
        long[] settled = latest.of(chatbotId).clone();
        for (int i = 0; i < settled.length; i++) {
            settled[i] = settled[i] == Long.MIN_VALUE ? Long.MIN_VALUE : settled[i] - EventRollups.HOUR;
        }
        return settled;
    }

    /**
     * The counts of the query's {@link Statements#edges}: per settled hour its events, kept ones
     * when no commit changed them since they were read (the writer counts every event of an hour,
     * and every conversation row whose start moved, as changing the hour's rollup rows:
     * {@link EventRollups}), else read in this transaction and kept, dated with the version read
     * before it began; then each range's events by tag, slot and key, as the statement would have
     * counted them: one row per key, with the count as its value too (every such event counts 1),
     * for {@link #sum} to add to the statements' rows.
     *
     * @param begun whether a statement has begun the snapshot already
     */
    private List<Row> edgeRows(JdbcClient jdbc, ReportQuery q, Statements st, long version, boolean begun) {
        if (!begun) {
            beginSnapshot(jdbc); // before the checks
        }
        BucketGrid grid = BucketGrid.of(q.bucketStarts(), q.to()); // the grid the statement binds (Statement.bucketGrid)
        Map<Sql, HourEvents> hours = new HashMap<>();
        Map<RowKey, long[]> sums = new LinkedHashMap<>();
        for (EdgeRange e : st.edges()) {
            HourEvents h = hours.computeIfAbsent(e.hour(), sql -> hourEvents(jdbc, q.chatbotId(), e.hourStart(), sql, version));
            h.forEach(e.from(), e.to(), (time, key) -> {
                long slot = time < q.from() ? (e.grid() ? -2 : -1) : !e.grid() ? 0 : time < grid.anchor() ? -1 : (time - grid.anchor()) / grid.grain();
                long[] sum = sums.computeIfAbsent(new RowKey(e.code(), slot, key, null, null), k -> new long[1]);
                sum[0] += e.sign();
            });
        }
        List<Row> rows = new ArrayList<>(sums.size());
        sums.forEach((k, n) -> rows.add(new Row(k.tag(), k.bucket(), k.key(), k.label(), n[0], (double) n[0], k.num())));
        return rows;
    }

    private HourEvents hourEvents(JdbcClient jdbc, String chatbotId, long hourStart, Sql sql, long version) {
        KeptRollupRows.Key key = new KeptRollupRows.Key(sql.text(), sql.params());
        HourEvents events = keptHours.get(key);
        if (events == null) {
            hoursRead.incrementAndGet();
            events = HourEvents.read(jdbc, sql.text(), sql.params());
            keptHours.put(key, events, events.size(), version, chatbotId, hourStart, Long.MIN_VALUE);
        }
        return events;
    }

    /**
     * Begins the read transaction's snapshot: DuckDB takes it when a statement first reads the
     * database, and every later statement of the transaction sees the same commits.
     */
    private static void beginSnapshot(JdbcClient jdbc) {
        jdbc.sql("SELECT 1 FROM event_rollups LIMIT 0").query().listOfRows();
    }

    /** What one aggregation sums rows by: tag, bucket, key, label and value sampled (−0.0 as 0.0, as SQL compares them). */
    private record RowKey(String tag, Long bucket, String key, String label, Double num) {
        static RowKey of(Row r) {
            return new RowKey(r.tag(), r.bucket(), r.key(), r.label(), r.num() == null ? null : r.num() + 0.0);
        }
    }

    /** The rows of a rollup statement, each distinct by {@link RowKey}, with the position of each key. */
    private record RollupRows(List<Row> rows, Map<RowKey, Integer> index) {
        static RollupRows of(List<Row> rows) {
            Map<RowKey, Integer> index = new HashMap<>(rows.size() * 2);
            for (int i = 0; i < rows.size(); i++) {
                index.put(RowKey.of(rows.get(i)), i);
            }
            return new RollupRows(List.copyOf(rows), index);
        }
    }

    /**
     * The rows of the two statements as one aggregation would have summed them: a row of
     * {@code rest} (distinct by {@link RowKey} too) is added to the rollup row of its key, if any.
     */
    private static List<Row> sum(RollupRows rollups, List<Row> rest) {
        List<Row> sum = new ArrayList<>(rollups.rows().size() + rest.size());
        sum.addAll(rollups.rows());
        for (Row r : rest) {
            Integer i = rollups.index().get(RowKey.of(r));
            if (i == null) {
                sum.add(r);
            } else {
                Row x = sum.get(i);
                sum.set(i, new Row(x.tag(), x.bucket(), x.key(), x.label(), x.count() + r.count(),
                        x.value() == null ? r.value() : r.value() == null ? x.value() : Double.valueOf(x.value() + r.value()), x.num()));
            }
        }
        return sum;
    }

    private static List<Row> rows(JdbcClient jdbc, Sql st) {
        return jdbc.sql(st.text()).params(st.params())
                // by position: the names are those of the statement's first SELECT, which may be a label's
                .query((rs, i) -> new Row(rs.getString(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getObject(6, Double.class), rs.getObject(7, Double.class)))
                .list();
    }

    /**
     * The earliest first message before W and the latest last message after W of the conversations
     * started in W, from the {@link #REACH} row (an empty side: {@code from}, {@code to}); null when
     * the query has none.
     */
    private static long[] exactReach(ReportQuery q, List<Row> rows) {
        for (Row r : rows) {
            if (r.tag().equals(REACH)) {
                return new long[] {Math.min(r.count(), q.from()), Math.max(r.bucket(), q.to())};
            }
        }
        return null;
    }

    /**
     * The {@code SELECT} of a quality KPI, after the rows of the other metrics: rows of
     * {@code metric} from {@code from} (what follows {@code FROM}). The other fields are SQL
     * expressions over those rows:
     *
     * @param bucket −1 for the previous period, 0 for W
     * @param key the key of an item (a goal, a rating)
     * @param label always NULL
     * @param count the number of conversations or events
     * @param value the number of those that meet the KPI's condition
     */
    private record Fragment(Metric metric, String bucket, String key, String label, String count, String value, String from) {

        /** Counts rows of {@code from}; no bucket, key, label or value until given. */
        Fragment(Metric metric, String from) {
            this(metric, "NULL", "NULL", "NULL", "count(*)", "NULL", from);
        }

        Fragment bucket(String e) {
            return new Fragment(metric, e, key, label, count, value, from);
        }

        Fragment key(String e) {
            return new Fragment(metric, bucket, e, label, count, value, from);
        }

        Fragment value(String e) {
            return new Fragment(metric, bucket, key, label, count, e, from);
        }

        String sql() {
            return "SELECT '" + metric.name() + "' AS metric, CAST(" + bucket + " AS BIGINT) AS bucket,\n"
                    + "       CAST(" + key + " AS VARCHAR) AS key, CAST(" + label + " AS VARCHAR) AS label,\n"
                    + "       CAST(" + count + " AS BIGINT) AS count, CAST(" + value + " AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS num\n"
                    + "FROM " + from;
        }
    }

    /** A named parameter: a colon not after a colon, then a name. */
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

    /** The statements of one query: the sources of the wanted metrics only. */
    private static final class Statement {
        private final ReportQuery q;
        private final String channel;
        /** What a scan of an event table (or of the conversations rollup) adds: the channel, and the segment. */
        private final String events;
        private final SegmentSql segment;
        private final Map<String, Object> params = new HashMap<>();
        private final Map<String, String> ctes = new LinkedHashMap<>();
        /** The rows of the metrics' sources that are not {@code event_rollups} rows, each a {@code SELECT} of {@code metric, slot, key, num, n, v} ({@link #metricRows}). */
        private final List<String> branches = new ArrayList<>();
        /** The {@code event_rollups} rows of the series, and of the metrics over W alone ({@link #rollupRows}). */
        private final RollupScan seriesRollups = new RollupScan("series_rollups");
        private final RollupScan windowRollups = new RollupScan("window_rollups");
        /** The latest starts of the hour rows and of the day rows the scans of {@code event_rollups} read. */
        private long hoursUpTo = Long.MIN_VALUE;
        private long daysUpTo = Long.MIN_VALUE;
        /** The codes of the series whose rows go to the bucket grid ({@link #series}), and of those that go to W or P only. */
        private final List<String> gridSeries = new ArrayList<>();
        private final List<String> periodSeries = new ArrayList<>();
        private final List<Fragment> fragments = new ArrayList<>();

        private final boolean useRollups;
        private final long[] crossing;
        /** Whether {@link #crossing} holds for every row ({@link DuckDbReportStore#statements(ReportQuery, boolean, long[], boolean)}). */
        private final boolean exact;
        /** The chatbot's latest time per table of {@link LatestEvents#TABLES}, holding for every row; null: unknown. */
        private final long[] latest;
        /** The ranges of events left out, once per metric that would have read them: no row of their table lies in them ({@link #noRowFrom}). */
        private int rangesLeftOut;
        /** The ranges of events read from their open hour's rollup rows instead ({@link #openHour}). */
        private int openHours;
        /** The {@code event_rollups} rows of the series' open hours ({@link #openHour}), read with the rest. */
        private final RollupScan openRollups = new RollupScan("open_rollups");
        /** Per table of {@link LatestEvents#TABLES}, when its settled hours end ({@link #settledHour}); null: none is. */
        private final long[] settled;
        /** The ranges of events counted from their settled hour's events ({@link #settledHour}). */
        private final List<EdgeRange> edges = new ArrayList<>();

        Statement(ReportQuery q, long chatbotNo, boolean useRollups, long[] crossing, boolean exact, long[] latest, long[] settled) {
            this.q = q;
            this.settled = settled;
            this.segment = SegmentSql.of(q.chatbotId(), q.segment());
            this.useRollups = useRollups && segment.isAll(); // the rollups count every conversation
            this.crossing = crossing;
            this.exact = exact;
            this.latest = latest;
            this.channel = q.channelId() == null ? "" : " AND channel_id = :channel";
            this.events = channel + segment.restrict("conversation_id");
            if (!segment.isAll()) {
                ctes.put("segment", segment.definition());
                params.putAll(segment.params());
            }
            params.put("chatbot", q.chatbotId());
            params.put("chatbotKey", ChatbotKey.of(q.chatbotId()));
            params.put("chatbotNo", chatbotNo); // the event tables' (V18)
            if (q.channelId() != null) {
                params.put("channel", q.channelId());
            }
            params.put("rollupChannel", q.channelId() == null ? "" : q.channelId()); // '' = all channels
            params.put("from", q.from());
            params.put("to", q.to());
        }

        /** The statement of everything but the rollup rows ({@link #rollupSql}); null when there is nothing else. */
        String sql() {
            String with = ctes.entrySet().stream().map(e -> e.getKey() + " AS MATERIALIZED (\n" + indent(e.getValue()) + "\n)")
                    .collect(Collectors.joining(",\n"));
            List<String> selects = new ArrayList<>();
            List<String> sources = new ArrayList<>(branches);
            if (!openRollups.isEmpty()) {
                sources.add(rollupRows(openRollups, seriesSlot("start_ts")));
            }
            if (!sources.isEmpty()) {
                selects.add(metricRows(sources));
            }
            if (!readsRollups()) {
                selects.addAll(labels());
            }
            if (ctes.containsKey(CROSSING)) { // the exact bounds, to check the ones bound
                selects.add("SELECT '" + REACH + "', coalesce(max(last_message_ts), :to), NULL, NULL, coalesce(min(first_message_ts), :from),"
                        + " NULL, NULL FROM " + CROSSING);
            }
            fragments.forEach(f -> selects.add(f.sql()));
            if (selects.isEmpty()) {
                return null;
            }
            return (with.isEmpty() ? "" : "WITH " + with + "\n") + String.join("\nUNION ALL\n", selects);
        }

        /**
         * The statement of the {@code event_rollups} rows, summed as {@link #metricRows} sums: it
         * reads whole hours and days only, so reports whose windows end in the same hour or day
         * send it alike ({@link KeptRollupRows}); null when the query reads no rollup rows.
         */
        String rollupSql() {
            if (!readsRollups()) {
                return null; // the other statement carries the labels
            }
            List<String> sources = new ArrayList<>();
            if (!seriesRollups.isEmpty()) {
                sources.add(rollupRows(seriesRollups, seriesSlot("start_ts")));
            }
            if (!windowRollups.isEmpty()) {
                sources.add(rollupRows(windowRollups, "NULL"));
            }
            List<String> selects = new ArrayList<>();
            selects.add(metricRows(sources));
            selects.addAll(labels());
            return String.join("\nUNION ALL\n", selects);
        }

        private boolean readsRollups() {
            return !seriesRollups.isEmpty() || !windowRollups.isEmpty();
        }

        /**
         * The labels, as rows of their own (a join of the sums with them costs more to plan). They
         * go with the rollup statement when there is one: they do not depend on the window, so a
         * report whose rollup rows are kept ({@link KeptRollupRows}) keeps them too, and its other
         * statement, planned again at every request, is that much shorter. The writer counts a
         * commit that changes a label or a channel as changing every rollup row of its chatbot
         * ({@link RollupChanges}), so kept labels are dropped with them.
         */
        private List<String> labels() {
            List<String> selects = new ArrayList<>(2);
            if (q.wants(Metric.STEPS)) { // the label of the chatbot, from any channel
                selects.add("SELECT '" + STEP_LABELS + "', NULL, step_id, step_name, 0, NULL, NULL FROM step_labels"
                        + " WHERE chatbot_id = :chatbot AND channel_id = ''");
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) { // the type of each channel, as it is now
                selects.add("SELECT '" + CHANNEL_TYPES + "', NULL, channel_id, type, 0, NULL, NULL FROM channels WHERE chatbot_id = :chatbot");
            }
            return selects;
        }

        /** The bound values {@code sql} names, and no others (so that equal statements have equal values). */
        Map<String, Object> paramsOf(String sql) {
            Map<String, Object> used = new HashMap<>();
            java.util.regex.Matcher m = NAMED.matcher(sql);
            while (m.find()) {
                String name = m.group(1);
                if (params.containsKey(name)) {
                    used.put(name, params.get(name));
                }
            }
            return Map.copyOf(used);
        }

        /**
         * The rows of {@code sources} counted in ONE aggregation: the rollup rows of all the metrics
         * in two scans of {@code event_rollups} ({@link #rollupRows}, {@link #rollupSql}), or the
         * events of the ranges the rollups do not cover and the other sources ({@link #branches}),
         * each row tagged with its metric's rollup code and holding its {@code slot} (a series':
         * its slot on the bucket grid, or its period, −1 for P and 0 for W, see {@link #series};
         * NULL for the others, which count W alone), a {@code key}, a {@code num}, a number
         * {@code n} and a value {@code v} (a series' value: a count, or a call's seconds). They are
         * summed by code, slot, key and num. The labels (a step's name, the type of a conversation's
         * start channel) follow as rows of their own ({@link #STEP_LABELS}, {@link #CHANNEL_TYPES}).
         * One aggregation, not one per metric: DuckDB binds, plans and optimises every statement
         * anew, at a cost that grows with its operators.
         */
        private String metricRows(List<String> sources) {
            // The sum of v must not depend on the order DuckDB's parallel aggregation adds in. The
            // calls' seconds are fractional: summed as decimals, which is exact. Every other v is a
            // whole number (a count, or 1 or -1 for an event), and a sum of whole numbers as doubles is
            // exact in any order; the decimal sum cost the overview about 12 % of its time
            // (docs/benchmark.md, 2026-12-03 18:15 UTC).
            String value = q.wants(Metric.CALL_SECONDS) ? "sum(CAST(v AS DECIMAL(38, 9)))" : "sum(v)";
            return "SELECT metric, CAST(slot AS BIGINT) AS bucket, CAST(key AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS label,\n"
                    + "       CAST(sum(n) AS BIGINT) AS count, CAST(" + value + " AS DOUBLE) AS value, CAST(num AS DOUBLE) AS num\n"
                    + "FROM (\n" + indent(String.join("\nUNION ALL\n", sources)) + "\n)\n"
                    + "GROUP BY ALL";
        }

        /**
         * The {@code event_rollups} rows of the metrics of {@code scan}, in one scan: the chatbot's
         * rows within the envelope of their spans (so that the zone maps skip the rest), then each
         * metric's own (its code, its channel, its spans), with their {@code slot}. A row's value
         * is its total for the calls' seconds, else its number of events.
         */
        private static String rollupRows(RollupScan scan, String slot) {
            return "SELECT metric, " + slot + " AS slot, key, num, n, CASE WHEN metric = 'call' THEN total ELSE n END AS v\n"
                    + "FROM event_rollups\n"
                    + "WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND start_ts BETWEEN :" + scan.name + "_from AND :" + scan.name + "_to\n"
                    + "  AND (" + String.join("\n    OR ", scan.conditions) + ")";
        }

        /** The slot of a series' row at {@code time}: on the grid or the period, by its metric when the series differ. */
        private String seriesSlot(String time) {
            String grid = slot(time);
            if (periodSeries.isEmpty()) {
                return grid;
            }
            return gridSeries.isEmpty() ? period(time) : "CASE WHEN metric IN (" + quoted(gridSeries) + ") THEN " + grid + " ELSE " + period(time) + " END";
        }

        /** The slot of the rows of metric {@code code} at {@code time}: a series' ({@link #series}), else NULL. */
        private String slotOf(String code, String time) {
            return gridSeries.contains(code) ? slot(time) : periodSeries.contains(code) ? period(time) : "NULL";
        }

        /** The conditions on {@code event_rollups} of some metrics, and the envelope of their spans. */
        private static final class RollupScan {
            final String name;
            final List<String> conditions = new ArrayList<>();
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;

            RollupScan(String name) {
                this.name = name;
            }

            boolean isEmpty() {
                return conditions.isEmpty();
            }

            void add(String condition, long[] envelope) {
                conditions.add(condition);
                from = Math.min(from, envelope[0]);
                to = Math.max(to, envelope[1]);
            }

            void bind(Map<String, Object> params) {
                if (!isEmpty()) {
                    params.put(name + "_from", from);
                    params.put(name + "_to", to);
                }
            }
        }

        private static String quoted(List<String> codes) {
            return codes.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        }

        private static String indent(String sql) {
            return sql.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
        }

        void build() {
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_LANGUAGES)
                    || q.wants(Metric.CONVERSATION_CHANNEL_TYPES) || q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                if (useRollups) {
                    conversationsFromRollups();
                } else {
                    conversations();
                }
            }
            if (q.wants(Metric.MESSAGES)) {
                inRange(Metric.MESSAGES, "messages", "msg", "direction", "NULL", "1", "");
            }
            if (q.wants(Metric.USER_MESSAGE_LENGTH)) {
                inW("messages", "len", "NULL", "length", "NULL", " AND direction = '" + Direction.USER.wireName() + "'");
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                messagesPerConversation();
            }
            if (q.wants(Metric.INTENTS)) {
                inW("intents", "int", "intent", "NULL", "NULL", "");
            }
            if (q.wants(Metric.INTENT_SCORE)) {
                inW("intents", "isc", "NULL", "score", "NULL", "");
            }
            if (q.wants(Metric.STEPS)) {
                inW("steps", "stp", "step_id", "NULL", "1", ""); // labelled in metricRows
            }
            if (q.wants(Metric.INTERACTIONS)) {
                inRange(Metric.INTERACTIONS, "interactions", "ia", "NULL", "NULL", "1", "");
            }
            calls();
            qualityKpis();
            seriesRollups.bind(params);
            windowRollups.bind(params);
            openRollups.bind(params);
        }

        /**
         * The quality KPIs (exact, whenever a fact was sent): the conversation rates among the
         * conversations started in W or P, from their rows in the conversations rollup: their
         * starts, as for CONVERSATIONS, and the user messages, hand-overs and goals reached that
         * the writer keeps there. The understood rate and the ratings over the events of W and P.
         * The understanding is bound: the fallback intents as an IN list, the threshold as a
         * number.
         */
        private void qualityKpis() {
            boolean starts = q.wants(Metric.CONTAINED_CONVERSATIONS) || q.wants(Metric.HANDED_OVER_CONVERSATIONS)
                    || q.wants(Metric.ABANDONED_CONVERSATIONS) || q.wants(Metric.GOALS_REACHED);
            if (starts || q.wants(Metric.UNDERSTOOD_INTENTS) || q.wants(Metric.RATINGS)) {
                params.put("kpiFrom", q.previousFrom());
            }
            if (starts) {
                ctes.put("kpi_starts", SqlResource.load("report-kpi-starts", Map.of("segmentFilter", segment.restrict("conversation_id"))));
            }
            // the hand-overs, user messages and goals of each conversation, whenever sent, are kept in its row (V17)
            if (q.wants(Metric.CONTAINED_CONVERSATIONS)) {
                rate(Metric.CONTAINED_CONVERSATIONS, "kpi_starts", "handovers = 0");
            }
            if (q.wants(Metric.HANDED_OVER_CONVERSATIONS)) {
                rate(Metric.HANDED_OVER_CONVERSATIONS, "kpi_starts", "handovers > 0");
            }
            if (q.wants(Metric.ABANDONED_CONVERSATIONS)) {
                rate(Metric.ABANDONED_CONVERSATIONS, "kpi_starts", "user_messages <= 1");
            }
            if (q.wants(Metric.GOALS_REACHED)) {
                // per goal its conversations; the total of each period as the row without a key
                ctes.put("goals_reached", SqlResource.load("report-goals-reached"));
                fragments.add(new Fragment(Metric.GOALS_REACHED, "goals_reached GROUP BY period, goal_id").bucket("period").key("goal_id"));
                fragments.add(new Fragment(Metric.GOALS_REACHED, "kpi_starts GROUP BY period").bucket("period"));
            }
            if (q.wants(Metric.UNDERSTOOD_INTENTS)) {
                List<String> fallback = q.understanding().fallbackIntents();
                if (!fallback.isEmpty()) {
                    params.put("fallbackIntents", fallback);
                }
                params.put("understoodThreshold", q.understanding().threshold());
                ctes.put("understood_intents", SqlResource.load("report-understood-intents", Map.of("channelFilter", events,
                        "notFallback", fallback.isEmpty() ? "TRUE" : "intent NOT IN (:fallbackIntents)")));
                rate(Metric.UNDERSTOOD_INTENTS, "understood_intents", "understood");
            }
            if (q.wants(Metric.RATINGS)) {
                // the channel's, of the segment's conversations
                ctes.put("ratings_in_range", SqlResource.load("report-ratings", Map.of("channelFilter", events)));
                fragments.add(new Fragment(Metric.RATINGS, "ratings_in_range GROUP BY period, key").bucket("period").key("key"));
            }
        }

        /** A rate: per period, the rows of {@code cte} ({@code count}) and those that meet {@code condition} ({@code value}). */
        private void rate(Metric m, String cte, String condition) {
            fragments.add(new Fragment(m, cte + " GROUP BY period").bucket("period")
                    .value("count(*) FILTER (WHERE " + condition + ")"));
        }

        private void conversations() {
            // The conversations rollup holds each conversation's start (earliest conversation.started,
            // on this channel for a channel report) and its latest language, kept at ingestion. Its
            // rows of W and P (a million for a month at the default scale) are counted once, by
            // what the wanted metrics group by and no more, so that no metric reads them again: the
            // period, the slot as series() has it (P −2, [from, anchor) −1, then the grid's slots),
            // the start channel, the language, the messages and whether the conversation crosses an
            // edge of W. No conversation ids here: only the few that cross an edge of W need theirs
            // (messagesPerConversation).
            boolean buckets = q.wants(Metric.CONVERSATIONS, Part.BUCKETS);
            if (buckets) {
                bucketGrid();
            }
            List<String> columns = new ArrayList<>(List.of(period("start_ts") + " AS period"));
            if (buckets) {
                columns.add(slot("start_ts") + " AS slot");
            }
            if (q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                columns.add("start_channel AS channel_id");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                columns.add("language");
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                columns.add("messages");
                columns.add("coalesce(first_message_ts < :from OR last_message_ts > :to, false) AS crossing");
            }
            ctes.put("conversations_in_range", """
                    SELECT %s,
                           count(*) AS n
                    FROM conversations
                    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :conversationsFrom AND :to%s
                    GROUP BY ALL""".formatted(String.join(",\n       ", columns), segment.restrict("conversation_id")));
            params.put("conversationsFrom", rangeFrom(Metric.CONVERSATIONS));
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                // counted by slot (or period) already; keyed by start channel for the channel types
                branches.add(branch("cv", buckets ? "slot" : "period",
                        q.wants(Metric.CONVERSATION_CHANNEL_TYPES) ? "channel_id" : "NULL", "NULL", "n", "n", "conversations_in_range"));
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                branches.add(branch("cvl", "NULL", "language", "NULL", "n", "NULL", "conversations_in_range WHERE period = 0"));
            }
        }

        /**
         * The conversation metrics from the rows {@code event_rollups} keeps of the conversations
         * rollup (V14): per start span, the rows of the view ({@code :rollupChannel}: the channel,
         * or {@code ''} for all) counted by start channel ({@code cv}, hours and days: the count's
         * buckets and P need hours), by language ({@code cvl}, days) and by their number of
         * messages ({@code cvm}, days). What the spans do not cover is read from the conversations
         * rows themselves, as for the event metrics ({@link RollupPlan}): the conversations rows of
         * a month become a few thousand rows.
         */
        private void conversationsFromRollups() {
            if (q.wants(Metric.CONVERSATIONS) || q.wants(Metric.CONVERSATION_CHANNEL_TYPES)) {
                // keyed by start channel: the channel types count the rows of W per channel, then by type
                long from = q.wants(Metric.CONVERSATIONS) ? rangeFrom(Metric.CONVERSATIONS) : q.from();
                series(Metric.CONVERSATIONS, "cv"); // first: the rows take their slots from it
                long[] cuts = cuts(Metric.CONVERSATIONS);
                rows(plan(from, cuts, true), cuts, CONVERSATIONS, "cv", "start_channel", "NULL", "1", "");
            }
            if (q.wants(Metric.CONVERSATION_LANGUAGES)) {
                rows(RollupPlan.ofWindow(q.from(), q.to()), CONVERSATIONS, "cvl", "language", "NULL", "NULL", "");
            }
            if (q.wants(Metric.MESSAGES_PER_CONVERSATION)) {
                rows(RollupPlan.ofWindow(q.from(), q.to()), CONVERSATIONS, "cvm", "NULL", "messages", "NULL", "");
            }
        }

        /**
         * The rollup counts each conversation's messages at any time (on the channel, for a channel
         * report), with the first and last time. A conversation whose messages all lie in W needs
         * nothing more; for the few that cross an edge of W (long ones, or ones with messages
         * before their start), the messages outside W are counted and taken off. Those lie between
         * the earliest first message and {@code from}, and between {@code to} and the latest last
         * message of the crossing conversations: two short ranges the zone maps find quickly, as
         * their bounds are constants ({@link ConversationReach}, checked by the {@link DuckDbReportStore#REACH} row). From the
         * rollups, every conversation started in W counts at its whole count ({@code cvm}), so a
         * crossing one is taken off at that count and added at its count in W.
         *
         * <p>With {@link #exact} bounds, a side of W whose range is empty has no crossing
         * conversation, and its scans are left out; with neither side, every conversation started
         * in W has all its messages in W, and the rollups' whole counts are the answer.
         */
        private void messagesPerConversation() {
            boolean before = !exact || reachesBefore(crossing, q);
            boolean after = !exact || reachesAfter(crossing, q);
            if (!before && !after) {
                if (!useRollups) {
                    branches.add(branch("cvm", "NULL", "NULL", "messages", "n", "NULL", "conversations_in_range WHERE period = 0"));
                }
                return;
            }
            // (first < from OR last > to) as two disjoint branches: a comparison with a constant is a
            // filter of the scan, so the conversation ids are read for the crossing rows only
            String inW = """
                    SELECT conversation_id, messages, first_message_ts, last_message_ts FROM conversations
                    WHERE chatbot_key = :chatbotKey AND chatbot_id = :chatbot AND channel_id = :rollupChannel AND start_ts BETWEEN :from AND :to\
                    """ + segment.restrict("conversation_id") + "\n";
            List<String> crossingSides = new ArrayList<>();
            List<String> outsideSides = new ArrayList<>();
            if (before) {
                params.put("outsideFrom", crossing[0]);
                crossingSides.add(inW + "  AND first_message_ts < :from");
                outsideSides.add("""
                        SELECT conversation_id FROM messages
                              WHERE chatbot_no = :chatbotNo%1$s AND ts < :from AND ts >= :outsideFrom
                                AND conversation_id IN (SELECT conversation_id FROM %2$s WHERE first_message_ts < :from)""");
            }
            if (after) {
                params.put("outsideTo", crossing[1]);
                crossingSides.add(inW + "  AND last_message_ts > :to" + (before ? " AND (first_message_ts >= :from OR first_message_ts IS NULL)" : ""));
                outsideSides.add("""
                        SELECT conversation_id FROM messages
                              WHERE chatbot_no = :chatbotNo%1$s AND ts > :to AND ts <= :outsideTo
                                AND conversation_id IN (SELECT conversation_id FROM %2$s WHERE last_message_ts > :to)""");
            }
            ctes.put(CROSSING, String.join("\nUNION ALL\n", crossingSides));
            ctes.put("messages_outside_w", """
                    SELECT conversation_id, count(*) AS n
                    FROM (%s)
                    GROUP BY conversation_id""".formatted(String.join("\n      UNION ALL\n      ", outsideSides).formatted(channel, CROSSING)));
            // the others' counts as they are (from the rollups: cvm, conversationsFromRollups), the
            // crossing ones' less their messages outside W
            if (useRollups) {
                branches.add(branch("cvm", "NULL", "NULL", "messages", "-1", "NULL", "conversations_crossing_w"));
            } else {
                branches.add(branch("cvm", "NULL", "NULL", "messages", "n", "NULL",
                        "conversations_in_range WHERE period = 0 AND NOT crossing"));
            }
            branches.add(branch("cvm", "NULL", "NULL", "cv.messages - coalesce(o.n, 0)", "1", "NULL", """
                    conversations_crossing_w cv
                    LEFT JOIN messages_outside_w o ON o.conversation_id = cv.conversation_id"""));
        }

        /** The CTE of the conversations started in W that have messages outside it ({@link #messagesPerConversation}). */
        private static final String CROSSING = "conversations_crossing_w";

        /** A {@code SELECT} of the row columns ({@link #metricRows}) of metric {@code code}: the other arguments are SQL expressions, {@code from} what follows {@code FROM}. */
        private static String branch(String code, String slot, String key, String num, String n, String v, String from) {
            // no casts: UNION ALL gives each column the widest type of its branches; the outer SELECT casts once
            return "SELECT '" + code + "' AS metric, " + as(slot, "slot") + ", " + as(key, "key") + ", "
                    + as(num, "num") + ", " + as(n, "n") + ", " + as(v, "v") + "\nFROM " + from;
        }

        private static String as(String expression, String column) {
            return expression.equals(column) ? column : expression + " AS " + column;
        }

        private void calls() {
            if (q.wants(Metric.CALL_SECONDS)) {
                inRange(Metric.CALL_SECONDS, "calls", "call", "NULL", "NULL", "duration_seconds", "");
            }
            if (q.wants(Metric.CALL_DURATION)) {
                inW("calls", "cdur", "NULL", "duration_seconds", "NULL", "");
            }
            if (q.wants(Metric.CALL_USER_INPUTS)) {
                inW("calls", "cin", "NULL", "user_inputs", "NULL", "");
            }
            if (q.wants(Metric.CALL_EXIT_STEPS)) {
                inW("calls", "cexit", "exit_step", "NULL", "NULL", "");
            }
            if (q.wants(Metric.CALL_END_REASONS)) {
                inW("calls", "cend", "end_reason", "NULL", "NULL", "");
            }
            if (q.wants(Metric.CALL_TRANSFER_TARGETS)) {
                inW("calls", "ctr", "transfer_target", "NULL", "NULL", " AND transfer_target IS NOT NULL");
            }
        }

        /** The columns of an event table that the metrics over W alone read from its events. */
        private static final Map<String, String> EDGE_COLUMNS = Map.of(
                "messages", "ts, direction, length",
                "intents", "ts, intent, score",
                "steps", "ts, step_id",
                "calls", "ts, duration_seconds, user_inputs, end_reason, exit_step, transfer_target");

        /**
         * The rows {@link #rows} of a metric over W alone: no bucket or period cuts it, so a day W
         * cuts may come from its row less the events outside W ({@link RollupPlan#ofWindow}).
         */
        private void inW(String table, String code, String rawKey, String rawNum, String rawV, String rawFilter) {
            boolean hourly = EventRollups.hourly(code);
            RollupPlan plan = hourly || !useRollups ? plan(q.from(), new long[0], hourly) : RollupPlan.ofWindow(q.from(), q.to());
            List<RollupPlan.Events> scanned = plan.events().stream().filter(r -> !noRowFrom(table, r.from())).toList();
            if (hourly || scanned.isEmpty()) { // rows() leaves out the ranges no row lies in
                rows(plan, eventsOf(table), code, rawKey, rawNum, rawV, rawFilter);
                return;
            }
            // every W-only metric of a table without hour rows has this same plan: its events are read once, for all of them
            String edges = table + "_edges_of_w";
            rangesLeftOut += plan.events().size() - scanned.size();
            if (!ctes.containsKey(edges)) {
                List<String> scans = new ArrayList<>();
                for (RollupPlan.Events r : scanned) {
                    scans.add("SELECT " + EDGE_COLUMNS.get(table) + ", " + r.sign() + " AS sign FROM " + table
                            + " WHERE chatbot_no = :chatbotNo" + events
                            + " AND ts BETWEEN " + bind(table + "_edges_lo", r.from()) + " AND " + bind(table + "_edges_hi", r.to()));
                }
                ctes.put(edges, String.join("\nUNION ALL\n", scans));
            }
            rows(plan, eventsOf(edges), code, rawKey, rawNum, rawV, rawFilter);
        }

        /** The rows {@link #rows} of a series over [rangeFrom, to], cut at {@code from} and, when its buckets are wanted, at every bucket start. */
        private void inRange(Metric m, String table, String code, String rawKey, String rawNum, String rawV, String rawFilter) {
            series(m, code); // first: the rows take their slots from it
            long[] cuts = cuts(m);
            rows(plan(rangeFrom(m), cuts, EventRollups.hourly(code)), cuts, eventsOf(table), code, rawKey, rawNum, rawV, rawFilter);
        }

        /**
         * Where the rows of a metric come from: the rows of {@code table} by their time column
         * {@code time}, of the chatbot and {@code scope}, and the {@code event_rollups} rows of the
         * chatbot and {@code rollupScope}. A table ending in {@code _edges_of_w} holds the events of
         * the plan's ranges already, with their sign ({@link #inW}).
         */
        private record Source(String table, String time, String chatbot, String scope, String rollupScope) {

            boolean edges() {
                return table.endsWith("_edges_of_w");
            }
        }

        /** The conversations rows of the view ({@code ''}: all channels), by their start. */
        private static final Source CONVERSATIONS = new Source("conversations", "start_ts", "chatbot_id = :chatbot",
                " AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel", " AND channel_id = :rollupChannel");

        /** The events of {@code table} on the channel asked for and in the segment. */
        private Source eventsOf(String table) {
            return new Source(table, "ts", "chatbot_no = :chatbotNo", events, channel);
        }

        /**
         * The rows ({@link #metricRows}) of one metric, tagged with its {@code code}: one per row of
         * the source in the plan's event ranges ({@code n} = 1), one per row in its ranges taken off
         * ({@code n} = −1, {@code v} negated), as {@link #branches}; and the condition on the
         * {@code event_rollups} rows of metric {@code code} of its whole hours and days
         * ({@code n} rows each), which {@link #rollupRows} reads with every other metric's.
         * {@code key} and {@code num} are what the metric groups by, {@code v} what a series sums.
         */
        private void rows(RollupPlan plan, Source source, String code, String rawKey, String rawNum, String rawV, String rawFilter) {
            rows(plan, null, source, code, rawKey, rawNum, rawV, rawFilter);
        }

        /**
         * As {@link #rows(RollupPlan, Source, String, String, String, String, String)}, for a series
         * cut at {@code cuts} (null: not a series): a range of events that is the start of an hour
         * up to a time after which its table has no row ({@link #openHour}) comes from that hour's
         * rollup rows instead, read in this statement ({@link #openRollups}), not in the kept one.
         */
        private void rows(RollupPlan plan, long[] cuts, Source source, String code, String rawKey, String rawNum, String rawV, String rawFilter) {
            if (source.edges()) { // the events of the plan's ranges, read once for the table (inW), with their sign
                branches.add(sourceRows(source, code, rawKey, rawNum, rawV, "sign")
                        + (rawFilter.isEmpty() ? "" : " WHERE" + rawFilter.substring(" AND".length())));
            } else {
                for (RollupPlan.Events r : plan.events()) {
                    if (noRowFrom(source.table(), r.from())) {
                        rangesLeftOut++;
                        continue;
                    }
                    if (cuts != null && rawFilter.isEmpty() && "1".equals(rawV) && "NULL".equals(rawNum) && settledHour(source.table(), r)) {
                        long hour = Math.floorDiv(r.from(), EventRollups.HOUR) * EventRollups.HOUR;
                        String sql = "SELECT " + source.time() + ", " + rawKey + " FROM " + source.table() + " WHERE " + source.chatbot()
                                + source.scope() + " AND " + source.time() + " BETWEEN :hour_from AND :hour_to ORDER BY 1";
                        Map<String, Object> values = new HashMap<>(paramsOf(sql));
                        values.put("hour_from", hour);
                        values.put("hour_to", hour + EventRollups.HOUR - 1);
                        edges.add(new EdgeRange(code, new Sql(sql, Map.copyOf(values)), hour, r.from(), r.to(), r.sign(),
                                gridSeries.contains(code)));
                        continue;
                    }
                    if (rawFilter.isEmpty() && openHour(r, cuts, source.table(), code)) {
                        RollupPlan hour = new RollupPlan(List.of(), List.of(new long[] {r.from(), r.from() + EventRollups.HOUR - 1}), List.of(), List.of());
                        openRollups.add("(metric = '" + code + "'" + source.rollupScope() + " AND (" + hour.grains(code + "_open", this::bind) + "))",
                                hour.envelope());
                        openHours++;
                        continue;
                    }
                    String lo = bind(code + "_events_lo", r.from());
                    String hi = bind(code + "_events_hi", r.to());
                    branches.add(sourceRows(source, code, rawKey, rawNum, rawV, Integer.toString(r.sign())) + " WHERE " + source.chatbot()
                            + source.scope() + " AND " + source.time() + " BETWEEN " + lo + " AND " + hi + rawFilter);
                }
            }
            String grains = plan.grains(code, this::bind);
            if (grains != null) {
                boolean series = gridSeries.contains(code) || periodSeries.contains(code);
                (series ? seriesRollups : windowRollups).add("(metric = '" + code + "'" + source.rollupScope() + " AND (" + grains + "))",
                        plan.envelope());
                hoursUpTo = Math.max(hoursUpTo, plan.upTo(EventRollups.HOUR));
                daysUpTo = Math.max(daysUpTo, plan.upTo(EventRollups.DAY));
            }
        }

        /**
         * Whether the events of range {@code r} of a series cut at {@code cuts} are exactly those of
         * the rollup rows of the hour it starts: it adds them, starts an hour and ends in it, no cut
         * lies in it but at its start (so every event of it has the hour's slot), and no row of
         * {@code table} lies after its end ({@link #noRowFrom}), so the hour's rows hold no event
         * outside it. That is the open hour of a live window; its rows change at every commit, so
         * they are read with the rest, not kept.
         */
        private boolean openHour(RollupPlan.Events r, long[] cuts, String table, String code) {
            if (cuts == null || !useRollups || r.sign() != 1 || !EventRollups.hourly(code)
                    || Math.floorMod(r.from(), EventRollups.HOUR) != 0 || r.to() >= r.from() + EventRollups.HOUR
                    || !noRowFrom(table, r.to() + 1)) {
                return false;
            }
            for (long cut : cuts) {
                if (cut > r.from() && cut <= r.to()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the range {@code r} of a series' events lies in one hour of {@code table} that is
         * settled ({@link #settled}), whose events are kept between reports ({@link HourEvents}):
         * counted from them, a range costs no scan, where a scan costs a statement's planning and
         * the row groups it reads however few of their rows are in the range (the ranges a report
         * takes off its previous period's first hour, or reads where {@code from} cuts an hour).
         * Only tables whose rows count 1 each: a call's seconds are summed as decimals in SQL.
         */
        private boolean settledHour(String table, RollupPlan.Events r) {
            int i = LatestEvents.indexOf(table);
            long hour = Math.floorDiv(r.from(), EventRollups.HOUR) * EventRollups.HOUR;
            return settled != null && useRollups && i >= 0 && !table.equals("calls") && Math.floorDiv(r.to(), EventRollups.HOUR) * EventRollups.HOUR == hour
                    && settled[i] != Long.MIN_VALUE && hour + EventRollups.HOUR <= settled[i];
        }

        /**
         * Whether no row of {@code table} lies at or after {@code from}: the chatbot's latest time
         * there is earlier ({@link #latest}). The time is the one its ranges are on: the start of a
         * {@code conversations} row, the {@code ts} of an event's.
         */
        private boolean noRowFrom(String table, long from) {
            int i = LatestEvents.indexOf(table);
            return latest != null && i >= 0 && latest[i] < from;
        }

        /** {@code SELECT … FROM table} of the rows {@link #rows} of a source's own rows, each counting {@code sign} (1, or −1 for one taken off). */
        private String sourceRows(Source source, String code, String rawKey, String rawNum, String rawV, String sign) {
            String negated = "1".equals(sign) || "NULL".equals(rawV) ? "" : " * " + sign;
            return branch(code, slotOf(code, source.time()), rawKey, rawNum, sign, rawV + negated, source.table());
        }

        private RollupPlan plan(long from, long[] cuts, boolean hours) {
            return useRollups ? RollupPlan.of(from, q.to(), cuts, hours, true) : RollupPlan.rawOnly(from, q.to());
        }

        /** Binds {@code value} under a new name that starts with {@code stem}; the name as written in SQL. */
        private String bind(String stem, long value) {
            int i = 0;
            while (params.containsKey(stem + i)) {
                i++;
            }
            params.put(stem + i, value);
            return ":" + stem + i;
        }

        /** Where a series' rows are cut: at {@code from} and, when its buckets are wanted, at every bucket start. */
        private long[] cuts(Metric series) {
            return q.wants(series, Part.BUCKETS)
                    ? q.bucketStarts().stream().mapToLong(Long::longValue).toArray() // the first is from
                    : new long[] {q.from()};
        }

        /** The first time a series' rows must cover: the previous period's start when it is wanted. */
        private long rangeFrom(Metric series) {
            return q.wants(series, Part.PREVIOUS) ? q.previousFrom() : q.from();
        }

        /** The period of a row at {@code ts}: −1 (P) before {@code from}, else 0 (W). */
        private static String period(String ts) {
            return "CASE WHEN " + ts + " < :from THEN -1 ELSE 0 END";
        }

        /**
         * The slot on the bucket grid (see {@link #series}) of a row at {@code ts}: −2 in P (before
         * {@code from}), −1 in [from, anchor), then the grid's slots.
         */
        private static String slot(String ts) {
            return "CASE WHEN " + ts + " < :from THEN -2 WHEN " + ts + " < :anchor THEN -1 ELSE (" + ts + " - :anchor) // :grain END";
        }

        /**
         * Counts the rows of series {@code m} (metric code {@code code}) per bucket when its buckets
         * are wanted, else per period (W or P); {@link #metricRows} sums them per key too.
         *
         * <p>Buckets: the rows are aggregated into slots of a grid that every bucket start after the
         * first lies on (anchor = the second bucket start, grain = the greatest common divisor of
         * the later starts' distances from it: the interval without a zone, usually an hour or half
         * an hour with one, never less than a second); Java maps those few aggregates to buckets
         * ({@link DuckDbReportStore#bucketOf}). Rows in [from, anchor) are bucket 0; rows of P are
         * slot −2, bucket −1. So the mapping is exact for any zone, and its cost does not grow with
         * the number of events.
         */
        private void series(Metric m, String code) {
            if (q.wants(m, Part.BUCKETS)) {
                bucketGrid();
                gridSeries.add(code);
            } else {
                periodSeries.add(code);
            }
        }

        /** Binds the bucket grid (see {@link #series}). */
        private void bucketGrid() {
            BucketGrid g = BucketGrid.of(q.bucketStarts(), q.to()); // one bucket: the anchor is after W, every row is slot −1
            params.put("anchor", g.anchor());
            params.put("grain", g.grain());
        }
    }

    /**
     * The code of each metric's rows but the quality KPIs' ({@link #metricRows}): the code of its
     * {@code event_rollups} rows ({@link EventRollups}). The channel types count the conversations'
     * rows ({@code cv}), which are keyed by start channel.
     */
    private static final Map<Metric, String> CODES = Map.ofEntries(
            Map.entry(Metric.CONVERSATIONS, "cv"), Map.entry(Metric.CONVERSATION_CHANNEL_TYPES, "cv"),
            Map.entry(Metric.CONVERSATION_LANGUAGES, "cvl"), Map.entry(Metric.MESSAGES_PER_CONVERSATION, "cvm"),
            Map.entry(Metric.MESSAGES, "msg"), Map.entry(Metric.USER_MESSAGE_LENGTH, "len"),
            Map.entry(Metric.INTENTS, "int"), Map.entry(Metric.INTENT_SCORE, "isc"), Map.entry(Metric.STEPS, "stp"),
            Map.entry(Metric.INTERACTIONS, "ia"), Map.entry(Metric.CALL_SECONDS, "call"), Map.entry(Metric.CALL_DURATION, "cdur"),
            Map.entry(Metric.CALL_USER_INPUTS, "cin"), Map.entry(Metric.CALL_EXIT_STEPS, "cexit"),
            Map.entry(Metric.CALL_END_REASONS, "cend"), Map.entry(Metric.CALL_TRANSFER_TARGETS, "ctr"));

    /** The tags of the rows that carry a label: a step id's name, a channel's type (its {@code key} and {@code label}). */
    private static final String STEP_LABELS = "stp_label";
    private static final String CHANNEL_TYPES = "cv_type";
    /**
     * The tag of the row with the bounds of the messages outside W of the conversations started in W
     * and crossing its edges: the earliest first message in {@code count}, the latest last message
     * in {@code bucket} ({@link #compute}).
     */
    private static final String REACH = "cv_reach";

    private static ReportData assemble(ReportQuery q, List<Row> rows) {
        Map<String, List<Row>> byTag = new HashMap<>();
        for (Row r : rows) {
            byTag.computeIfAbsent(r.tag(), k -> new ArrayList<>()).add(r);
        }
        Map<Metric, Series> series = new EnumMap<>(Metric.class);
        Map<Metric, List<Item>> distributions = new EnumMap<>(Metric.class);
        Map<Metric, Samples> samples = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.Rate> rates = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.GoalRates> goalRates = new EnumMap<>(Metric.class);
        Map<Metric, ReportData.Ratings> ratings = new EnumMap<>(Metric.class);
        for (Metric m : q.metrics().keySet()) {
            List<Row> mine = byTag.getOrDefault(CODES.getOrDefault(m, m.name()), List.of());
            switch (m.kind()) {
                case SERIES -> series.put(m, series(q, m, mine));
                case DISTRIBUTION -> distributions.put(m, m == Metric.CONVERSATION_CHANNEL_TYPES
                        ? channelTypes(q, mine, labels(byTag.get(CHANNEL_TYPES)))
                        : items(mine, m == Metric.STEPS ? labels(byTag.get(STEP_LABELS))::get : key -> null));
                case SAMPLES -> samples.put(m, samples(mine));
                case RATE -> rates.put(m, KpiRows.rate(kpi(mine)));
                case GOAL_RATES -> goalRates.put(m, KpiRows.goalRates(kpi(mine)));
                case RATINGS -> ratings.put(m, KpiRows.ratings(kpi(mine)));
            }
        }
        return new ReportData(series, distributions, samples, rates, goalRates, ratings);
    }

    /** The rows of a KPI in the engine-neutral form {@link KpiRows} assembles (r_bucket −1: P, 0: W; value: those counted). */
    private static List<KpiRows.Row> kpi(List<Row> rows) {
        return rows.stream().map(r -> new KpiRows.Row(r.bucket() < 0, r.key(), r.count(),
                r.value() == null ? 0 : Math.round(r.value()))).toList();
    }

    /** The label of each key, from the rows of a label's tag (none: no label). */
    private static Map<String, String> labels(List<Row> rows) {
        Map<String, String> labels = new HashMap<>();
        if (rows != null) {
            rows.forEach(r -> labels.put(r.key(), r.label()));
        }
        return labels;
    }

    /** The keys with their number of events and label; a key whose events all lie outside W (taken off a day's row) is none of W's. */
    private static List<Item> items(List<Row> perKey, Function<String, String> label) {
        return perKey.stream().filter(r -> r.count() > 0).map(r -> new Item(r.key(), r.count(), label.apply(r.key()))).toList();
    }

    /**
     * The conversations started in W by the type of their start channel: per start channel first
     * (a handful of rows per bucket), then by the channel's current type ({@code types}; none for
     * a channel no longer registered).
     */
    private static List<Item> channelTypes(ReportQuery q, List<Row> conversations, Map<String, String> types) {
        int firstOfW = q.wants(Metric.CONVERSATIONS, Part.BUCKETS) ? -1 : 0; // P is slot −2, or period −1
        Map<String, Long> perChannel = new HashMap<>();
        for (Row r : conversations) {
            if (r.bucket() >= firstOfW) {
                perChannel.merge(r.key(), r.count(), Long::sum);
            }
        }
        Map<String, Long> perType = new HashMap<>();
        perChannel.forEach((channel, n) -> {
            if (n > 0) {
                perType.merge(types.get(channel), n, Long::sum);
            }
        });
        return perType.entrySet().stream().map(e -> new Item(e.getKey(), e.getValue(), null)).toList();
    }

    /** The median of the samples, given as one row per distinct value (its {@code num}) with their number ({@code count}). */
    private static Samples samples(List<Row> perValue) {
        List<Row> present = perValue.stream().filter(r -> r.count() > 0).toList(); // a value whose samples all lie outside W is none of W's
        double[] values = new double[present.size()];
        long[] counts = new long[present.size()];
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = present.get(i).num();
            counts[i] = present.get(i).count();
            n += counts[i];
        }
        return new Samples(Percentile.ofUnorderedCounts(values, counts, Percentile.MEDIAN), n);
    }

    /** The bucket of a series row: −1 for P (slot −2), 0 for slot −1, else the last bucket starting at or before the slot's start. */
    private static int bucketOf(long slot, BucketGrid grid, List<Long> starts) {
        if (slot == -2) {
            return -1;
        }
        if (slot == -1) {
            return 0;
        }
        long t = grid.anchor() + slot * grid.grain();
        int i = Collections.binarySearch(starts, t);
        return i >= 0 ? i : -i - 2;
    }

    /** Rows in an order of their own: DuckDB returns them in any order, and sums of doubles depend on it. */
    private static final Comparator<Row> BY_BUCKET_AND_KEY = Comparator
            .comparing(Row::bucket, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
            .thenComparing(Row::key, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    private static Series series(ReportQuery q, Metric m, List<Row> unordered) {
        List<Row> rows = unordered.stream().sorted(BY_BUCKET_AND_KEY).toList(); // one order, so one answer to the last bit
        double total = 0;
        double previous = 0;
        long events = 0;
        Map<String, Long> byKey = new HashMap<>();
        double[] buckets = new double[q.wants(m, Part.BUCKETS) ? q.bucketStarts().size() : 0];
        BucketGrid grid = buckets.length > 0 ? BucketGrid.of(q.bucketStarts(), q.to()) : null;
        for (Row r : rows) {
            double value = r.value() == null ? 0 : r.value();
            int bucket = grid == null ? r.bucket().intValue() : bucketOf(r.bucket(), grid, q.bucketStarts());
            if (bucket < 0) {
                previous += value;
                continue;
            }
            total += value;
            events += r.count();
            if (r.key() != null && m != Metric.CONVERSATIONS) { // a conversation's key is its start channel, for the channel types
                byKey.merge(r.key(), r.count(), Long::sum);
            }
            if (buckets.length > 0) {
                buckets[bucket] += value;
            }
        }
        return new Series(total, events, byKey, Arrays.stream(buckets).boxed().toList(), previous);
    }
}
