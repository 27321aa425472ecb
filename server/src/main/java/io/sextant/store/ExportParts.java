package io.sextant.store;

import io.sextant.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's local directory of export part files ({@link ExportFileStore#newPart}), the same for
 * every engine: owner-only, emptied of the parts an earlier process left (their jobs run again),
 * one {@code <id>.csv.part} per running export.
 */
public final class ExportParts {

    private final Path dir;

    /** Makes {@code dir} (owner-only) and deletes the parts left in it. */
    public ExportParts(Path dir) {
        this.dir = dir;
        try {
            OwnerOnly.directory(dir);
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*.csv.part")) {
                for (Path p : parts) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the export directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A new, empty, owner-only part for the export {@code id}; a leftover of an earlier run is replaced. */
    public Path newPart(String id) throws IOException {
        Path part = dir.resolve(id + ".csv.part");
        Files.deleteIfExists(part);
        Files.createFile(part, OwnerOnly.fileAttribute());
        return part;
    }
}
