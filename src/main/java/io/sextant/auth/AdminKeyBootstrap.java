package io.sextant.auth;

import io.sextant.SextantProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On a store without any active key (the first start on an empty data directory) creates a key
 * with every permission on every resource and writes it to {@code <data-dir>/admin.key}, readable
 * by the owner only. The log names the file, never the key.
 */
@Component
class AdminKeyBootstrap {

    static final String FILE_NAME = "admin.key";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    AdminKeyBootstrap(ApiKeyService keys, SextantProperties props) {
        if (keys.hasActiveKeys()) {
            return;
        }
        ApiKeyService.Created admin = keys.create("admin", List.of("*"), List.of(Grants.ALL_RESOURCES));
        Path file = props.dataDir().resolve(FILE_NAME).toAbsolutePath();
        writeOwnerOnly(file, admin.secret() + "\n");
        log.info("Created an admin API key; it is in {}", file);
    }

    static void writeOwnerOnly(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
