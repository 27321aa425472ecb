package io.sextant.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ApiKey;
import io.sextant.store.ChangeLog;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChannelType;
import io.sextant.store.ExportJobStore;
import io.sextant.store.ExportKind;
import io.sextant.store.ExportStatus;
import io.sextant.store.StoreHealth;
import io.sextant.testkit.ClickHouseCluster;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The write-side stores of the ClickHouse engine against a real 2 × 2 cluster, in a database of
 * their own. Two "nodes" are two sets of stores with ZooKeeper sessions of their own, as two API
 * processes would have.
 */
class ClickHouseStoresTest {

    static final String DB = "stores_test";
    static ClickHouseCluster cluster;
    static Node a;
    static Node b;

    @TempDir
    static Path dataDir;

    /** What one API node has. */
    record Node(ClickHouseHttp ch, Coordination zk, Topology topology, ClickHouseChannelStore channels,
            ClickHouseEventStore events, ClickHouseApiKeyStore keys, ClickHouseExportJobStore jobs, ClickHouseExportFiles files,
            ChangeLog changes) {

        static Node start(Path dataDir) {
            ClickHouseHttp ch = new ClickHouseHttp(cluster.urls().stream().map(URI::create).toList(), "default", "", DB, Duration.ofSeconds(30));
            ClickHouseSchema.ensure(ch, "sextant");
            Coordination zk = new Coordination(cluster.env().get("SEXTANT_CLICKHOUSE_ZOOKEEPER"), DB, Duration.ofSeconds(10));
            Topology topology = new Topology(ch, "sextant");
            ChangeLog changes = new ChangeLog();
            ClickHouseChannelStore channels = new ClickHouseChannelStore(ch, zk, changes, Clock.systemUTC());
            return new Node(ch, zk, topology, channels, new ClickHouseEventStore(ch, topology, zk, channels, changes, new StoreHealth(), 0),
                    new ClickHouseApiKeyStore(ch, zk), new ClickHouseExportJobStore(ch, zk), new ClickHouseExportFiles(ch, zk, dataDir), changes);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = ClickHouseCluster.shared();
        a = Node.start(Files.createDirectories(dataDir.resolve("a")));
        b = Node.start(Files.createDirectories(dataDir.resolve("b")));
    }

    @AfterAll
    static void stop() {
        a.zk().close();
        b.zk().close();
    }

    static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0
                    ? new Event.ConversationStarted(prefix + i, 1_700_000_000_000L + i, "web-" + (i % 3), "c" + i, "de")
                    : new Event.Message(prefix + i, 1_700_000_000_000L + i, "web-" + (i % 3), "c" + (i - 1), Direction.USER, 5, null));
        }
        return out;
    }

    static long count(String chatbotId) {
        return Long.parseLong(a.ch().rows(Sql.of("SELECT toString(count()) AS n FROM events WHERE chatbot_id = ?", chatbotId))
                .getFirst().get("n").asString());
    }

    @Test
    void theSameBatchOnTwoNodesAtOnceIsStoredOnceAndOneOfThemReportsDuplicates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                String bot = "dedup-" + round;
                EventBatch batch = new EventBatch(bot, events("e", 200));
                Callable<int[]> onA = () -> a.events().append(List.of(batch));
                Callable<int[]> onB = () -> b.events().append(List.of(batch));
                Future<int[]> fa = pool.submit(onA);
                Future<int[]> fb = pool.submit(onB);
                int ra = fa.get()[0];
                int rb = fb.get()[0];
                assertThat(List.of(ra, rb)).as("one node stores all 200, the other finds them all stored").containsExactlyInAnyOrder(200, 0);
                assertThat(count(bot)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void seqNumbersFollowTheIngestionOrderAcrossNodesAndRepeatsWithinACallCountOnce() {
        String bot = "seq-bot";
        List<Event> first = events("s", 3);
        assertThat(a.events().append(List.of(new EventBatch(bot, first)))).containsExactly(3);
        // a later call on the other node: one id sent again, one repeated inside the call, one new
        List<Event> second = List.of(first.get(0), events("t", 1).get(0), events("t", 1).get(0));
        assertThat(b.events().append(List.of(new EventBatch(bot, second)))).containsExactly(1);
        List<String> order = a.ch().rows(Sql.of("SELECT event_id FROM events WHERE chatbot_id = ? ORDER BY seq", bot))
                .stream().map(r -> r.get("event_id").asString()).toList();
        assertThat(order).containsExactly("s0", "s1", "s2", "t0");
        List<JsonNode> seqs = a.ch().rows(Sql.of("SELECT toString(min(seq)) AS lo, toString(max(seq)) AS hi FROM events WHERE chatbot_id = ?", bot));
        assertThat(seqs.getFirst().get("lo").asString()).isEqualTo("1");
        assertThat(seqs.getFirst().get("hi").asString()).isEqualTo("4");
    }

    @Test
    void batchesOfChatbotsOnBothShardsInOneCallAreAllStoredWhereTheDistributedTableLooks() {
        List<EventBatch> batches = new ArrayList<>();
        java.util.Set<Integer> shards = new java.util.TreeSet<>();
        for (int i = 0; i < 8; i++) {
            batches.add(new EventBatch("spread-" + i, events("x", 5)));
            shards.add(a.topology().shardOf("spread-" + i));
        }
        assertThat(shards).as("the call spans both shards").containsExactly(1, 2);
        assertThat(a.events().append(batches)).containsOnly(5);
        for (int i = 0; i < 8; i++) {
            int shard = a.topology().shardOf("spread-" + i);
            URI firstReplica = a.topology().nodesOf(shard).getFirst();
            long local = Long.parseLong(a.ch().onNodes(List.of(firstReplica))
                    .rows(Sql.of("SELECT toString(count()) AS n FROM events_local WHERE chatbot_id = ?", "spread-" + i))
                    .getFirst().get("n").asString());
            assertThat(local).as("spread-%d on the first replica of shard %d", i, shard).isEqualTo(5);
            assertThat(count("spread-" + i)).isEqualTo(5);
        }
    }

    @Test
    void unknownChannelsAreRegisteredButNeverOverrideAPut() {
        String bot = "channels-bot";
        assertThat(a.channels().chatbotExists(bot)).isFalse();
        Channel put = a.channels().put(new ChannelStore.Metadata(bot, "web-1", "Website", ChannelType.WEB, null, null), 1000);
        assertThat(put.created()).isEqualTo(1000);
        b.events().append(List.of(new EventBatch(bot, events("c", 6))));
        assertThat(b.channels().chatbotExists(bot)).isTrue();
        List<Channel> list = a.channels().list(bot);
        assertThat(list).extracting(Channel::id).containsExactly("web-0", "web-1", "web-2");
        assertThat(list).extracting(Channel::type).containsExactly("unknown", "web", "unknown");
        Channel again = b.channels().put(new ChannelStore.Metadata(bot, "web-1", "Site", ChannelType.VOICE, "+49", "active"), 2000);
        assertThat(again.created()).as("created is kept").isEqualTo(1000);
        assertThat(a.channels().find(bot, "web-1")).contains(new Channel(bot, "web-1", "Site", "voice", "+49", "active", 1000, 2000));
        assertThat(a.channels().find(bot, "web-9")).isEmpty();
    }

    @Test
    void aKeyCreatedOrRevokedOnOneNodeChangesTheGenerationTheOtherReads() {
        long before = b.keys().generation();
        ApiKey key = new ApiKey("k-1", "one", List.of("*"), List.of("chatbots/x"), 5, null);
        a.keys().insert(key, "hash-1");
        long afterInsert = b.keys().generation();
        assertThat(afterInsert).isNotEqualTo(before);
        assertThat(b.keys().listActiveByHash()).containsEntry("hash-1", key);
        assertThat(b.keys().revoke("k-1", 9)).isTrue();
        assertThat(a.keys().generation()).isNotEqualTo(afterInsert);
        assertThat(a.keys().listActiveByHash()).doesNotContainKey("hash-1");
        assertThat(a.keys().revoke("k-1", 10)).as("already revoked").isFalse();
    }

    @Test
    void exportJobsChangeOnAnyNodeAndOnlyOneNodeCanClaimAJob() {
        // the segment's filters stay with the job through every change, quotes and colons too
        List<String> filters = List.of("attr.campaign:it's:spring", "handover:no");
        ExportJobStore.Job job = new ExportJobStore.Job("job-1", "bot", ExportKind.DAILY, 0, 86_399_999, "Europe/Berlin",
                ExportStatus.PENDING, 0, 100, null, null, null, 0, filters);
        a.jobs().insert(job);
        assertThat(b.jobs().unfinished()).extracting(ExportJobStore.Job::id).contains("job-1");
        Optional<ExportJobStore.Claim> claim = a.jobs().claim("job-1");
        assertThat(claim).isPresent();
        assertThat(b.jobs().claim("job-1")).as("the other node cannot run it meanwhile").isEmpty();
        a.jobs().markRunning("job-1");
        b.jobs().progress("job-1", 0.5);
        a.jobs().markCompleted("job-1", 200, 300);
        claim.get().close();
        ExportJobStore.Job done = b.jobs().find("job-1").orElseThrow();
        assertThat(done).isEqualTo(new ExportJobStore.Job("job-1", "bot", ExportKind.DAILY, 0, 86_399_999, "Europe/Berlin",
                ExportStatus.COMPLETED, 1, 100, 200L, 300L, null, 1, filters));
        assertThat(b.jobs().expiredBefore(301)).extracting(ExportJobStore.Job::id).contains("job-1");
        b.jobs().markExpired("job-1");
        assertThat(a.jobs().find("job-1").orElseThrow().status()).isEqualTo(ExportStatus.EXPIRED);
        assertThat(b.jobs().claim("job-1")).as("free again once released").isPresent().get().satisfies(ExportJobStore.Claim::close);
    }

    @Test
    void aFilePublishedOnOneNodeIsReadWholeOnTheOtherUntilDeleted() throws Exception {
        Path part = a.files().newPart("file-1");
        StringBuilder text = new StringBuilder();
        while (text.length() < 2 * ClickHouseExportFiles.CHUNK + 123) { // three chunks, the last a short one
            text.append("row,ümlaut,").append(text.length()).append('\n');
        }
        Files.writeString(part, text, StandardCharsets.UTF_8);
        a.files().publish("file-1", part);
        assertThat(part).doesNotExist();
        var resource = b.files().open("file-1").orElseThrow();
        byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(resource.contentLength()).isEqualTo(expected.length);
        try (InputStream in = resource.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(b.files().open("no-such-file")).isEmpty();
        b.files().delete("file-1");
        for (int i = 0; i < 100 && a.files().open("file-1").isPresent(); i++) {
            Thread.sleep(50); // the deletion is a mutation, applied in the background
        }
        assertThat(a.files().open("file-1")).isEmpty();
        assertThat(a.files().linkSecret()).hasSize(32).isEqualTo(b.files().linkSecret());
    }

    @Test
    void goalsRatingsAndAttributesAreStoredInTheirColumnsWithoutCommentText() {
        String bot = "quality-bot";
        long t = 1_700_000_000_000L;
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        attributes.put("campaign", "spring 'quoted'");
        attributes.put("plan", "pro");
        List<Event> events = List.of(
                new Event.ConversationStarted("q1", t, "web-1", "c1", "de", attributes),
                new Event.ConversationStarted("q2", t + 1, "web-1", "c2", null),
                new Event.Goal("q3", t + 2, "web-1", "c1", "order", 12.5),
                new Event.Goal("q4", t + 3, "web-1", "c1", "newsletter", null),
                new Event.Rating("q5", t + 4, "web-1", "c1", 4, null, 11),
                new Event.Rating("q6", t + 5, "web-1", "c2", null, Event.Thumbs.DOWN, null));
        assertThat(a.events().append(List.of(new EventBatch(bot, events)))).containsExactly(6);
        List<String> rows = b.ch().rows(Sql.of("""
                SELECT concat(event_id, ' ', type, ' ', arrayStringConcat(attribute_keys, ','), '=', arrayStringConcat(attribute_values, ','),
                       ' ', ifNull(goal_id, '-'), ' ', ifNull(toString(value), '-'), ' ', ifNull(toString(rating_score), '-'),
                       ' ', ifNull(thumbs, '-'), ' ', ifNull(toString(comment_length), '-')) AS r
                FROM events WHERE chatbot_id = ? ORDER BY seq""", bot)).stream().map(r -> r.get("r").asString()).toList();
        assertThat(rows).containsExactly(
                "q1 conversation.started campaign,plan=spring 'quoted',pro - - - - -",
                "q2 conversation.started = - - - - -",
                "q3 goal = order 12.5 - - -",
                "q4 goal = newsletter - - - -",
                "q5 rating = - - 4 - 11",
                "q6 rating = - - - down -");
    }

    @Test
    void aClusterMadeBeforeTheQualityEventsGetsTheirColumnsAtStart() throws InterruptedException {
        ClickHouseHttp ch = new ClickHouseHttp(cluster.urls().stream().map(URI::create).toList(), "default", "", "upgrade_test",
                Duration.ofSeconds(30));
        ClickHouseSchema.ensure(ch, "sextant");
        // the tables as the version before the quality events made them; the columns dropped node by
        // node, as the start adds them (an ALTER ON CLUSTER of a replicated table can wedge 18.16's DDL queue)
        ch.execute(new Sql("DROP TABLE events ON CLUSTER sextant"));
        for (URI uri : ch.nodes()) {
            ClickHouseHttp node = ch.onNodes(List.of(uri));
            for (String column : ClickHouseSchema.ADDED_EVENT_COLUMNS.keySet()) {
                if (columns(node, "events_local").contains(column)) {
                    try {
                        node.execute(new Sql("ALTER TABLE events_local DROP COLUMN " + column));
                    } catch (RuntimeException e) {
                        // its shard's other replica dropped it first: it goes here too, as checked below
                    }
                }
            }
        }
        for (String column : ClickHouseSchema.ADDED_EVENT_COLUMNS.keySet()) {
            awaitOnEveryNode("upgrade_test", "events_local", column, false);
        }
        ch.execute(new Sql("CREATE TABLE upgrade_test.events ON CLUSTER sextant AS upgrade_test.events_local "
                + "ENGINE = Distributed(sextant, upgrade_test, events_local, cityHash64(chatbot_id))"));
        for (URI uri : ch.nodes()) {
            ClickHouseHttp node = ch.onNodes(List.of(uri));
            assertThat(columns(node, "events_local")).as(uri.toString()).doesNotContain("goal_id", "attribute_values");
            assertThat(columns(node, "events")).as(uri.toString()).contains("chatbot_id").doesNotContain("goal_id", "attribute_values");
        }

        assertThat(ClickHouseSchema.ensure(ch, "sextant")).as("the start that upgrades").isTrue();
        for (URI uri : ch.nodes()) { // every node, each replica of each shard
            ClickHouseHttp node = ch.onNodes(List.of(uri));
            assertThat(columns(node, "events_local")).as(uri.toString()).containsAll(ClickHouseSchema.ADDED_EVENT_COLUMNS.keySet());
            assertThat(columns(node, "events")).as(uri.toString()).containsAll(ClickHouseSchema.ADDED_EVENT_COLUMNS.keySet());
        }
        assertThat(ClickHouseSchema.ensure(ch, "sextant")).as("the next start has nothing to do").isFalse();
    }

    private static List<String> columns(ClickHouseHttp ch, String table) {
        return ch.rows(Sql.of("SELECT name FROM system.columns WHERE database = ? AND table = ?", "upgrade_test", table))
                .stream().map(r -> r.get("name").asString()).toList();
    }

    @Test
    void settingsChangedOnTwoNodesAtOnceKeepBothChanges() throws Exception {
        ClickHouseChatbotSettingsStore onA = new ClickHouseChatbotSettingsStore(a.ch(), a.zk(), a.changes(), Clock.systemUTC());
        ClickHouseChatbotSettingsStore onB = new ClickHouseChatbotSettingsStore(b.ch(), b.zk(), b.changes(), Clock.systemUTC());
        String bot = "settings-bot";
        assertThat(onB.settings(bot)).isEqualTo(io.sextant.store.ChatbotSettings.defaults(bot));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 3; round++) {
                int days = round * 10;
                double threshold = round / 10.0;
                Future<?> fa = pool.submit(() -> onA.update(bot, s -> s.withRetentionDays(days)));
                Future<?> fb = pool.submit(() -> onB.update(bot, s -> s.withUnderstanding(List.of("fallback", "none"), threshold)));
                fa.get();
                fb.get();
                assertThat(onB.settings(bot)).isEqualTo(new io.sextant.store.ChatbotSettings(bot, List.of("fallback", "none"), threshold, days));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(onA.all()).extracting(io.sextant.store.ChatbotSettings::chatbotId).contains(bot);
    }

    @Test
    void ofTwoNodesStartingOnAnEmptyStoreOnlyOneMintsTheFirstAdminKey() throws Exception {
        // the key table is shared by the tests of this class: a database of its own for this one
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            ClickHouseHttp ch = new ClickHouseHttp(cluster.urls().stream().map(URI::create).toList(), "default", "", "first_admin_test",
                    Duration.ofSeconds(30));
            ClickHouseSchema.ensure(ch, "sextant");
            List<Future<Boolean>> minted = new ArrayList<>();
            List<Coordination> zks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Coordination zk = new Coordination(cluster.env().get("SEXTANT_CLICKHOUSE_ZOOKEEPER"), "first_admin_test", Duration.ofSeconds(10));
                zks.add(zk);
                ClickHouseApiKeyStore keys = new ClickHouseApiKeyStore(ch, zk);
                ApiKey key = new ApiKey("admin-" + i, "admin", List.of("*"), List.of("*"), 1, null);
                minted.add(pool.submit(() -> keys.insertIfNoActiveKey(key, "h" + key.id())));
            }
            assertThat(List.of(minted.get(0).get(), minted.get(1).get())).containsExactlyInAnyOrder(true, false);
            assertThat(new ClickHouseApiKeyStore(ch, zks.getFirst()).listActive()).hasSize(1);
            zks.forEach(Coordination::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClusterOfAnEarlierVersionGainsTheExportJobsFiltersAtStart() throws InterruptedException {
        // export_jobs as it was before jobs kept a segment: the start adds the column, and old jobs have none
        // (a database of its own; the old job written on the node the job store reads first)
        ClickHouseHttp ch = new ClickHouseHttp(cluster.urls().stream().map(URI::create).toList(), "default", "", "upgrade_jobs_test",
                Duration.ofSeconds(30));
        ClickHouseSchema.ensure(ch, "sextant");
        // a replica on every node: an ALTER of one node reaches the others through ZooKeeper
        ch.inOrder().executeWithoutDatabase(new Sql("ALTER TABLE upgrade_jobs_test.export_jobs DROP COLUMN filters"));
        awaitOnEveryNode("upgrade_jobs_test", "export_jobs", "filters", false);
        ch.inOrder().execute(new Sql("INSERT INTO export_jobs (id, chatbot_id, kind, from_ts, to_ts, timezone, status, progress, created_at, "
                + "completed_at, expires_at, error, attempts, version) VALUES ('old', 'bot', 'daily', 0, 1, NULL, 'pending', 0, 1, "
                + "NULL, NULL, NULL, 0, 1)"));
        assertThat(ClickHouseSchema.ensure(ch, "sextant")).as("the column was added").isTrue();
        assertThat(ClickHouseSchema.ensure(ch, "sextant")).as("and only once").isFalse();
        ClickHouseExportJobStore jobs = new ClickHouseExportJobStore(ch, a.zk());
        assertThat(jobs.find("old").orElseThrow().filters()).isEmpty();
        jobs.insert(new ExportJobStore.Job("new", "bot", ExportKind.CONVERSATIONS, 0, 1, null, ExportStatus.PENDING, 0, 2, null, null,
                null, 0, List.of("goal:order")));
        assertThat(jobs.find("new").orElseThrow().filters()).containsExactly("goal:order");
        awaitOnEveryNode("upgrade_jobs_test", "export_jobs", "filters", true);
    }

    /** Waits until every node's {@code table} of {@code database} has (or lacks) {@code column}; fails after 30 s. */
    private static void awaitOnEveryNode(String database, String table, String column, boolean present) throws InterruptedException {
        for (String url : cluster.urls()) {
            ClickHouseHttp node = new ClickHouseHttp(List.of(URI.create(url)), "default", "", database, Duration.ofSeconds(30));
            Sql has = Sql.of("SELECT name FROM system.columns WHERE database = ? AND table = ? AND name = ?", database, table, column);
            for (int i = 0; i < 300 && node.rows(has).isEmpty() == present; i++) {
                Thread.sleep(100);
            }
            assertThat(node.rows(has).isEmpty()).as("%s.%s on %s", table, column, url).isEqualTo(!present);
        }
    }

    @Test
    void theLookupStatementOfAWholeGroupFitsInOneRequest() {
        String bot = "big-bot";
        assertThat(a.events().append(List.of(new EventBatch(bot, events("a-rather-long-event-id-prefix-", 20_000))))).containsExactly(20_000);
        assertThat(b.events().append(List.of(new EventBatch(bot, events("a-rather-long-event-id-prefix-", 20_000))))).containsExactly(0);
        assertThat(count(bot)).isEqualTo(20_000);
    }

    static Map<String, String> env() {
        return cluster.envWithDatabase(DB);
    }
}
