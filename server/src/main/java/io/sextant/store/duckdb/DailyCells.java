package io.sextant.store.duckdb;

import io.sextant.stats.Percentile;
import io.sextant.store.ExportDataStore.DailyRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells (bucket × channel) of a daily export, folded from the rows of {@code export-daily.sql}
 * {@code (metric, b_start, channel_id, key, n, total, vals, counts)}. Counts and sums add up. A
 * median's row holds the number of its samples, their values and how many samples have each; Java
 * takes the median by the contract's rule ({@link Percentile#ofUnorderedCounts}), here as
 * everywhere. Rows of a
 * channel that is not in the grid (an event channel never registered) count nowhere, as the grid's
 * left join had them.
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
        if (bucket == null || channel == null) {
            return;
        }
        int cell = bucket * channelCount + channel;
        long n = rs.getLong(5);
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
            case "stp" -> c[STEPS] += n;
            case "ia" -> c[INTERACTIONS] += n;
            case "call" -> {
                c[CALLS] += n;
                callSeconds[cell] += rs.getDouble(6);
            }
            case "open" -> c[OPENED] += n;
            case "close" -> c[CLOSED] += n;
            case "isc" -> {
                c[INTENT_HITS] += n;
                medians[cell][SCORE] = median(rs);
            }
            case "conv" -> {
                c[CONVERSATIONS] += n;
                medians[cell][PER_CONVERSATION] = median(rs);
            }
            case "len" -> medians[cell][LENGTH] = median(rs);
            case "cdur" -> medians[cell][DURATION] = median(rs);
            default -> throw new IllegalStateException("export-daily.sql answered the unknown metric " + metric);
        }
    }

    /** The median of the samples of a row: its values (unordered, one may repeat) and how many samples have each. */
    private static Double median(ResultSet rs) throws SQLException {
        Object[] values = (Object[]) rs.getArray(7).getArray();
        Object[] counts = (Object[]) rs.getArray(8).getArray();
        double[] v = new double[values.length];
        long[] c = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = ((Number) values[i]).doubleValue();
            c[i] = ((Number) counts[i]).longValue();
        }
        return Percentile.ofUnorderedCounts(v, c, Percentile.MEDIAN);
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
