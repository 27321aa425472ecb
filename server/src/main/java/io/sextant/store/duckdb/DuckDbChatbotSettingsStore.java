package io.sextant.store.duckdb;

import io.sextant.store.ChangeLog;
import io.sextant.store.ChatbotSettings;
import io.sextant.store.ChatbotSettingsStore;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Settings in the {@code chatbot_settings} table. This process is the file's only writer, so a lock
 * in it makes every read-change-write of {@link #update} atomic.
 */
final class DuckDbChatbotSettingsStore implements ChatbotSettingsStore {

    private static final String COLUMNS = "chatbot_id, fallback_intents, understood_threshold, retention_days";

    private final JdbcClient jdbc;
    private final ChangeLog changes;
    private final Clock clock;

    DuckDbChatbotSettingsStore(JdbcClient jdbc, ChangeLog changes, Clock clock) {
        this.jdbc = jdbc;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public ChatbotSettings settings(String chatbotId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chatbot_settings WHERE chatbot_id = :chatbot")
                .param("chatbot", chatbotId)
                .query(DuckDbChatbotSettingsStore::map).optional()
                .orElseGet(() -> ChatbotSettings.defaults(chatbotId));
    }

    @Override
    public synchronized ChatbotSettings update(String chatbotId, UnaryOperator<ChatbotSettings> change) {
        ChatbotSettings next = change.apply(settings(chatbotId));
        if (!next.chatbotId().equals(chatbotId)) {
            throw new IllegalArgumentException("the settings of " + chatbotId + " cannot name another chatbot");
        }
        // The list goes in as a DuckDB list literal built from bound values: list_value(?, ?, …).
        String list = next.fallbackIntents().isEmpty() ? "[]::VARCHAR[]"
                : "list_value(" + String.join(", ", next.fallbackIntents().stream().map(i -> "?").toList()) + ")";
        List<Object> params = new java.util.ArrayList<>();
        params.add(chatbotId);
        params.addAll(next.fallbackIntents());
        params.add(next.understoodThreshold());
        params.add(next.retentionDays());
        params.add(clock.millis());
        jdbc.sql("INSERT OR REPLACE INTO chatbot_settings (chatbot_id, fallback_intents, understood_threshold, retention_days, updated) "
                        + "VALUES (?, " + list + ", ?, ?, ?)")
                .params(params).update();
        changes.record(Map.of(chatbotId, ChangeLog.Change.ALL)); // the understood rate depends on them
        return settings(chatbotId);
    }

    @Override
    public List<ChatbotSettings> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chatbot_settings ORDER BY chatbot_id")
                .query(DuckDbChatbotSettingsStore::map).list();
    }

    private static ChatbotSettings map(ResultSet rs, int row) throws SQLException {
        Array intents = rs.getArray("fallback_intents");
        Object[] values = (Object[]) intents.getArray();
        int days = rs.getInt("retention_days");
        Integer retention = rs.wasNull() ? null : days;
        return new ChatbotSettings(rs.getString("chatbot_id"),
                Arrays.stream(values).map(String::valueOf).toList(),
                rs.getDouble("understood_threshold"), retention);
    }
}
