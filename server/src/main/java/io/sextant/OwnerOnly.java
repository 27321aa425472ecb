package io.sextant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory and everything Sextant writes in it are its owner's alone: the directory is
 * {@code rwx------} and its files {@code rw-------}, so events, keys and exports never reach another
 * local user, whatever the umask. (DuckDB creates its own files with the umask's mode; inside an
 * owner-only directory nobody else can reach them, and the launcher sets umask 077 as well.)
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {}

    /** For {@link Files#createFile}: a new file readable and writable by its owner only. */
    public static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Creates {@code dir} (and missing parents) if needed and makes it owner-only. */
    public static void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, DIRECTORY);
    }

    /** Makes an existing file owner-only; a file that is not there is left alone. */
    public static void file(Path file) {
        try {
            if (Files.exists(file)) {
                restrict(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " owner-only: " + e.getMessage(), e);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix") && !Files.getPosixFilePermissions(path).equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }
}
