package io.sextant.store.clickhouse;

import io.sextant.store.StorageFullException;
import io.sextant.store.StoreHealth;
import io.sextant.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the ClickHouse cluster over its HTTP interface, the one way that works with every
 * release from 18.16 on (the official Java client returns empty results from 18.16 unless
 * compression is off, and its JDBC drivers cannot read them; see docs/scale-out.md).
 *
 * <p>Requests use HTTP/1.1 (18.16 closes a connection that offers an upgrade to HTTP/2), the SQL as
 * the body (or, for an insert, in the {@code query} parameter with the rows as the body), the user,
 * password and database as parameters, and answers are read as {@code JSONEachRow}: one JSON object a
 * line. Each request goes to the next node in turn; a node that cannot be reached is skipped for the
 * next one, so any live node answers. A request that no node can take, or that ClickHouse refuses
 * because a part of the cluster is unreachable (a shard, ZooKeeper, a quorum), is a
 * {@link StoreUnavailableException} (503); a full disk is a {@link StorageFullException} (507); any
 * other refusal is a fault of the statement, an {@link IllegalStateException} naming the code.
 */
public final class ClickHouseHttp {

    /** ClickHouse error codes that say a part of the cluster is unavailable, not that the statement is wrong. */
    private static final Set<Integer> UNAVAILABLE = Set.of(
            3, // UNEXPECTED_END_OF_FILE (a connection cut while reading)
            32, // ATTEMPT_TO_READ_AFTER_EOF
            159, // TIMEOUT_EXCEEDED
            164, // READONLY
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            225, // NO_ZOOKEEPER
            242, // TABLE_IS_READ_ONLY (a replicated table without ZooKeeper)
            252, // TOO_MANY_PARTS
            279, // ALL_CONNECTION_TRIES_FAILED (a whole shard unreachable)
            285, // TOO_FEW_LIVE_REPLICAS
            286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE
            319, // UNKNOWN_STATUS_OF_INSERT
            999); // KEEPER_EXCEPTION
    private static final int NOT_ENOUGH_SPACE = 243;

    /**
     * Settings of every request. A {@code Distributed} read asks the replicas of a shard in the
     * order of the cluster's configuration ({@code in_order}, none preferred for being local:
     * on a loopback cluster every replica looks local), skipping one that is down or more than a
     * second behind; writes go to the first live replica of the shard in the same order, so a
     * read sees what was acknowledged before it while that replica lives and is not counted as
     * behind (a merge queued on it for over a second counts: the read then asks the other replica,
     * which may not have fetched the latest insert yet; docs/scale-out.md). A shard none of whose
     * replicas answers fails the read ({@code skip_unavailable_shards} stays off): never a partial
     * answer.
     */
    public static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "load_balancing", "in_order",
            "prefer_localhost_replica", "0",
            "max_replica_delay_for_distributed_queries", "1",
            "fallback_to_stale_replicas_for_distributed_queries", "1",
            "skip_unavailable_shards", "0");
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    private final List<URI> nodes;
    private final String credentials;
    private final String database;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger next;
    /** Whether requests start at the next node in turn (spreading load) or always at the first (a fixed order). */
    private final boolean roundRobin;

    /**
     * @param nodes the HTTP endpoints of the cluster's nodes ({@code http://host:port})
     * @param database the database statements run in (their unqualified table names)
     * @param timeout how long one request may take
     */
    public ClickHouseHttp(List<URI> nodes, String user, String password, String database, Duration timeout) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no ClickHouse node given");
        }
        this.nodes = List.copyOf(nodes);
        this.credentials = "user=" + enc(user) + "&password=" + enc(password);
        this.database = database;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        this.roundRobin = true;
        this.next = new AtomicInteger();
    }

    private ClickHouseHttp(ClickHouseHttp of, List<URI> nodes, boolean roundRobin) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no ClickHouse node given");
        }
        this.nodes = List.copyOf(nodes);
        this.credentials = of.credentials;
        this.database = of.database;
        this.timeout = of.timeout;
        this.http = of.http;
        this.roundRobin = roundRobin;
        this.next = new AtomicInteger();
    }

    /**
     * The same client, but every request tries the nodes in their configured order: the first live
     * node answers. Writes and reads of the tables kept on every node go this way, so that a read
     * sees what was written before it while that node lives (another node may lag behind by its
     * replication delay).
     */
    public ClickHouseHttp inOrder() {
        return new ClickHouseHttp(this, nodes, false);
    }

    /** A client of only {@code subset} (nodes of this client), tried in the given order. */
    public ClickHouseHttp onNodes(List<URI> subset) {
        return new ClickHouseHttp(this, subset, false);
    }

    public List<URI> nodes() {
        return nodes;
    }

    public String database() {
        return database;
    }

    /** Runs a statement that answers nothing (DDL, ALTER, INSERT … SELECT), in the database. */
    public void execute(Sql sql, Map<String, String> settings) {
        send(sql.text(), null, settings, true, null);
    }

    public void execute(Sql sql) {
        execute(sql, Map.of());
    }

    /** Runs a statement outside any database (to create it). */
    public void executeWithoutDatabase(Sql sql) {
        send(sql.text(), null, Map.of(), false, null);
    }

    /** Streams the rows of a query, one JSON object each; the SQL must not name a format. */
    public void query(Sql sql, Map<String, String> settings, Consumer<JsonNode> row) {
        send(sql.text() + "\nFORMAT JSONEachRow", null, settings, true, row);
    }

    public void query(Sql sql, Consumer<JsonNode> row) {
        query(sql, Map.of(), row);
    }

    /** Streams the rows of a query run outside any database (before it exists). */
    public void queryWithoutDatabase(Sql sql, Consumer<JsonNode> row) {
        send(sql.text() + "\nFORMAT JSONEachRow", null, Map.of(), false, row);
    }

    /** The rows of a query. */
    public List<JsonNode> rows(Sql sql) {
        List<JsonNode> out = new ArrayList<>();
        query(sql, out::add);
        return out;
    }

    /**
     * Inserts rows into {@code table} as one statement ({@code INSERT INTO table FORMAT
     * JSONEachRow}); each row is an object whose fields are columns. A block of rows that goes to
     * one table of one shard is written whole or not at all.
     */
    public void insert(String table, List<?> rows, Map<String, String> settings) {
        StringBuilder body = new StringBuilder(rows.size() * 200);
        for (Object r : rows) {
            body.append(json.writeValueAsString(r)).append('\n');
        }
        send("INSERT INTO " + table + " FORMAT JSONEachRow", body.toString(), settings, true, null);
    }

    private void send(String sql, String rows, Map<String, String> settings, boolean inDatabase, Consumer<JsonNode> sink) {
        StringBuilder query = new StringBuilder(credentials);
        if (inDatabase) {
            query.append("&database=").append(enc(database));
        }
        Map<String, String> all = new java.util.TreeMap<>(DEFAULT_SETTINGS);
        all.putAll(settings);
        all.forEach((k, v) -> query.append('&').append(enc(k)).append('=').append(enc(v)));
        if (rows != null) {
            query.append("&query=").append(enc(sql));
        }
        String body = rows != null ? rows : sql;
        int start = roundRobin ? Math.floorMod(next.getAndIncrement(), nodes.size()) : 0;
        IOException last = null;
        for (int i = 0; i < nodes.size(); i++) {
            URI node = nodes.get((start + i) % nodes.size());
            HttpRequest request = HttpRequest.newBuilder(node.resolve("/?" + query))
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Stream<String>> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                last = e; // this node cannot be reached: the next one may
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for ClickHouse", e);
            }
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    throw refusal(node, String.join("\n", lines.toList()));
                }
                if (sink != null) {
                    lines.forEach(l -> {
                        if (!l.isEmpty()) {
                            sink.accept(json.readTree(l));
                        }
                    });
                } else {
                    lines.forEach(l -> {});
                }
                return;
            } catch (UncheckedIOException e) {
                // the answer was cut off: a node that stops while it answers; reads are not retried
                // half-way (the sink has seen rows), so this is the cluster being unavailable
                throw new StoreUnavailableException("ClickHouse node " + node + " stopped answering", e);
            }
        }
        throw new StoreUnavailableException("no ClickHouse node answers (" + nodes.size() + " tried): "
                + (last == null ? "" : last), last);
    }

    private static RuntimeException refusal(URI node, String message) {
        Matcher m = CODE.matcher(message);
        int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
        String what = "ClickHouse " + node + " refused: " + message.strip();
        if (code == NOT_ENOUGH_SPACE || StoreHealth.diskFull(new RuntimeException(message))) {
            return new StorageFullException(what, null);
        }
        if (UNAVAILABLE.contains(code)) {
            return new StoreUnavailableException(what, null);
        }
        return new IllegalStateException(what);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
