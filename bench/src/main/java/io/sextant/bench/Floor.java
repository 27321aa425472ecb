package io.sextant.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;

/**
 * The floor every latency is compared with: the time DuckDB itself needs for one count over the
 * chatbot-month of messages, in process, on the database file the server wrote (opened read-only
 * after the server stopped, so no lock is shared and nothing new is exposed by the server).
 *
 * @param query the SQL that was timed
 * @param rows the count it returned
 * @param firstMs the first run on a freshly opened database
 * @param medianMs the median of the warm runs after it and {@link #UNTIMED} more: the floor
 */
record Floor(String query, long rows, double firstMs, double medianMs) {

    static final String QUERY = "SELECT count(*) FROM messages WHERE chatbot_id = ? AND ts BETWEEN ? AND ?";

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
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath(), props);
                PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, chatbotId);
            ps.setLong(2, fromMs);
            ps.setLong(3, toMs);
            return time(QUERY, warmRuns, () -> count(ps));
        } catch (SQLException e) {
            throw new IllegalStateException("timing the floor query on " + databaseFile + " failed: " + e.getMessage(), e);
        }
    }

    /** One run of a floor's query: the count it returned. */
    @FunctionalInterface
    interface Run<E extends Exception> {
        long count() throws E;
    }

    /**
     * Times {@code run}: once on a freshly opened store ({@code firstMs}), {@link #UNTIMED} times
     * untimed, then {@code warmRuns} times, whose median is the floor.
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
        return new Floor(query, rows, first, Latencies.percentile(warm, 0.5));
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
