package io.sextant.store.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates Sextant's tables on the cluster ({@code schema.sql} beside this class): the database and
 * every table, through distributed DDL, each statement idempotent, so every API node may run it at
 * its start. The database and cluster names go into the DDL as identifiers (DDL takes no bound
 * values), so they must be plain identifiers.
 */
public final class ClickHouseSchema {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ClickHouseSchema() {}

    /** The statements of {@code schema.sql} for this database and cluster, in order. */
    public static List<String> statements(String database, String cluster) {
        String db = identifier("sextant.clickhouse.database", database);
        String cl = identifier("sextant.clickhouse.cluster", cluster);
        String text;
        try (InputStream in = ClickHouseSchema.class.getResourceAsStream("schema.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String filled = text.replace("{{db}}", db).replace("{{cluster}}", cl);
        return Arrays.stream(filled.split("(?m)^;\\s*$"))
                .map(ClickHouseSchema::withoutComments)
                .filter(s -> !s.isBlank())
                .toList();
    }

    private static final Pattern TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS [A-Za-z0-9_]+\\.([A-Za-z0-9_]+)");

    /** The tables {@code schema.sql} creates. */
    public static List<String> tables() {
        return statements("db", "cluster").stream()
                .map(TABLE::matcher)
                .filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    /**
     * Creates the schema unless every table of it exists already (as the node that answers sees
     * it): the usual start, which then needs no distributed DDL, whose {@code ON CLUSTER} waits for
     * every node and so cannot finish while one is down.
     *
     * @return whether the DDL ran
     */
    public static boolean ensure(ClickHouseHttp ch, String cluster) {
        java.util.Set<String> present = new java.util.HashSet<>();
        ch.queryWithoutDatabase(Sql.of("SELECT name FROM system.tables WHERE database = ?", ch.database()),
                r -> present.add(r.get("name").asString()));
        boolean created = false;
        if (!present.containsAll(tables())) {
            create(ch, cluster);
            created = true;
        }
        boolean events = addMissingEventColumns(ch, cluster);
        boolean jobs = addMissingExportJobColumns(ch);
        return events || jobs || created;
    }

    /**
     * The columns {@code events_local} gained after its first release, with their types: a cluster
     * created by an earlier version gets them added (to {@code events_local} and to the Distributed
     * {@code events} over it), so an upgrade needs nothing but a restart of the API nodes.
     */
    static final java.util.Map<String, String> ADDED_EVENT_COLUMNS = new java.util.LinkedHashMap<>();

    static {
        ADDED_EVENT_COLUMNS.put("goal_id", "Nullable(String)");
        ADDED_EVENT_COLUMNS.put("value", "Nullable(Float64)");
        ADDED_EVENT_COLUMNS.put("rating_score", "Nullable(Int32)");
        ADDED_EVENT_COLUMNS.put("thumbs", "Nullable(String)");
        ADDED_EVENT_COLUMNS.put("comment_length", "Nullable(Int32)");
        ADDED_EVENT_COLUMNS.put("attribute_keys", "Array(String)");
        ADDED_EVENT_COLUMNS.put("attribute_values", "Array(String)");
    }

    /**
     * Adds what {@link #ADDED_EVENT_COLUMNS} names and {@code events_local} lacks, then makes the
     * Distributed {@code events} again over it when it lacks one: 18.16 refuses an {@code ALTER …
     * ON CLUSTER} of a table that is not replicated, and a Distributed table holds no rows of its
     * own (inserts go to {@code events_local}), so dropping and creating it loses nothing.
     *
     * <p>{@code events_local} gets its columns node by node, without {@code ON CLUSTER}: an ALTER of
     * a replicated table reaches the other replicas of its shard through ZooKeeper, so a node whose
     * shard sibling ran it finds the column there already (or gets it while it waits). Distributed
     * DDL would let one replica per shard run it, and 18.16's worker can lose that race: a replica
     * ran the ALTER too, failed ("column with this name already exists"), then failed to mark the
     * task done ("Node exists" in ZooKeeper) and retried it for ever, and every later
     * {@code ON CLUSTER} statement of the cluster timed out behind it (seen once in CI).
     *
     * @return true when it changed anything
     */
    static boolean addMissingEventColumns(ClickHouseHttp ch, String cluster) {
        String db = identifier("sextant.clickhouse.database", ch.database());
        String cl = identifier("sextant.clickhouse.cluster", cluster);
        boolean changed = false;
        for (java.net.URI uri : ch.nodes()) {
            changed |= addColumns(ch.onNodes(List.of(uri)), db, "events_local", ADDED_EVENT_COLUMNS);
        }
        if (!columns(ch, db, "events").containsAll(ADDED_EVENT_COLUMNS.keySet())) {
            ch.executeWithoutDatabase(new Sql("DROP TABLE IF EXISTS " + db + ".events ON CLUSTER " + cl));
            create(ch, cluster); // every statement is idempotent: this makes only events again
            changed = true;
        }
        return changed;
    }

    /** Whether the node has the column, or gets it within 30 s (from a replica of its shard, through ZooKeeper). */
    private static boolean arrives(ClickHouseHttp node, String db, String table, String column) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!columns(node, db, table).contains(column)) {
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The columns {@code export_jobs} gained after its first release (a job's segment), as {@link #ADDED_EVENT_COLUMNS}. */
    static final java.util.Map<String, String> ADDED_EXPORT_JOB_COLUMNS = java.util.Map.of("filters", "Array(String)");

    /**
     * Adds what {@link #ADDED_EXPORT_JOB_COLUMNS} names and {@code export_jobs} lacks. Its replicas
     * are all the nodes (one ZooKeeper path, {@code .../all/...}): an ALTER of one node (the first
     * live one, which the job store reads and writes first) reaches the others through ZooKeeper,
     * while {@code ON CLUSTER} would run it on a replica of every shard, and all but the first would
     * find the column there already. A column another API node added meanwhile (both saw it missing
     * at their start) counts as added.
     *
     * @return true when it changed anything
     */
    static boolean addMissingExportJobColumns(ClickHouseHttp ch) {
        String db = identifier("sextant.clickhouse.database", ch.database());
        return addColumns(ch.inOrder(), db, "export_jobs", ADDED_EXPORT_JOB_COLUMNS);
    }

    /**
     * Adds to {@code table}, on the node {@code node} asks, each of {@code wanted} (name and type) it
     * lacks, without {@code ON CLUSTER}. An ALTER that fails counts as done when the column is
     * there anyway, or arrives within 30 s: another replica's ALTER (or another API node's, at the
     * same start) reaching this one through ZooKeeper.
     *
     * @return true when it added anything
     */
    private static boolean addColumns(ClickHouseHttp node, String db, String table, java.util.Map<String, String> wanted) {
        java.util.Set<String> present = columns(node, db, table);
        boolean changed = false;
        for (var c : wanted.entrySet()) {
            if (present.contains(c.getKey())) {
                continue;
            }
            try {
                node.executeWithoutDatabase(new Sql("ALTER TABLE " + db + "." + table + " ADD COLUMN " + c.getKey() + " " + c.getValue()));
            } catch (RuntimeException e) {
                if (!arrives(node, db, table, c.getKey())) {
                    throw e;
                }
            }
            changed = true;
        }
        return changed;
    }

    private static java.util.Set<String> columns(ClickHouseHttp ch, String db, String table) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        ch.queryWithoutDatabase(Sql.of("SELECT name FROM system.columns WHERE database = ? AND table = ?", db, table),
                r -> columns.add(r.get("name").asString()));
        return columns;
    }

    /** Runs every statement; each waits until every node of the cluster has run it. */
    public static void create(ClickHouseHttp ch, String cluster) {
        for (String statement : statements(ch.database(), cluster)) {
            ch.executeWithoutDatabase(new Sql(statement));
        }
    }

    static String identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain identifier (letters, digits, _), not '" + name + "'");
        }
        return name;
    }

    private static String withoutComments(String statement) {
        return Arrays.stream(statement.split("\n"))
                .filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n")
                .strip();
    }
}
