package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantProperties;
import io.sextant.store.ApiKey;
import io.sextant.store.ApiKeyStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The first-start admin key, on an in-memory key store. */
class AdminKeyBootstrapTest {

    @TempDir
    Path dataDir;

    /** Keeps keys in memory, as the DuckDB store keeps them in a table. */
    static final class MemoryKeyStore implements ApiKeyStore {
        final Map<String, ApiKey> byHash = new LinkedHashMap<>();

        @Override
        public void insert(ApiKey key, String keyHash) {
            byHash.put(keyHash, key);
        }

        @Override
        public List<ApiKey> listActive() {
            return byHash.values().stream().filter(k -> k.revokedAt() == null).toList();
        }

        @Override
        public Map<String, ApiKey> listActiveByHash() {
            Map<String, ApiKey> active = new LinkedHashMap<>(byHash);
            active.values().removeIf(k -> k.revokedAt() != null);
            return active;
        }

        @Override
        public boolean revoke(String id, long now) {
            for (var e : byHash.entrySet()) {
                ApiKey k = e.getValue();
                if (k.id().equals(id) && k.revokedAt() == null) {
                    e.setValue(new ApiKey(k.id(), k.name(), k.permissions(), k.resources(), k.createdAt(), now));
                    return true;
                }
            }
            return false;
        }
    }

    private SextantProperties props() {
        return new Binder(new MapConfigurationPropertySource(Map.of("sextant.data-dir", dataDir.toString())))
                .bindOrCreate("sextant", SextantProperties.class);
    }

    @Test
    void createsOneOwnerOnlyKeyOnAnEmptyStoreAndNoneAfterwards() throws Exception {
        var store = new MemoryKeyStore();
        var keys = new ApiKeyService(store, Clock.systemUTC());
        new AdminKeyBootstrap(keys, props());
        Path file = dataDir.resolve("admin.key");
        String secret = Files.readString(file).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ApiKey admin = keys.authenticate(secret).orElseThrow();
        assertThat(admin.permissions()).containsExactly("*");
        assertThat(admin.resources()).containsExactly("*");

        new AdminKeyBootstrap(new ApiKeyService(store, Clock.systemUTC()), props());
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
        assertThat(store.listActive()).hasSize(1);
    }

    @Test
    void aKeyThatCannotBeWrittenIsRevokedSoTheNextStartTriesAgain() throws Exception {
        var store = new MemoryKeyStore();
        Files.createDirectories(dataDir.resolve("admin.key").resolve("in-the-way")); // a non-empty directory: the file cannot replace it

        assertThatThrownBy(() -> new AdminKeyBootstrap(new ApiKeyService(store, Clock.systemUTC()), props()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("admin.key");
        assertThat(store.listActive()).as("no unreadable admin key stays active").isEmpty();

        Files.delete(dataDir.resolve("admin.key").resolve("in-the-way"));
        Files.delete(dataDir.resolve("admin.key"));
        var keys = new ApiKeyService(store, Clock.systemUTC());
        new AdminKeyBootstrap(keys, props());
        assertThat(keys.authenticate(Files.readString(dataDir.resolve("admin.key")).strip())).isPresent();
    }
}
