package io.sextant.auth;

import io.sextant.SextantProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
        try {
            writeOwnerOnly(file, admin.secret() + "\n");
        } catch (UncheckedIOException e) {
            // A key nobody can read would lock every later start out: take it back, so the next
            // start creates one again.
            keys.revoke(admin.key().id());
            throw e;
        }
        log.info("Created an admin API key; it is in {}", file);
    }

    /** Writes the file readable by the owner only, synced to disk, replacing any old one atomically. */
    static void writeOwnerOnly(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
