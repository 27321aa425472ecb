package io.sextant.store.duckdb;

import io.sextant.store.ApiKey;
import io.sextant.store.ApiKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

final class DuckDbApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "id, name, permissions, resources, created_at, revoked_at";

    private final JdbcClient jdbc;

    DuckDbApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(ApiKey key, String keyHash) {
        jdbc.sql("INSERT INTO api_keys (id, name, key_hash, permissions, resources, created_at) "
                        + "VALUES (:id, :name, :hash, :permissions, :resources, :created)")
                .param("id", key.id()).param("name", key.name()).param("hash", keyHash)
                .param("permissions", String.join(" ", key.permissions()))
                .param("resources", String.join(" ", key.resources()))
                .param("created", key.createdAt())
                .update();
    }

    @Override
    public List<ApiKey> listActive() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at, id")
                .query(DuckDbApiKeyStore::map).list();
    }

    @Override
    public Map<String, ApiKey> listActiveByHash() {
        Map<String, ApiKey> byHash = new HashMap<>();
        jdbc.sql("SELECT key_hash, " + COLUMNS + " FROM api_keys WHERE revoked_at IS NULL")
                .query(rs -> {
                    byHash.put(rs.getString("key_hash"), map(rs, 0));
                });
        return byHash;
    }

    @Override
    public boolean revoke(String id, long now) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .param("now", now).param("id", id).update() > 0;
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        Long revokedAt = rs.wasNull() ? null : revoked;
        return new ApiKey(rs.getString("id"), rs.getString("name"),
                split(rs.getString("permissions")), split(rs.getString("resources")),
                rs.getLong("created_at"), revokedAt);
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
    }
}
