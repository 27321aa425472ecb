package io.sextant.store;

import io.sextant.OwnerOnly;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The embedded DuckDB database: one file in the data directory, opened once per process.
 *
 * <p>DuckDB lets one process at a time open a file for writing; that file lock is the data
 * directory's lock. A second process fails here with {@link DataDirectoryInUseException}.
 *
 * <p>Connections handed out by {@link #dataSource()} are cheap duplicates of the root connection:
 * every one sees the same in-process database, and each closes on its own.
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "sextant.duckdb";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(Database.class);
    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");

    private final Path dataDir;
    private final DuckDBConnection root;
    private final boolean created;
    private final DataSource dataSource;

    private Database(Path dataDir, DuckDBConnection root, boolean created) {
        this.dataDir = dataDir;
        this.root = root;
        this.created = created;
        this.dataSource = new DuplicatingDataSource(root);
    }

    /** Opens (or creates) the database in {@code dataDir} with DuckDB's default checkpoint threshold. */
    public static Database open(Path dataDir, String memoryLimit) {
        return open(dataDir, memoryLimit, "");
    }

    /**
     * Opens (or creates) the database in {@code dataDir} and brings its schema up to date.
     *
     * <p>{@code checkpointThreshold} is the WAL size at which a commit also writes the database file.
     * Every checkpoint compresses again the partly filled last row group of each table it touches, so
     * under steady ingestion DuckDB's 16 MB default spends much of the writer's time rewriting the
     * same rows; a larger threshold costs a longer WAL replay after a crash (a clean stop checkpoints).
     */
    public static Database open(Path dataDir, String memoryLimit, String checkpointThreshold) {
        try {
            OwnerOnly.directory(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        boolean created = !Files.exists(file);
        Properties props = new Properties();
        if (memoryLimit != null && !memoryLimit.isBlank()) {
            props.setProperty("memory_limit", memoryLimit);
        }
        if (checkpointThreshold != null && !checkpointThreshold.isBlank()) {
            props.setProperty("checkpoint_threshold", checkpointThreshold);
        }
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, props);
        } catch (SQLException e) {
            throw translate(dataDir, file, e);
        }
        // DuckDB created its files with the umask's mode; the directory already keeps others out.
        OwnerOnly.file(file);
        OwnerOnly.file(Path.of(file + ".wal"));
        Database db = new Database(dataDir, root, created);
        db.migrate();
        return db;
    }

    /**
     * Fails fast with {@link DataDirectoryInUseException} when another process holds the data
     * directory, before anything else starts. (Opening takes the same lock, so a process that
     * passes here can still lose a race; {@link #open} then reports it the same way.)
     */
    public static void checkAvailable(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        if (!Files.exists(file)) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            // opened and closed: nobody else holds it
        } catch (SQLException e) {
            throw translate(dataDir, file, e);
        }
    }

    private static RuntimeException translate(Path dataDir, Path file, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("Could not set lock") || msg.contains("Conflicting lock")) {
            Matcher m = LOCK_PID.matcher(msg);
            return new DataDirectoryInUseException(dataDir, m.find() ? Long.parseLong(m.group(1)) : -1);
        }
        return new IllegalStateException("cannot open database " + file + ": " + msg, e);
    }

    /** True when this process created the database file, i.e. the data directory was empty. */
    public boolean created() {
        return created;
    }

    public Path dataDir() {
        return dataDir;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A new connection of its own, for a caller that keeps it (the ingestion writer). */
    public DuckDBConnection newConnection() throws SQLException {
        return root.duplicate();
    }

    private void migrate() {
        try (Connection c = root.duplicate(); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            int current;
            try (var rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            for (Migration m : migrations()) {
                if (m.version() <= current) {
                    continue;
                }
                c.setAutoCommit(false);
                try (var mst = c.createStatement()) {
                    for (String sql : splitStatements(m.sql())) {
                        mst.execute(sql);
                    }
                    try (var ps = c.prepareStatement("INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.name());
                        ps.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw new IllegalStateException("migration " + m.name() + " failed: " + e.getMessage(), e);
                } finally {
                    c.setAutoCommit(true);
                }
                log.info("Applied schema migration {}", m.name());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate database: " + e.getMessage(), e);
        }
    }

    record Migration(int version, String name, String sql) {}

    static List<Migration> migrations() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*.sql");
            List<Migration> list = new ArrayList<>();
            Pattern name = Pattern.compile("V(\\d+)__(.+)\\.sql");
            for (Resource r : resources) {
                Matcher m = name.matcher(r.getFilename());
                if (!m.matches()) {
                    throw new IllegalStateException("badly named migration " + r.getFilename());
                }
                list.add(new Migration(Integer.parseInt(m.group(1)), r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8)));
            }
            list.sort(Comparator.comparingInt(Migration::version));
            return list;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migrations: " + e.getMessage(), e);
        }
    }

    /** Splits a migration script on semicolons that end a line; comments are stripped first. */
    static List<String> splitStatements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sb.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";\\s*\n")) {
            if (!s.isBlank()) {
                out.add(s.strip().replaceAll(";$", ""));
            }
        }
        return out;
    }

    /** Writes everything to the database file, so the next start needs no WAL replay. */
    private void checkpoint() {
        try (Connection c = root.duplicate(); var st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            log.warn("Checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            checkpoint();
            root.close();
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.getMessage());
        }
    }

    /** A {@link DataSource} whose connections are duplicates of one root DuckDB connection. */
    private record DuplicatingDataSource(DuckDBConnection root) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return root.duplicate();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
