package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;
import io.sextant.store.ExportDataStore.DailyRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells (bucket × channel) of a daily export, folded from the rows of {@code export-daily.sql}
 * {@code (metric, b_start, channel_id, key, value, n, total)}, which come ordered by metric, bucket,
 * channel and value. Counts and sums add up; a median's rows are one per distinct value with its
 * number of samples, so each cell's median is taken off them ({@link Percentile#ofCounts}) when the
 * next cell's rows begin: only the current cell's values are held. Rows of a channel that is not in
 * the grid (an event channel never registered) count nowhere, as the grid's left join had them.
 */
final class DailyCells {

    private static final int CONVERSATIONS = 0;
    private static final int MESSAGES = 1;
    private static final int USER = 2;
    private static final int BOT = 3;
    private static final int AGENT = 4;
    private static final int INTERACTIONS = 5;
    private static final int STEPS = 6;
    private static final int INTENT_HITS = 7;
    private static final int CALLS = 8;
    private static final int OPENED = 9;
    private static final int CLOSED = 10;
    private static final int COUNTS = 11;

    private static final int SCORE = 0;
    private static final int PER_CONVERSATION = 1;
    private static final int LENGTH = 2;
    private static final int DURATION = 3;
    private static final int MEDIANS = 4;

    private final Map<Long, Integer> buckets = new HashMap<>();
    private final Map<String, Integer> channels = new HashMap<>();
    private final int channelCount;
    private final long[][] counts;
    private final double[] callSeconds;
    private final Double[][] medians;

    /** The values of the median being read: its metric, cell (−1: none, or not in the grid), values and counts. */
    private int medianOf = -1;
    private int medianCell = -1;
    private double[] values = new double[64];
    private long[] valueCounts = new long[64];
    private int size;

    DailyCells(List<Long> bucketStarts, List<String> channelIds) {
        for (int i = 0; i < bucketStarts.size(); i++) {
            buckets.put(bucketStarts.get(i), i);
        }
        for (int i = 0; i < channelIds.size(); i++) {
            channels.put(channelIds.get(i), i);
        }
        channelCount = channelIds.size();
        int cells = bucketStarts.size() * channelCount;
        counts = new long[cells][COUNTS];
        callSeconds = new double[cells];
        medians = new Double[cells][MEDIANS];
    }

    /** Folds one row of {@code export-daily.sql}. */
    void add(ResultSet rs) throws SQLException {
        String metric = rs.getString(1);
        Integer bucket = buckets.get(rs.getLong(2));
        Integer channel = channels.get(rs.getString(3));
        int cell = bucket == null || channel == null ? -1 : bucket * channelCount + channel;
        long n = rs.getLong(6);
        int median = switch (metric) {
            case "isc" -> SCORE;
            case "conv" -> PER_CONVERSATION;
            case "len" -> LENGTH;
            case "cdur" -> DURATION;
            default -> -1;
        };
        if (median >= 0) {
            if (median != medianOf || cell != medianCell) {
                flush();
                medianOf = median;
                medianCell = cell;
            }
            if (cell >= 0) {
                value(rs.getDouble(5), n);
            }
        }
        if (cell < 0) {
            return;
        }
        long[] c = counts[cell];
        switch (metric) {
            case "msg" -> {
                c[MESSAGES] += n;
                switch (rs.getString(4)) {
                    case "user" -> c[USER] += n;
                    case "bot" -> c[BOT] += n;
                    case "agent" -> c[AGENT] += n;
                    default -> throw new IllegalStateException("a message of direction " + rs.getString(4));
                }
            }
            case "isc" -> c[INTENT_HITS] += n;
            case "conv" -> c[CONVERSATIONS] += n;
            case "stp" -> c[STEPS] += n;
            case "ia" -> c[INTERACTIONS] += n;
            case "call" -> {
                c[CALLS] += n;
                callSeconds[cell] += rs.getDouble(7);
            }
            case "open" -> c[OPENED] += n;
            case "close" -> c[CLOSED] += n;
            case "len", "cdur" -> { }
            default -> throw new IllegalStateException("export-daily.sql answered the unknown metric " + metric);
        }
    }

    private void value(double v, long n) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            valueCounts = Arrays.copyOf(valueCounts, size * 2);
        }
        values[size] = v;
        valueCounts[size] = n;
        size++;
    }

    /** Takes the median of the values read so far, in ascending order, into their cell. */
    private void flush() {
        if (medianCell >= 0 && size > 0) {
            medians[medianCell][medianOf] = Percentile.ofCounts(Arrays.copyOf(values, size), Arrays.copyOf(valueCounts, size),
                    Percentile.MEDIAN);
        }
        size = 0;
        medianOf = -1;
        medianCell = -1;
    }

    /** After the last row. */
    void finish() {
        flush();
    }

    DailyRow row(int bucket, int channel, long bucketStart, long bucketEnd, String channelId, String name, String type) {
        int cell = bucket * channelCount + channel;
        long[] c = counts[cell];
        Double[] m = medians[cell];
        return new DailyRow(bucketStart, bucketEnd, channelId, name, type, c[CONVERSATIONS], c[MESSAGES], c[USER], c[BOT], c[AGENT],
                c[INTERACTIONS], c[STEPS], c[INTENT_HITS], m[SCORE], m[PER_CONVERSATION], m[LENGTH], c[CALLS], callSeconds[cell],
                m[DURATION], c[OPENED], c[CLOSED]);
    }
}
