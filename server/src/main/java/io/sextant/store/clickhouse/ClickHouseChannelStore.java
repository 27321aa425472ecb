package io.sextant.store.clickhouse;

import io.sextant.store.ChangeLog;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Channels on ClickHouse: the {@code channels} table, a replica on every node, read and written on
 * the first live node in configuration order (so a read sees every write acknowledged before it
 * while that node lives). A channel is the row of its greatest {@code version} (read with
 * {@code FINAL}): an auto-registration from events writes version 0 and only when the channel is
 * missing; a PUT writes the greatest version so far + 1, under the chatbot's ZooKeeper lock, the
 * same lock ingestion holds, so the two are ordered across API nodes.
 *
 * <p>Channels are never deleted, so the channels this node has seen exist are remembered.
 */
final class ClickHouseChannelStore implements ChannelStore {

    private record Key(String chatbotId, String channelId) {}

    private final ClickHouseHttp ch;
    private final Coordination zk;
    private final ChangeLog changes;
    private final Clock clock;
    private final Set<Key> knownChannels = ConcurrentHashMap.newKeySet();

    ClickHouseChannelStore(ClickHouseHttp ch, Coordination zk, ChangeLog changes, Clock clock) {
        this.ch = ch.inOrder();
        this.zk = zk;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public boolean chatbotExists(String chatbotId) {
        return !ch.rows(Sql.of("SELECT 1 AS x FROM channels WHERE chatbot_id = ? LIMIT 1", chatbotId)).isEmpty();
    }

    @Override
    public Optional<Channel> find(String chatbotId, String channelId) {
        List<Channel> found = read(Sql.of("""
                SELECT chatbot_id, channel_id, name, type, number, status, created, updated, version
                FROM channels FINAL WHERE chatbot_id = ? AND channel_id = ?""", chatbotId, channelId));
        return found.stream().findFirst();
    }

    @Override
    public List<Channel> list(String chatbotId) {
        return read(Sql.of("""
                SELECT chatbot_id, channel_id, name, type, number, status, created, updated, version
                FROM channels FINAL WHERE chatbot_id = ? ORDER BY channel_id""", chatbotId));
    }

    @Override
    public Channel put(Metadata m, long now) {
        Channel stored = zk.underChatbotLock(m.chatbotId(), () -> {
            List<JsonNode> rows = ch.rows(Sql.of("""
                    SELECT created, version FROM channels FINAL WHERE chatbot_id = ? AND channel_id = ?""",
                    m.chatbotId(), m.channelId()));
            long created = rows.isEmpty() ? now : rows.getFirst().get("created").asLong();
            long version = rows.isEmpty() ? 1 : rows.getFirst().get("version").asLong() + 1;
            Channel c = new Channel(m.chatbotId(), m.channelId(), m.name(), m.type().wireName(), m.number(), m.status(), created, now);
            ch.insert("channels", List.of(row(c, version)), Map.of());
            return c;
        });
        knownChannels.add(new Key(m.chatbotId(), m.channelId()));
        changes.record(Map.of(m.chatbotId(), ChangeLog.Change.ALL)); // the type the reports show may have changed
        return stored;
    }

    /**
     * Registers as {@code unknown} those of the chatbot's channels that do not exist yet; call it
     * holding the chatbot's lock. Idempotent: a channel that exists is left as it is.
     */
    void registerUnknown(String chatbotId, Collection<String> channelIds) {
        Set<String> unseen = new HashSet<>();
        for (String id : channelIds) {
            if (!knownChannels.contains(new Key(chatbotId, id))) {
                unseen.add(id);
            }
        }
        if (unseen.isEmpty()) {
            return;
        }
        Set<String> existing = new HashSet<>();
        ch.query(Sql.of("SELECT DISTINCT channel_id FROM channels WHERE chatbot_id = ? AND channel_id IN ?", chatbotId, unseen),
                r -> existing.add(r.get("channel_id").asString()));
        long now = clock.millis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : unseen) {
            if (!existing.contains(id)) {
                rows.add(row(new Channel(chatbotId, id, id, ChannelType.UNKNOWN.wireName(), null, null, now, now), 0));
            }
        }
        if (!rows.isEmpty()) {
            ch.insert("channels", rows, Map.of());
        }
        for (String id : unseen) {
            knownChannels.add(new Key(chatbotId, id));
        }
    }

    private List<Channel> read(Sql sql) {
        List<Channel> out = new ArrayList<>();
        ch.query(sql, r -> out.add(new Channel(r.get("chatbot_id").asString(), r.get("channel_id").asString(),
                r.get("name").asString(), r.get("type").asString(), text(r.get("number")), text(r.get("status")),
                r.get("created").asLong(), r.get("updated").asLong())));
        return out;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asString();
    }

    private static Map<String, Object> row(Channel c, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("chatbot_id", c.chatbotId());
        r.put("channel_id", c.id());
        r.put("name", c.name());
        r.put("type", c.type());
        r.put("number", c.number());
        r.put("status", c.status());
        r.put("created", c.created());
        r.put("updated", c.updated());
        r.put("version", version);
        return r;
    }
}
