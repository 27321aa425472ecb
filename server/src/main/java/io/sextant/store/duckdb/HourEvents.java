package io.sextant.store.duckdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of one settled hour of a series' source, as a report counts them: their times, sorted,
 * and the key each is counted by (a message's direction, a conversations row's start channel; none
 * for interactions). Kept between reports ({@link KeptRollupRows}) so that a range of events inside
 * the hour costs no scan: a report takes its previous period's first milliseconds off that hour's
 * rollup row, and a window that starts inside an hour reads the rest of it, at every request of a
 * live dashboard, whose window moves by the time between two requests. A scan of a few
 * milliseconds costs a statement of its own to plan and the row groups it reads in whole, however
 * few of their rows are in the range (docs/reports.md, "Kept rollup rows").
 *
 * @param times the rows' times, ascending
 * @param keys per row the index of its key in {@code names}
 * @param names the distinct keys (one may be null)
 */
record HourEvents(long[] times, int[] keys, String[] names) {

    /** Receives an event of a range: its time and its key. */
    interface Sink {
        void accept(long time, String key);
    }

    /** The rows of {@code sql}, a {@code SELECT} of a time and a key ordered by the time. */
    static HourEvents read(JdbcClient jdbc, String sql, Map<String, Object> params) {
        List<long[]> rows = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        jdbc.sql(sql).params(params).query((RowCallbackHandler) rs -> {
            String key = rs.getString(2);
            Integer k = index.get(key);
            if (k == null) {
                k = names.size();
                index.put(key, k);
                names.add(key);
            }
            rows.add(new long[] {rs.getLong(1), k});
        });
        long[] times = new long[rows.size()];
        int[] keys = new int[rows.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = rows.get(i)[0];
            keys[i] = (int) rows.get(i)[1];
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalStateException("the hour's rows are not in time order: " + sql);
            }
        }
        return new HourEvents(times, keys, names.toArray(String[]::new));
    }

    /** The number of rows. */
    int size() {
        return times.length;
    }

    /** Each row whose time lies in [{@code from}, {@code to}], in time order. */
    void forEach(long from, long to, Sink sink) {
        for (int i = firstAtOrAfter(from); i < times.length && times[i] <= to; i++) {
            sink.accept(times[i], names[keys[i]]);
        }
    }

    /** The index of the first row at or after {@code time} ({@link #size} when none is). */
    private int firstAtOrAfter(long time) {
        int i = Arrays.binarySearch(times, time);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] == time) { // the first of equal times
            i--;
        }
        return i;
    }
}
