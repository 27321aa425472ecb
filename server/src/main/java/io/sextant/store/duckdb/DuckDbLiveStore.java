package io.sextant.store.duckdb;

import io.sextant.store.LiveStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The live view on DuckDB: one statement ({@code live.sql}) over the last hour of every event table.
 * Each table starts with (chatbot_no, ts) and is appended in that order per commit group, so the
 * row-group zone maps let the scan skip all but the chatbot's recent rows.
 */
final class DuckDbLiveStore implements LiveStore {

    private static final String ALL = sql(false);
    private static final String OF_CHANNEL = sql(true);

    private final JdbcClient jdbc;
    private final ChatbotNumbers.Lookup chatbotNos = new ChatbotNumbers.Lookup();

    DuckDbLiveStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String sql(boolean channel) {
        String filter = channel ? " AND channel_id = :channel" : "";
        UnaryOperator<String> recent = table -> "SELECT conversation_id, ts FROM " + table
                + " WHERE chatbot_no = :chatbotNo AND ts BETWEEN :first AND :last" + filter;
        return SqlResource.load("live", Map.of(), Map.of("recent", recent));
    }

    @Override
    public LiveData live(LiveQuery q) {
        Map<String, Object> params = new HashMap<>();
        params.put("chatbotNo", chatbotNos.of(q.chatbotId(), jdbc));
        params.put("first", q.firstMinute());
        params.put("last", q.firstMinute() + q.minutes() * 60_000L - 1);
        params.put("activeAfter", q.activeAfter());
        params.put("now", q.activeUntil());
        if (q.channelId() != null) {
            params.put("channel", q.channelId());
        }
        long[] active = {0};
        long[] perMinute = new long[q.minutes()];
        jdbc.sql(q.channelId() == null ? ALL : OF_CHANNEL).params(params).query((RowCallbackHandler) rs -> {
            long minute = rs.getLong("minute");
            if (minute < 0) {
                active[0] = rs.getLong("n");
            } else {
                perMinute[(int) minute] = rs.getLong("n");
            }
        });
        List<Long> counts = new ArrayList<>(perMinute.length);
        Arrays.stream(perMinute).forEach(counts::add);
        return new LiveData(active[0], counts);
    }
}
