package io.sextant.store.clickhouse;

import io.sextant.store.ExportFileStore;
import io.sextant.store.ExportParts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;

/**
 * Export files on ClickHouse, so that any API node serves any download: the {@code export_files}
 * table, a replica on every node, read and written on the first live node in configuration order.
 * A file is published as chunks of {@value #CHUNK} bytes (base64, so that any byte survives JSON)
 * under an upload id of its own, then a marker row (chunk {@value #MARKER}, data {@code <chunks>:<bytes>}) that names the upload:
 * a download reads only the marked upload, so a file is served whole or not at all, and the chunks
 * of an interrupted upload are never seen. Deleting is an {@code ALTER … DELETE} (a mutation,
 * replicated like the rows). The link secret is created once in ZooKeeper, atomically.
 *
 * <p>A job writes its part file in this node's data directory first ({@code <data-dir>/exports}),
 * which is removed once published; parts a stopped process left are discarded at start.
 */
final class ClickHouseExportFiles implements ExportFileStore {

    static final int CHUNK = 1 << 20;
    static final long MARKER = 0xFFFF_FFFFL;
    /** Chunks sent per insert. */
    private static final int CHUNKS_PER_INSERT = 8;

    private final ClickHouseHttp ch;
    private final Coordination zk;
    private final ExportParts parts;

    ClickHouseExportFiles(ClickHouseHttp ch, Coordination zk, Path dataDir) {
        this.ch = ch.inOrder();
        this.zk = zk;
        this.parts = new ExportParts(dataDir.resolve("exports"));
    }

    @Override
    public Path newPart(String id) throws IOException {
        return parts.newPart(id);
    }

    @Override
    public void publish(String id, Path part) throws IOException {
        String upload = UUID.randomUUID().toString();
        byte[] buffer = new byte[CHUNK];
        long chunk = 0;
        long length = 0;
        try (InputStream in = Files.newInputStream(part)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                length += n;
                rows.add(row(id, upload, chunk++, Base64.getEncoder().encodeToString(n == CHUNK ? buffer : Arrays.copyOf(buffer, n))));
                if (rows.size() == CHUNKS_PER_INSERT) {
                    ch.insert("export_files", rows, Map.of());
                    rows.clear();
                }
            }
            rows.add(row(id, upload, MARKER, chunk + ":" + length));
            ch.insert("export_files", rows, Map.of());
        }
        Files.deleteIfExists(part);
    }

    private static Map<String, Object> row(String id, String upload, long chunk, String data) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("upload", upload);
        r.put("chunk", chunk);
        r.put("data", data);
        return r;
    }

    @Override
    public Optional<Resource> open(String id) {
        var marker = ch.rows(Sql.of("SELECT upload, data FROM export_files WHERE id = ? AND chunk = ? LIMIT 1", id, MARKER));
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        String upload = marker.getFirst().get("upload").asString();
        String[] counts = marker.getFirst().get("data").asString().split(":");
        long chunks = Long.parseLong(counts[0]);
        long length = Long.parseLong(counts[1]);
        return Optional.of(new ChunkResource(id, upload, chunks, length));
    }

    /** The chunks of one upload, read one at a time as the download is sent. */
    private final class ChunkResource extends AbstractResource {
        private final String id;
        private final String upload;
        private final long chunks;
        private final long length;

        ChunkResource(String id, String upload, long chunks, long length) {
            this.id = id;
            this.upload = upload;
            this.chunks = chunks;
            this.length = length;
        }

        @Override
        public String getDescription() {
            return "export file " + id;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public InputStream getInputStream() {
            return new SequenceInputStream(new Enumeration<InputStream>() {
                private long next;

                @Override
                public boolean hasMoreElements() {
                    return next < chunks;
                }

                @Override
                public InputStream nextElement() {
                    long i = next++;
                    var rows = ch.rows(Sql.of("SELECT data FROM export_files WHERE id = ? AND upload = ? AND chunk = ? LIMIT 1",
                            id, upload, i));
                    if (rows.isEmpty()) {
                        throw new UncheckedIOException(new IOException("chunk " + i + " of export file " + id + " is missing"));
                    }
                    return new ByteArrayInputStream(Base64.getDecoder().decode(rows.getFirst().get("data").asString()));
                }
            });
        }
    }

    @Override
    public void delete(String id) {
        ch.execute(Sql.of("ALTER TABLE export_files DELETE WHERE id = ?", id));
    }

    @Override
    public byte[] linkSecret() {
        return zk.sharedSecret("export-link", () -> {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return secret;
        });
    }
}
