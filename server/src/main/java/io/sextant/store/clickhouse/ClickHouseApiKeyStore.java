package io.sextant.store.clickhouse;

import io.sextant.store.ApiKey;
import io.sextant.store.ApiKeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * API keys on ClickHouse: the {@code api_keys} table, a replica on every node, read and written on
 * the first live node in configuration order. A key is the row of its greatest {@code version}; a
 * revocation writes the key again with {@code revoked_at} and the next version.
 *
 * <p>Every insert and revocation then bumps a ZooKeeper counter whose version is this store's
 * {@link #generation()}: each API node reads it on every authentication (one ZooKeeper read) and
 * reads the keys again when it changed, so a key created or revoked on one node is in force on all
 * of them once the call that made it returned. While ZooKeeper is unreachable the generation is new
 * at every call, so nodes read the keys from ClickHouse at every authentication (exact, slower), and
 * creating or revoking a key answers 503.
 */
final class ClickHouseApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "id, name, permissions, resources, created_at, revoked_at, key_hash, version";

    /** The ZooKeeper counter every create and revocation bumps, so every node reads the keys again. */
    private static final String GENERATION = "api-keys";

    private final ClickHouseHttp ch;
    private final Coordination zk;

    ClickHouseApiKeyStore(ClickHouseHttp ch, Coordination zk) {
        this.ch = ch.inOrder();
        this.zk = zk;
    }

    @Override
    public long generation() {
        return zk.generation(GENERATION);
    }

    /** Under a ZooKeeper lock: of several nodes starting at once on an empty store, one mints the first key. */
    @Override
    public boolean insertIfNoActiveKey(ApiKey key, String keyHash) {
        return zk.underLock("locks/first-admin-key", () -> {
            if (!active().isEmpty()) {
                return false;
            }
            insert(key, keyHash);
            return true;
        });
    }

    private record Stored(ApiKey key, String hash, long version) {}

    @Override
    public void insert(ApiKey key, String keyHash) {
        ch.insert("api_keys", List.of(row(key, keyHash, 1)), Map.of());
        zk.bump(GENERATION);
    }

    @Override
    public List<ApiKey> listActive() {
        return active().stream().map(Stored::key).toList();
    }

    @Override
    public Map<String, ApiKey> listActiveByHash() {
        Map<String, ApiKey> out = new LinkedHashMap<>();
        for (Stored s : active()) {
            out.put(s.hash(), s.key());
        }
        return out;
    }

    @Override
    public boolean revoke(String id, long now) {
        List<Stored> found = read(Sql.of("SELECT " + COLUMNS + " FROM api_keys FINAL WHERE id = ? AND revoked_at IS NULL", id));
        if (found.isEmpty()) {
            return false;
        }
        Stored s = found.getFirst();
        ApiKey k = s.key();
        ch.insert("api_keys", List.of(row(new ApiKey(k.id(), k.name(), k.permissions(), k.resources(), k.createdAt(), now),
                s.hash(), s.version() + 1)), Map.of());
        zk.bump(GENERATION);
        return true;
    }

    private List<Stored> active() {
        return read(new Sql("SELECT " + COLUMNS + " FROM api_keys FINAL WHERE revoked_at IS NULL ORDER BY created_at, id"));
    }

    private List<Stored> read(Sql sql) {
        List<Stored> out = new ArrayList<>();
        ch.query(sql, r -> out.add(new Stored(new ApiKey(r.get("id").asString(), r.get("name").asString(),
                strings(r.get("permissions")), strings(r.get("resources")), r.get("created_at").asLong(),
                r.get("revoked_at").isNull() ? null : r.get("revoked_at").asLong()),
                r.get("key_hash").asString(), r.get("version").asLong())));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return List.copyOf(out);
    }

    private static Map<String, Object> row(ApiKey k, String hash, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", k.id());
        r.put("name", k.name());
        r.put("permissions", k.permissions());
        r.put("resources", k.resources());
        r.put("created_at", k.createdAt());
        r.put("revoked_at", k.revokedAt());
        r.put("key_hash", hash);
        r.put("version", version);
        return r;
    }
}
