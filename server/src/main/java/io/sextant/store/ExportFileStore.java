package io.sextant.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.io.Resource;

/**
 * Where finished export files are kept, so that whichever API node receives a download can serve
 * it, and the secret that signs download links, the same for every node of one store.
 *
 * <p>A job writes its file into a local part file ({@link #newPart}), then {@link #publish}es it:
 * from then on {@link #open} serves it, whole (never a part of it), until {@link #delete}.
 */
public interface ExportFileStore {

    /** A new, empty, owner-only local file to write the export {@code id} into (a leftover of an earlier run is replaced). */
    Path newPart(String id) throws IOException;

    /** Makes the written {@code part} the export's file, whole or not at all, and removes the part. */
    void publish(String id, Path part) throws IOException;

    /** The export's published file; empty when there is none (never published, or deleted). */
    Optional<Resource> open(String id) throws IOException;

    /** Deletes the export's file; nothing when there is none. */
    void delete(String id) throws IOException;

    /**
     * The secret (256 bits) that signs download links: created once, atomically, at the first
     * call of any node of the store, and the same for all of them afterwards, across restarts.
     */
    byte[] linkSecret();
}
