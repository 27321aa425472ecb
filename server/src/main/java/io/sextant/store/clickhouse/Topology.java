package io.sextant.store.clickhouse;

import io.sextant.store.StoreUnavailableException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Which configured node holds which shard, and which shard holds which chatbot: the same choice the
 * {@code events} Distributed table makes ({@code cityHash64(chatbot_id)} modulo the sum of the shard
 * weights, shards in their {@code remote_servers} order), so that a chatbot's rows written directly
 * into {@code events_local} of its shard are where a Distributed read looks for them.
 *
 * <p>A node's shard is its {@code {shard}} macro ({@code system.macros}), which must be the shard's
 * number in {@code remote_servers} (as {@code bin/sextant cluster} configures it). A node that does
 * not answer when asked is asked again at the next write, until it answers.
 */
final class Topology {

    private record Shard(int number, long weight) {}

    private final ClickHouseHttp ch;
    private final String cluster;
    private final List<Shard> shards;
    private final long totalWeight;
    /** URL → shard number, for the nodes that answered so far. */
    private final Map<URI, Integer> shardOfNode = new ConcurrentHashMap<>();
    private final Map<String, Integer> shardOfChatbot = new ConcurrentHashMap<>();
    private volatile long lastDiscovery;

    Topology(ClickHouseHttp ch, String cluster) {
        this.ch = ch;
        this.cluster = ClickHouseSchema.identifier("sextant.clickhouse.cluster", cluster);
        List<Shard> found = new ArrayList<>();
        ch.query(Sql.of("SELECT shard_num, any(shard_weight) AS w FROM system.clusters WHERE cluster = ? GROUP BY shard_num "
                + "ORDER BY shard_num", cluster), r -> found.add(new Shard(r.get("shard_num").asInt(), r.get("w").asLong())));
        if (found.isEmpty()) {
            throw new IllegalStateException("ClickHouse knows no cluster '" + cluster + "' (system.clusters); set "
                    + "sextant.clickhouse.cluster to a cluster of its remote_servers");
        }
        this.shards = List.copyOf(found);
        this.totalWeight = found.stream().mapToLong(Shard::weight).sum();
        discover();
    }

    /** Asks every node not mapped yet for its shard. */
    private void discover() {
        lastDiscovery = System.nanoTime();
        for (URI node : ch.nodes()) {
            if (shardOfNode.containsKey(node)) {
                continue;
            }
            try {
                List<JsonNode> rows = ch.onNodes(List.of(node)).rows(new Sql("SELECT substitution FROM system.macros WHERE macro = 'shard'"));
                if (rows.isEmpty()) {
                    throw new IllegalStateException("ClickHouse node " + node + " has no {shard} macro");
                }
                shardOfNode.put(node, Integer.parseInt(rows.getFirst().get("substitution").asString().strip()));
            } catch (StoreUnavailableException down) {
                // asked again at the next write
            }
        }
    }

    /** The shard number of the chatbot (1-based, as {@code shard_num}). */
    int shardOf(String chatbotId) {
        Integer known = shardOfChatbot.get(chatbotId);
        if (known != null) {
            return known;
        }
        String hash = ch.rows(Sql.of("SELECT toString(cityHash64(?)) AS h", chatbotId)).getFirst().get("h").asString();
        long slot = Long.remainderUnsigned(Long.parseUnsignedLong(hash), totalWeight);
        int shard = shards.getLast().number();
        long upTo = 0;
        for (Shard s : shards) {
            upTo += s.weight();
            if (slot < upTo) {
                shard = s.number();
                break;
            }
        }
        shardOfChatbot.put(chatbotId, shard);
        return shard;
    }

    /** The configured nodes of a shard, in configuration order (the first live one takes the writes). */
    List<URI> nodesOf(int shard) {
        if (shardOfNode.size() < ch.nodes().size() && System.nanoTime() - lastDiscovery > 5_000_000_000L) {
            discover();
        }
        List<URI> out = new ArrayList<>();
        for (URI node : ch.nodes()) {
            if (Integer.valueOf(shard).equals(shardOfNode.get(node))) {
                out.add(node);
            }
        }
        if (out.isEmpty()) {
            throw new StoreUnavailableException("no configured ClickHouse node of shard " + shard + " answers; nothing was stored;"
                    + " send the request again later", null);
        }
        return out;
    }

    /**
     * A client of the chatbot's shard only: its nodes in configuration order, the first that answers
     * taking the statement (the replica writes prefer). Statements through it read the shard's
     * {@code events_local}, so they need no other shard; when no replica of the shard answers, a
     * statement fails with a {@link StoreUnavailableException}, never an answer without the shard.
     */
    ClickHouseHttp replicasOf(String chatbotId) {
        return ch.onNodes(nodesOf(shardOf(chatbotId)));
    }

    /** Every shard's nodes, by shard number (for tests and diagnostics). */
    Map<Integer, List<URI>> layout() {
        Map<Integer, List<URI>> out = new TreeMap<>();
        for (Shard s : shards) {
            try {
                out.put(s.number(), nodesOf(s.number()));
            } catch (StoreUnavailableException e) {
                out.put(s.number(), List.of());
            }
        }
        return out;
    }
}
