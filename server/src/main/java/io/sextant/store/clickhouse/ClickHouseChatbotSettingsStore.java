package io.sextant.store.clickhouse;

import io.sextant.store.ChangeLog;
import io.sextant.store.ChatbotSettings;
import io.sextant.store.ChatbotSettingsStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Settings on ClickHouse: the {@code chatbot_settings} table, a replica on every node, read and
 * written on the first live node in configuration order. An update writes the greatest version so
 * far + 1 under the chatbot's ZooKeeper lock, so updates from several API nodes are ordered and none
 * is lost.
 */
final class ClickHouseChatbotSettingsStore implements ChatbotSettingsStore {

    private static final String SELECT = """
            SELECT chatbot_id, fallback_intents, understood_threshold, retention_days, version
            FROM chatbot_settings FINAL""";

    private final ClickHouseHttp ch;
    private final Coordination zk;
    private final ChangeLog changes;
    private final Clock clock;

    ClickHouseChatbotSettingsStore(ClickHouseHttp ch, Coordination zk, ChangeLog changes, Clock clock) {
        this.ch = ch.inOrder();
        this.zk = zk;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public ChatbotSettings settings(String chatbotId) {
        List<ChatbotSettings> found = read(Sql.of(SELECT + " WHERE chatbot_id = ?", chatbotId));
        return found.isEmpty() ? ChatbotSettings.defaults(chatbotId) : found.getFirst();
    }

    @Override
    public ChatbotSettings update(String chatbotId, UnaryOperator<ChatbotSettings> change) {
        ChatbotSettings stored = zk.underChatbotLock(chatbotId, () -> {
            List<JsonNode> rows = ch.rows(Sql.of("SELECT version FROM chatbot_settings FINAL WHERE chatbot_id = ?", chatbotId));
            long version = rows.isEmpty() ? 1 : rows.getFirst().get("version").asLong() + 1;
            ChatbotSettings next = change.apply(settings(chatbotId));
            if (!next.chatbotId().equals(chatbotId)) {
                throw new IllegalArgumentException("the settings of " + chatbotId + " cannot name another chatbot");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chatbot_id", chatbotId);
            row.put("fallback_intents", next.fallbackIntents());
            row.put("understood_threshold", next.understoodThreshold());
            row.put("retention_days", next.retentionDays());
            row.put("updated", clock.millis());
            row.put("version", version);
            ch.insert("chatbot_settings", List.of(row), Map.of());
            return next;
        });
        changes.record(Map.of(chatbotId, ChangeLog.Change.ALL)); // the understood rate depends on them
        return stored;
    }

    @Override
    public List<ChatbotSettings> all() {
        return read(new Sql(SELECT + " ORDER BY chatbot_id"));
    }

    private List<ChatbotSettings> read(Sql sql) {
        List<ChatbotSettings> out = new ArrayList<>();
        ch.query(sql, r -> {
            List<String> intents = new ArrayList<>();
            r.get("fallback_intents").forEach(i -> intents.add(i.asString()));
            JsonNode days = r.get("retention_days");
            out.add(new ChatbotSettings(r.get("chatbot_id").asString(), intents, r.get("understood_threshold").asDouble(),
                    days == null || days.isNull() ? null : days.asInt()));
        });
        return out;
    }
}
