package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;

/**
 * THE contract's percentile in DuckDB SQL: the p-quantile by linear interpolation between closest
 * ranks at position pos = p·(n−1) of the values sorted ascending, 0-indexed (the rule is stated,
 * and implemented in Java, by {@link Percentile}). Every percentile and median the store computes
 * is one of the two forms below:
 * <ul>
 * <li>{@link #overCounts}: the values are counted per distinct value first, and the two values
 * around pos are read off the running counts. Much cheaper than sorting when millions of samples
 * hold few distinct values (lengths, counts, scores), as in the reports. It interpolates as the
 * Java reference does, {@code lo + (hi − lo)·(pos − ⌊pos⌋)} in doubles, so the two agree to the
 * last bit.</li>
 * <li>{@link #aggregate}: DuckDB's {@code quantile_cont}, which is the same rule. An aggregate like
 * any other, so it fits queries that group (and {@code FILTER}) many aggregates at once, as the
 * exports' do; it gathers and sorts every value of a group. DuckDB evaluates the interpolation
 * with another order of operations, so for fractional values it may differ from the reference in
 * the last bits (medians of whole numbers below 2^53 agree exactly). No statement of the service
 * uses it any more (the daily export picks each median's two middle values off running counts and
 * interpolates in Java, {@code DailyCells}); {@code DuckDbPercentileTest} keeps it as a yardstick.</li>
 * </ul>
 */
final class DuckDbPercentile {

    private DuckDbPercentile() {}

    /** The aggregate "percentile {@code p} of {@code value}" (integers interpolate as fractions). */
    static String aggregate(String value, double p) {
        return "quantile_cont(CAST(" + value + " AS DOUBLE), " + p(p) + ")";
    }

    /**
     * A query of one row: {@code n}, the number of rows of {@code from}, and {@code x}, the
     * percentile {@code p} of {@code value} over them (null when there are none).
     *
     * <p>With {@code upto} the number of samples up to a distinct value {@code v}, the sample at
     * 0-based position i is the least {@code v} whose {@code upto} exceeds i.
     *
     * @param from the rows, as after {@code FROM}
     */
    static String overCounts(String value, String from, double p) {
        return """
                SELECT n, lo + (hi - lo) * (pos - floor(pos)) AS x
                FROM (SELECT coalesce(max(n), 0) AS n, max(pos) AS pos,
                             min(v) FILTER (WHERE upto > floor(pos)) AS lo, min(v) FILTER (WHERE upto > ceil(pos)) AS hi
                      FROM (SELECT v, sum(c) OVER (ORDER BY v) AS upto, sum(c) OVER () AS n, %s * (sum(c) OVER () - 1) AS pos
                            FROM (SELECT %s AS v, count(*) AS c FROM %s GROUP BY ALL)))""".formatted(p(p), value, from);
    }

    /** p as a DOUBLE literal, so that pos is computed in doubles as by the Java reference. */
    private static String p(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a percentile is of p in [0, 1], not " + p);
        }
        return "CAST(" + p + " AS DOUBLE)";
    }
}
