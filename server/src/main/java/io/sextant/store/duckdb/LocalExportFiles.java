package io.sextant.store.duckdb;

import io.sextant.api.SecretFiles;
import io.sextant.store.ExportFileStore;
import io.sextant.store.ExportParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Export files in the data directory, the one process's own: {@code <data-dir>/exports/<id>.csv},
 * written as {@code <id>.csv.part} and moved into place atomically; the link secret in
 * {@code <data-dir>/export-link.key} (owner only). Part files left by a process that stopped are
 * discarded when this opens.
 */
public final class LocalExportFiles implements ExportFileStore {

    public static final String DIRECTORY = "exports";
    public static final String SECRET_FILE = "export-link.key";

    private final Path dataDir;
    private final ExportParts parts;
    private final Path dir;

    public LocalExportFiles(Path dataDir) {
        this.dataDir = dataDir;
        this.parts = new ExportParts(dataDir.resolve(DIRECTORY));
        this.dir = parts.dir();
    }

    @Override
    public Path newPart(String id) throws IOException {
        return parts.newPart(id);
    }

    @Override
    public void publish(String id, Path part) throws IOException {
        Files.move(part, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public Optional<Resource> open(String id) {
        Path file = file(id);
        return Files.exists(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }

    @Override
    public void delete(String id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /** The file of a published export. */
    public Path file(String id) {
        return dir.resolve(id + ".csv");
    }

    @Override
    public byte[] linkSecret() {
        return loadOrCreateSecret(dataDir.resolve(SECRET_FILE));
    }

    /** Only one process holds the data directory (the database lock), so nobody races the creation. */
    static byte[] loadOrCreateSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                SecretFiles.writeOwnerOnly(file, HexFormat.of().formatHex(secret) + "\n");
            }
            return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the export link secret " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the export link secret " + file + " is damaged; delete it to create a new one "
                    + "(links handed out so far stop working)", e);
        }
    }
}
