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
        return addMissingColumns(ch, cluster) || created;
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

    /** The columns {@code export_jobs} gained after its first release (a job's segment), as {@link #ADDED_EVENT_COLUMNS}. */
    static final java.util.Map<String, String> ADDED_EXPORT_JOB_COLUMNS = java.util.Map.of("filters", "Array(String)");

    /** The added columns of every table that has some, in the order they are checked. */
    private static final java.util.Map<String, java.util.Map<String, String>> ADDED_COLUMNS = new java.util.LinkedHashMap<>();

    static {
        ADDED_COLUMNS.put("events_local", ADDED_EVENT_COLUMNS);
        ADDED_COLUMNS.put("events", ADDED_EVENT_COLUMNS);
        ADDED_COLUMNS.put("export_jobs", ADDED_EXPORT_JOB_COLUMNS);
    }

    /**
     * Tables whose replicas are all the nodes (one ZooKeeper path, {@code .../all/...}): an ALTER of
     * one node reaches the others through ZooKeeper, while {@code ON CLUSTER} would run it on a
     * replica of every shard, and all but the first would find the column there already.
     */
    private static final java.util.Set<String> ON_EVERY_NODE = java.util.Set.of("export_jobs");

    /**
     * Adds what {@link #ADDED_COLUMNS} names and the tables lack; true when it added any. A column
     * another API node added meanwhile (both saw it missing at their start) counts as added.
     */
    static boolean addMissingColumns(ClickHouseHttp ch, String cluster) {
        String db = ch.database();
        String cl = identifier("sextant.clickhouse.cluster", cluster);
        boolean added = false;
        for (var table : ADDED_COLUMNS.entrySet()) {
            boolean everyNode = ON_EVERY_NODE.contains(table.getKey());
            ClickHouseHttp node = everyNode ? ch.inOrder() : ch; // one node: the one the table's store reads and writes first
            java.util.Set<String> columns = columns(node, table.getKey());
            for (var c : table.getValue().entrySet()) {
                if (columns.contains(c.getKey())) {
                    continue;
                }
                try {
                    node.executeWithoutDatabase(new Sql("ALTER TABLE " + identifier("sextant.clickhouse.database", db) + "." + table.getKey()
                            + (everyNode ? "" : " ON CLUSTER " + cl) + " ADD COLUMN " + c.getKey() + " " + c.getValue()));
                } catch (RuntimeException e) {
                    if (!columns(node, table.getKey()).contains(c.getKey())) {
                        throw e;
                    }
                }
                added = true;
            }
        }
        return added;
    }

    private static java.util.Set<String> columns(ClickHouseHttp ch, String table) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        ch.queryWithoutDatabase(Sql.of("SELECT name FROM system.columns WHERE database = ? AND table = ?", ch.database(), table),
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
