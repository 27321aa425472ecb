package io.sextant.store.duckdb;

import io.sextant.store.InboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

final class DuckDbInboxStore implements InboxStore {

    private static final String RELEVANT = "opened_at <= :to AND (closed_at IS NULL OR closed_at >= :from)";

    private static final String THREADS = "WITH " + InboxThreadsSql.ctes(RELEVANT)
            + " SELECT channel_id, opened_at, closed_at, first_response_at, first_responder FROM threads";

    private static final String THREADS_OF_CHANNEL = "WITH " + InboxThreadsSql.ctes(RELEVANT + " AND channel_id = :channel")
            + " SELECT channel_id, opened_at, closed_at, first_response_at, first_responder FROM threads";

    /** Per agent, in {@code inbox-agents.sql}: of all channels, or of {@code :channel}. */
    private static final String AGENTS = SqlResource.load("inbox-agents", Map.of("channelFilter", ""));
    private static final String AGENTS_OF_CHANNEL = SqlResource.load("inbox-agents", Map.of("channelFilter", "AND channel_id = :channel"));

    private final JdbcClient jdbc;

    DuckDbInboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void threads(String chatbotId, String channelId, long from, long to, Consumer<InboxThread> sink) {
        var spec = jdbc.sql(channelId == null ? THREADS : THREADS_OF_CHANNEL)
                .param("chatbot", chatbotId).param("from", from).param("to", to);
        if (channelId != null) {
            spec = spec.param("channel", channelId);
        }
        spec.query((RowCallbackHandler) rs ->
                sink.accept(new InboxThread(rs.getString(1), rs.getLong(2), nullableLong(rs, 3), nullableLong(rs, 4), rs.getString(5))));
    }

    @Override
    public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to) {
        var spec = jdbc.sql(channelId == null ? AGENTS : AGENTS_OF_CHANNEL)
                .param("chatbot", chatbotId).param("from", from).param("to", to);
        if (channelId != null) {
            spec = spec.param("channel", channelId);
        }
        return spec.query((rs, i) -> new AgentCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
