package io.sextant.auth;

import io.sextant.SextantProperties;
import io.sextant.api.SecretFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On a store without any active key (the first start on an empty data directory) creates a key
 * with every permission on every resource and writes it to {@code <data-dir>/admin.key}, readable
 * by the owner only. The log names the file, never the key.
 *
 * <p>With several API nodes starting at once on one empty store, exactly one of them mints the key
 * ({@link io.sextant.store.ApiKeyStore#insertIfNoActiveKey}) and writes it to its own data
 * directory; the others write nothing and log that another node created it: the operator uses that
 * node's {@code admin.key} (or creates keys for the others through the admin API).
 */
@Component
public class AdminKeyBootstrap {

    static final String FILE_NAME = "admin.key";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    AdminKeyBootstrap(ApiKeyService keys, SextantProperties props) {
        if (keys.hasActiveKeys()) {
            return;
        }
        keys.createFirstAdmin("admin").ifPresentOrElse(
                admin -> log.info("Created an admin API key; it is in {}", write(keys, admin, props.dataDir())),
                () -> log.info("Another node created the first admin API key at the same time; it is in that node's {}", FILE_NAME));
    }

    /**
     * Creates a key with every permission on every resource and writes it to
     * {@code <dataDir>/admin.key} (owner only, replacing an older file); returns the file.
     */
    public static Path mint(ApiKeyService keys, Path dataDir, String name) {
        return write(keys, keys.create(name, List.of("*"), List.of(Grants.ALL_RESOURCES)), dataDir);
    }

    private static Path write(ApiKeyService keys, ApiKeyService.Created admin, Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            SecretFiles.writeOwnerOnly(file, admin.secret() + "\n");
        } catch (UncheckedIOException e) {
            // A key nobody can read would lock every later start out: take it back, so the next
            // start creates one again.
            keys.takeBack(admin.key().id());
            throw e;
        }
        return file;
    }

}
