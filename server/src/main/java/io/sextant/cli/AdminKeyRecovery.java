package io.sextant.cli;

import io.sextant.auth.AdminKeyBootstrap;
import io.sextant.auth.ApiKeyService;
import io.sextant.store.duckdb.Database;
import io.sextant.store.duckdb.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Offline recovery of the admin API ({@code bin/sextant admin-key}): with the service stopped,
 * mints a new key with every permission on every resource into {@code <data-dir>/admin.key}. Who
 * can write the data directory owns the data anyway; this is the way back in when every key that
 * could use the admin API is lost. The database's lock keeps it from running beside the service.
 * DuckDB store only (it opens the file itself, offline); with ClickHouse, a node's admin API mints keys.
 */
final class AdminKeyRecovery {

    private AdminKeyRecovery() {}

    /** Mints the key and returns the file it is in. */
    static Path mint(Path dataDir, Clock clock) {
        Database.checkAvailable(dataDir); // a running service holds the lock: say so, as serve does
        if (!Files.isRegularFile(dataDir.resolve(Database.FILE_NAME))) {
            throw new IllegalArgumentException("there is no Sextant database in " + dataDir.toAbsolutePath()
                    + "; start the service there once (it creates the first admin key itself)");
        }
        try (Database db = Database.open(dataDir, null)) {
            ApiKeyService keys = new ApiKeyService(Stores.apiKeys(db), clock);
            return AdminKeyBootstrap.mint(keys, dataDir, "admin (recovered " + clock.instant() + ")");
        }
    }
}
