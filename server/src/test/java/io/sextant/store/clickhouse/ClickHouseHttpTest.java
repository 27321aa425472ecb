package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.testkit.ClickHouseCluster;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTTP client, its bound values and the schema, against a real 2 × 2 cluster. */
class ClickHouseHttpTest {

    static ClickHouseCluster cluster;

    @BeforeAll
    static void cluster() {
        cluster = ClickHouseCluster.shared();
    }

    private static ClickHouseHttp client(String database, List<String> urls) {
        return new ClickHouseHttp(urls.stream().map(URI::create).toList(), "default", "", database, Duration.ofSeconds(30));
    }

    @Test
    void everyStringComesBackAsItWasBoundAndAQuestionMarkInALiteralIsNotAParameter() {
        ClickHouseHttp ch = client("default", cluster.urls());
        List<String> values = List.of("", "O'Brien", "back\\slash", "two\nlines\r\n", "tab\tand\0nul", "\u0001\u001f\u007f",
                "ümlaut €", "emoji 😀", "'; DROP TABLE x; --", "\\'", "?", "{{db}}");
        for (String v : values) {
            List<JsonNode> rows = ch.rows(Sql.of("SELECT ? AS s, '?' AS q", v));
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().get("s").asString()).isEqualTo(v);
            assertThat(rows.getFirst().get("q").asString()).isEqualTo("?");
        }
        assertThat(ch.rows(Sql.of("SELECT ? AS n, ? AS d, ? AS b, 3 IN ? AS i, 3 IN ? AS e", Long.MAX_VALUE, 0.1, true, List.of(1L, 3L), List.of()))
                .getFirst().toString())
                .isEqualTo("{\"n\":\"9223372036854775807\",\"d\":0.1,\"b\":1,\"i\":1,\"e\":0}");
    }

    @Test
    void bindingCountsItsValues() {
        assertThatThrownBy(() -> Sql.of("SELECT ?, ?", 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.of("SELECT ?", 1L, 2L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.of("SELECT ?", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeThatCannotBeReachedIsSkippedAndAWrongStatementIsTheStatementsFault() {
        List<String> urls = new ArrayList<>();
        urls.add("http://127.0.0.1:9"); // discard port: nothing listens
        urls.addAll(cluster.urls());
        ClickHouseHttp ch = client("default", urls);
        for (int i = 0; i < urls.size(); i++) {
            assertThat(ch.rows(new Sql("SELECT 1 AS one")).getFirst().get("one").asInt()).isEqualTo(1);
        }
        assertThatThrownBy(() -> ch.rows(new Sql("SELECT no_such_column FROM system.one")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Code: 47");
    }

    @Test
    void theSchemaIsCreatedOnEveryNodeTwiceWithoutHarmAndAChatbotsEventsLiveOnOneShard() throws Exception {
        String db = "schema_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        ClickHouseHttp ch = client(db, cluster.urls());
        ClickHouseSchema.create(ch, "sextant");
        ClickHouseSchema.create(ch, "sextant");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("chatbot_id", "bot-1");
        row.put("event_id", "e1");
        row.put("ts", 1_700_000_000_123L);
        row.put("seq", 1);
        row.put("type", "message");
        row.put("channel_id", "web");
        row.put("conversation_id", "c1");
        row.put("direction", "user");
        row.put("length", 12);
        ch.insert("events", List.of(row), Map.of("insert_distributed_sync", "1"));
        // a replica receives the other's insert within moments: wait for it, then every node answers it
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long local;
        do {
            local = 0;
            for (String url : cluster.urls()) {
                local += client(db, List.of(url)).rows(new Sql("SELECT count() AS n FROM events_local")).getFirst().get("n").asLong();
            }
        } while (local < 2 && System.nanoTime() < deadline && sleep());
        assertThat(local).as("rows on the two replicas of one shard, none on the other shard").isEqualTo(2);
        for (String url : cluster.urls()) {
            ClickHouseHttp one = client(db, List.of(url));
            assertThat(one.rows(new Sql("SELECT ts, direction, language FROM events")).toString())
                    .isEqualTo("[{\"ts\":\"1700000000123\",\"direction\":\"user\",\"language\":null}]");
        }
        ch.executeWithoutDatabase(new Sql("DROP DATABASE " + db + " ON CLUSTER sextant"));
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    @Test
    void theDatabaseAndClusterNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> ClickHouseSchema.statements("a-b", "sextant")).hasMessageContaining("sextant.clickhouse.database");
        assertThatThrownBy(() -> ClickHouseSchema.statements("db", "x;y")).hasMessageContaining("sextant.clickhouse.cluster");
        assertThat(ClickHouseSchema.statements("db", "c")).allSatisfy(s -> assertThat(s).contains("ON CLUSTER c").doesNotContain("{{"));
    }
}
