package io.sextant.store.duckdb;

import io.sextant.store.ApiKeyStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stores for code that runs without the service, on a database it opened itself (offline commands). */
public final class Stores {

    private Stores() {}

    /** The API keys of {@code db}. */
    public static ApiKeyStore apiKeys(Database db) {
        return new DuckDbApiKeyStore(JdbcClient.create(db.dataSource()));
    }
}
