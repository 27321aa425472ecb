package io.sextant.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The floor every latency is compared with: the time DuckDB itself needs for one scan of the
 * chatbot-month of messages ({@link #QUERY}), in process, on the database file the server wrote (opened read-only
 * after the server stopped, so no lock is shared and nothing new is exposed by the server).
 *
 * <p>It is measured in {@link #ROUNDS} rounds a second apart, each on the file opened afresh, and
 * the floor is the lowest of the rounds' medians. A single round, right after the server stopped,
 * once gave a median of 17.74 ms on a file where twelve rounds in three later processes gave
 * 9.7–13.2 ms (docs/benchmark.md, the floor): a slow round comes from the moment, not from the
 * query, and a floor too high flatters every ratio.
 *
 * @param query the SQL that was timed
 * @param rows the count it returned
 * @param firstMs the first run on a freshly opened database (of the first round)
 * @param medianMs the lowest of the rounds' medians: the floor
 * @param roundMediansMs each round's median of its warm runs, in the order they ran
 */
record Floor(String query, long rows, double firstMs, double medianMs, List<Double> roundMediansMs) {

    /**
     * The scan: every message of the chatbot-month, one column of each read. The event tables name a
     * chatbot by its number since the server's migration V18 (looked up first, {@link #NUMBER}); a
     * number's zone maps are exact, so DuckDB answers a bare {@code count(*)} of a month from the row
     * groups' statistics alone (0.6 ms where the scan takes 2.5-3.2 ms at scale 0.3), which measures
     * no scan at all. Until V18 the floor was that count filtered on the chatbot's id, a string each
     * row was compared with (docs/benchmark.md, 2026-12-07 19:00 UTC).
     */
    static final String QUERY = "SELECT count(*), sum(length) FROM messages WHERE chatbot_no = ? AND ts BETWEEN ? AND ?";

    /** The chatbot's number in the event tables; what the server's reports look up once and keep. */
    static final String NUMBER = "SELECT chatbot_no FROM chatbots WHERE chatbot_id = ?";

    /** Rounds of a floor; DuckDB's each open the file afresh. */
    static final int ROUNDS = 3;

    /** Between two rounds: what passes on the host (a neighbour, a write-back) should spoil one round, not all. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    /**
     * Runs after the first that are not timed: DuckDB reads the row groups back into its buffers
     * over the first few (a run of 2026-12-02 timed 179 ms, then a median of 18.0 ms over 20, where
     * the same file gave 10.9–12.1 ms in three later processes), and a floor that is too high makes
     * every ratio look better than it is.
     */
    static final int UNTIMED = 10;

    static Floor measure(Path databaseFile, String chatbotId, long fromMs, long toMs, int warmRuns) {
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        return lowest(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath(), props);
                    PreparedStatement number = c.prepareStatement(NUMBER);
                    PreparedStatement ps = c.prepareStatement(QUERY)) {
                number.setString(1, chatbotId);
                long chatbotNo;
                try (ResultSet rs = number.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("chatbot " + chatbotId + " has no events in " + databaseFile);
                    }
                    chatbotNo = rs.getLong(1);
                }
                ps.setLong(1, chatbotNo);
                ps.setLong(2, fromMs);
                ps.setLong(3, toMs);
                return time(QUERY, warmRuns, () -> count(ps));
            } catch (SQLException e) {
                throw new IllegalStateException("timing the floor query on " + databaseFile + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** One run of a floor's query: the count it returned. */
    @FunctionalInterface
    interface Run<E extends Exception> {
        long count() throws E;
    }

    /** One round of a floor ({@link #time}): for DuckDB, on the file opened afresh. */
    @FunctionalInterface
    interface Round<E extends Exception> {
        Floor measure() throws E;
    }

    /**
     * Measures {@link #ROUNDS} rounds, {@link #PAUSE} apart: the floor is the lowest of their
     * medians, and the first run is the first round's.
     */
    static <E extends Exception> Floor lowest(Round<E> round) throws E {
        return lowest(round, PAUSE);
    }

    static <E extends Exception> Floor lowest(Round<E> round, Duration pause) throws E {
        List<Floor> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            if (i > 0) {
                Http.pause(pause.toMillis());
            }
            Floor r = round.measure();
            if (!rounds.isEmpty() && r.rows() != rounds.getFirst().rows()) {
                throw new IllegalStateException("the floor's count changed between rounds: " + rounds.getFirst().rows() + ", then " + r.rows());
            }
            rounds.add(r);
        }
        Floor first = rounds.getFirst();
        List<Double> medians = rounds.stream().map(Floor::medianMs).toList();
        return new Floor(first.query(), first.rows(), first.firstMs(), Collections.min(medians), medians);
    }

    /**
     * One round: times {@code run} once on a freshly opened store ({@code firstMs}), {@link
     * #UNTIMED} times untimed, then {@code warmRuns} times, whose median is the round's.
     */
    static <E extends Exception> Floor time(String query, int warmRuns, Run<E> run) throws E {
        long began = System.nanoTime();
        long rows = run.count();
        double first = (System.nanoTime() - began) / 1e6;
        for (int i = 0; i < UNTIMED; i++) {
            run.count();
        }
        long[] warm = new long[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
            long t = System.nanoTime();
            run.count();
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        double median = Latencies.percentile(warm, 0.5);
        return new Floor(query, rows, first, median, List.of(median));
    }

    /** As the results have it: milliseconds rounded as every latency is. */
    BenchmarkResults.FloorResult result() {
        return new BenchmarkResults.FloorResult(query, rows, Latencies.round(firstMs), Latencies.round(medianMs),
                roundMediansMs.stream().map(Latencies::round).toList());
    }

    /** The rounds' medians, as printed: {@code 10.12, 17.74 and 10.40 ms}. */
    String rounds() {
        List<String> each = roundMediansMs.stream().map(ms -> String.format("%.2f", ms)).toList();
        return each.size() == 1 ? each.getFirst() + " ms"
                : String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.getLast() + " ms";
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
