package io.sextant.store.duckdb;

import io.sextant.OwnerOnly;
import io.sextant.store.DataDirectoryInUseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
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
 * every one sees the same in-process database, and each closes on its own. They are tracked while
 * open, because DuckDB keeps an instance alive while any connection to it is: after DuckDB
 * invalidated the instance (a fatal I/O error such as a checkpoint on a full disk), {@link #reopen}
 * closes them all and opens the file again, without a restart.
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "sextant.duckdb";
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");
    /** Idle read connections kept, and statements each keeps prepared: a dashboard's reports many times over. */
    private static final int READS_IDLE = 8;
    private static final int READS_STATEMENTS = 32;

    private final Path file;
    private final Properties props;
    private final boolean created;
    private final DataSource dataSource;
    /** The read stores' connections, kept open with their prepared statements. */
    private final ReadConnections reads = new ReadConnections(this::newConnection, this::release, READS_IDLE, READS_STATEMENTS);
    /** Held briefly to hand out a connection; exclusively to close the instance or open it again. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    /** Kept by the writer, read by the reports: how far from their starts conversations reach. */
    private final ConversationReach conversationReach = new ConversationReach();
    /** Kept by the writer, read by the reports: the latest time of each chatbot's rows per table. */
    private final LatestEvents latestEvents = new LatestEvents();
    private final RollupChanges rollupChanges = new RollupChanges();
    /** Every connection handed out and not closed yet: all must be closed before the file can be opened again. */
    private final Set<DuckDBConnection> handedOut = ConcurrentHashMap.newKeySet();
    private DuckDBConnection root; // guarded by gate; null while closed
    private String closedBecause = "closed"; // guarded by gate

    private Database(Path file, Properties props, DuckDBConnection root, boolean created) {
        this.file = file;
        this.props = props;
        this.root = root;
        this.created = created;
        this.dataSource = new DuplicatingDataSource(this);
    }

    /**
     * DuckDB's optimizer passes Sextant switches off ({@code disabled_optimizers}). A report's
     * statements are planned again at every request (their bound times reach the scans), and
     * planning is a third of a computed hourly day; these two passes cost part of that and gain
     * those statements nothing: the join order (without it DuckDB joins in the written order, and
     * still picks each join's build side by its estimates) and DuckDB 2.0's common subplan finder.
     * The setting is global to the database, so the writer's, the inbox's and the exports'
     * statements run without them too. Without them a computed report took 1.5–3 ms less through
     * the server on 2026-12-05, and the inbox and ingestion did not change (docs/benchmark.md).
     * Passes only choose plans: every answer stays the same.
     */
    public static final String DISABLED_OPTIMIZERS = "common_subplan,join_order";

    /**
     * The threads DuckDB runs statements on ({@code threads}; DuckDB's default is one per core).
     * Sextant runs many small statements side by side, the writer's commit groups and every
     * request's, and DuckDB hands each pipeline of a statement to its worker threads, waking them
     * and waiting for them: on the 2-core machine of record that cost more than the parallelism
     * gave. With one thread each statement runs on the thread that asks it, and the statements of
     * other threads run beside it. Measured on 2026-12-06 (docs/benchmark.md): the writer used 16–21 %
     * less CPU per event and ingested 15–21 % more, the computed reports took as long as before or
     * less, and the few heavy statements that scan a whole month of events (the flow paths, the
     * segment filter, the quality KPIs) took 1.4–2.1 times as long. A machine with cores to spare
     * for those can raise it ({@code sextant.threads}).
     */
    public static final int THREADS = 1;

    /**
     * The environment variable DuckDB's allocator (the jemalloc its driver's library is built with)
     * reads its options from: once, when that library loads, so a JVM cannot set it for itself and
     * the launchers do ({@code bin/sextant}, and the testkit's {@code ServerProcess} for the tests
     * and the benchmark), unless it is set already.
     */
    public static final String ALLOCATOR_ENV = "DUCKDB_JE_MALLOC_CONF";

    /**
     * What the launchers set {@link #ALLOCATOR_ENV} to: memory DuckDB freed stays with its
     * allocator for 10 s before it goes back to the system, where DuckDB's own setting lets it go
     * sooner. Every report statement's hash aggregate allocates a table of 2 MiB and zeroes it;
     * once its pages had gone back, the next report faulted all 512 in again, which took the
     * request 6–8 ms on top of 3–4 (one computed report in seven on the benchmark's machine,
     * docs/benchmark.md, 2026-12-07 23:30 UTC). The other options of DuckDB's allocator stay its own.
     */
    public static final String ALLOCATOR_CONF = "dirty_decay_ms:10000,muzzy_decay_ms:10000";

    /** Whether the allocator's options were logged in this process. */
    private static final AtomicBoolean allocatorLogged = new AtomicBoolean();

    /** Opens (or creates) the database in {@code dataDir} with DuckDB's default checkpoint threshold. */
    public static Database open(Path dataDir, String memoryLimit) {
        return open(dataDir, memoryLimit, "");
    }

    /** Opens (or creates) the database in {@code dataDir} with the optimizer passes of {@link #DISABLED_OPTIMIZERS} off. */
    public static Database open(Path dataDir, String memoryLimit, String checkpointThreshold) {
        return open(dataDir, memoryLimit, checkpointThreshold, DISABLED_OPTIMIZERS);
    }

    /** Opens (or creates) the database in {@code dataDir} on {@link #THREADS} threads. */
    public static Database open(Path dataDir, String memoryLimit, String checkpointThreshold, String disabledOptimizers) {
        return open(dataDir, memoryLimit, checkpointThreshold, disabledOptimizers, THREADS);
    }

    /**
     * Says once per process with which options DuckDB's allocator runs ({@link #ALLOCATOR_CONF}):
     * without them (the service's jar started by hand, say), a reader of the log learns what the
     * reports pay for it and what to set. A warning then, else a note.
     */
    private static void logAllocator(String conf) {
        if (!allocatorLogged.compareAndSet(false, true)) {
            return;
        }
        if (conf == null) {
            log.warn(ALLOCATOR_ENV + " is not set: DuckDB gives the memory it freed back to the system after a few seconds, and a"
                    + " report that takes it again pays a page fault for every page; bin/sextant sets " + ALLOCATOR_ENV + "="
                    + ALLOCATOR_CONF);
        } else {
            log.info("DuckDB's allocator runs with " + ALLOCATOR_ENV + "=" + conf);
        }
    }

    /**
     * Opens (or creates) the database in {@code dataDir} and brings its schema up to date.
     *
     * <p>{@code checkpointThreshold} is the WAL size at which a commit also writes the database file.
     * Every checkpoint compresses again the partly filled last row group of each table it touches, so
     * under steady ingestion DuckDB's 16 MB default spends much of the writer's time rewriting the
     * same rows; a larger threshold costs a longer WAL replay after a crash (a clean stop checkpoints).
     * {@code disabledOptimizers} names DuckDB's optimizer passes to skip (empty: none), and
     * {@code threads} the threads DuckDB runs statements on ({@link #THREADS}), at least one.
     */
    public static Database open(Path dataDir, String memoryLimit, String checkpointThreshold, String disabledOptimizers, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("sextant.threads must be at least 1, not " + threads);
        }
        logAllocator(System.getenv(ALLOCATOR_ENV));
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
        if (disabledOptimizers != null && !disabledOptimizers.isBlank()) {
            props.setProperty("disabled_optimizers", disabledOptimizers);
        }
        props.setProperty("threads", Integer.toString(threads));
        DuckDBConnection root;
        try {
            root = connect(file, props);
        } catch (SQLException e) {
            throw translate(dataDir, file, e);
        }
        // DuckDB created its files with the umask's mode; the directory already keeps others out.
        OwnerOnly.file(file);
        OwnerOnly.file(Path.of(file + ".wal"));
        Database db = new Database(file, props, root, created);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close(); // the file's lock goes with the refusal
            throw e;
        }
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

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Connections for reads only, kept open between uses with the statements they have prepared
     * ({@link ReadConnections}); closing one gives it back.
     */
    public DataSource readDataSource() {
        return reads;
    }

    /** How far from their starts the conversations of each chatbot reach ({@link ConversationReach}). */
    ConversationReach conversationReach() {
        return conversationReach;
    }

    /** The latest time of each chatbot's rows in the tables the reports read by range ({@link LatestEvents}). */
    LatestEvents latestEvents() {
        return latestEvents;
    }

    /** Which rollup rows the writer's commits changed ({@link RollupChanges}). */
    RollupChanges rollupChanges() {
        return rollupChanges;
    }

    private static DuckDBConnection connect(Path file, Properties props) throws SQLException {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, props);
    }

    /**
     * A new connection of its own, for a caller that keeps it (the ingestion writer). Close it with
     * {@link #release}; {@link #reopen} closes it too.
     */
    public DuckDBConnection newConnection() throws SQLException {
        gate.readLock().lock();
        try {
            if (root == null) {
                throw new SQLException("the database is not open (" + closedBecause + ")");
            }
            DuckDBConnection c = root.duplicate();
            handedOut.add(c);
            return c;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Closes a connection from {@link #newConnection()}; failures to close are ignored. */
    public void release(Connection c) {
        if (c == null) {
            return;
        }
        handedOut.remove(c);
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // it goes either way
        }
    }

    /**
     * Whether the instance still answers a query. After some I/O errors (a checkpoint that cannot
     * write the database file, for one) DuckDB invalidates the instance: every connection, old or
     * new, then fails until the file is opened again ({@link #reopen}).
     */
    public boolean usable() {
        DuckDBConnection c = null;
        try {
            c = newConnection();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                return rs.next();
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        } finally {
            release(c);
        }
    }

    /**
     * Closes the DuckDB instance, with every connection still handed out (a query running on one
     * fails), and opens the file again: DuckDB's answer to an invalidated instance. The file lock,
     * which is the data directory's, is given up for that moment only. On failure the database stays
     * closed (connections fail) until a later call succeeds.
     */
    public void reopen(String why) throws SQLException {
        gate.writeLock().lock();
        try {
            for (DuckDBConnection c : handedOut) {
                try {
                    c.close();
                } catch (SQLException | RuntimeException ignored) {
                    // the instance is being dropped anyway
                }
            }
            handedOut.clear();
            reads.clear(); // closed above; forget them
            if (root != null) {
                try {
                    root.close();
                } catch (SQLException | RuntimeException ignored) {
                    // as above
                }
            }
            root = null;
            closedBecause = "being opened again after: " + why;
            root = connect(file, props);
            log.warn("Opened the database again after: {}", why);
        } finally {
            gate.writeLock().unlock();
        }
    }

    private void migrate() {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            int current;
            try (var rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            List<Migration> known = migrations();
            int newest = known.isEmpty() ? 0 : known.get(known.size() - 1).version();
            if (current > newest) {
                // written by a newer Sextant, whose tables this one would misread or fail to write
                throw new IllegalStateException("the database " + file + " has schema version " + current
                        + ", and this Sextant knows versions up to " + newest + ": a newer Sextant wrote it. Run that"
                        + " version or a later one on this data directory; this one leaves it untouched");
            }
            for (Migration m : known) {
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

    /**
     * Splits a migration script into statements: on a semicolon that ends a line (blanks may
     * follow), outside string literals and quoted identifiers. {@code --} comments are dropped, up
     * to the end of their line; a {@code --} inside {@code '...'} or {@code "..."} is text and stays.
     */
    static List<String> splitStatements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        char quote = 0; // the open quote, or 0 outside quotes ('' inside a literal closes and reopens it: same text)
        int i = 0;
        while (i < script.length()) {
            char ch = script.charAt(i);
            if (quote != 0) {
                sb.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
                i++;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                sb.append(ch);
                i++;
            } else if (script.startsWith("--", i)) {
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? script.length() : eol; // the newline itself is kept
            } else if (ch == ';' && restOfLineIsBlank(script, i + 1)) {
                add(out, sb);
                sb.setLength(0);
                i++;
            } else {
                sb.append(ch);
                i++;
            }
        }
        add(out, sb);
        return out;
    }

    /** True when only blanks (or a comment) follow {@code from} up to the end of its line. */
    private static boolean restOfLineIsBlank(String script, int from) {
        for (int i = from; i < script.length() && script.charAt(i) != '\n'; i++) {
            if (script.startsWith("--", i)) {
                return true;
            }
            if (!Character.isWhitespace(script.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<String> statements, CharSequence statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            statements.add(s);
        }
    }

    /** Writes everything to the database file, so the next start needs no WAL replay. */
    private void checkpoint() {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            log.warn("Checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        checkpoint();
        reads.clear(); // an open connection would keep the instance, and the file's lock, alive
        gate.writeLock().lock();
        try {
            if (root != null) {
                root.close();
            }
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.getMessage());
        } finally {
            root = null;
            closedBecause = "closed";
            gate.writeLock().unlock();
        }
    }

    /** A connection for the data source: closing it also forgets it. */
    private Connection tracked(DuckDBConnection c) {
        return ConnectionSource.wrap(c, () -> release(c), null);
    }

    /**
     * A {@link DataSource} whose connections are duplicates of the one root DuckDB connection: cheap,
     * and all on the same in-process database. Each is tracked until closed, so that the instance can
     * be closed and opened again ({@link #reopen}).
     */
    private record DuplicatingDataSource(Database db) implements ConnectionSource {
        @Override
        public Connection getConnection() throws SQLException {
            return db.tracked(db.newConnection());
        }
    }
}
