package io.sextant.store.clickhouse;

import static io.sextant.store.clickhouse.ClickHouseReportStore.doubleOf;
import static io.sextant.store.clickhouse.ClickHouseReportStore.longOf;
import static io.sextant.store.clickhouse.ClickHouseReportStore.nullableLong;

import io.sextant.stats.Percentile;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The export queries on ClickHouse, each one statement whose rows are handed on as the HTTP answer
 * streams ({@code export-*.sql} beside this class), so nothing accumulates in the heap.
 *
 * <p>Daily: the grid of buckets × channels (the bound bucket starts and ends, ARRAY JOINed with the
 * chatbot's channels) left-joined with three aggregates per (bucket, channel): one pass over the
 * window's events counted per slot of the bucket grid ({@link BucketSlots}) and channel first, the
 * conversations by the bucket of their start on a channel with their messages there, and the inbox
 * threads ({@code inbox-threads.sql}) opened and closed. Medians come as sorted samples; the two
 * middle ones are interpolated here with {@link Percentile}, the reference's rule.
 *
 * <p>Conversations: one aggregation of the chatbot's events per conversation (start, start channel,
 * latest language, counts, the latest call's end reason), joined with the top intent, the channel's
 * type and the conversation's first thread.
 *
 * <p>Each statement reads the chatbot's rows of {@code events_local} on its own shard
 * ({@link Topology#replicasOf}), so it needs no other shard; a shard none of whose replicas answers
 * fails it (503), never a partial file. The chatbot's channels (the grid, the types) are read first
 * through the {@link ChannelStore}, on the node channels are written to, and bound as arrays.
 *
 * <p>Of a segment, every read of events keeps its conversations only ({@link SegmentSql}); the
 * statements of every conversation are built once.
 */
public final class ClickHouseExportDataStore implements ExportDataStore {

    private static final String DAILY = daily(SegmentSql.ALL);

    private static final String CONVERSATIONS = conversations(SegmentSql.ALL);

    private static final String CONVERSATION_COUNT = conversationCount(SegmentSql.ALL);

    private static String daily(SegmentSql segment) {
        return SqlResource.load("export-daily", Map.of("inboxThreads",
                ClickHouseInboxStore.threads("opened_at BETWEEN :from AND :to OR closed_at BETWEEN :from AND :to", segment),
                "segmentFilter", segment.restrict("conversation_id")), BucketSlots.FORMS);
    }

    private static String conversations(SegmentSql segment) {
        return SqlResource.load("export-conversations",
                Map.of("firstThreads", ClickHouseInboxStore.threads("thread_no = 1"), "segmentFilter", segment.restrict("conversation_id")));
    }

    private static String conversationCount(SegmentSql segment) {
        return "SELECT count() AS n FROM (SELECT conversation_id, min(ts) AS start_ts FROM events_local\n"
                + "WHERE chatbot_id = :chatbot AND type = 'conversation.started'" + segment.restrict("conversation_id")
                + " GROUP BY conversation_id\nHAVING start_ts BETWEEN :from AND :to)";
    }

    private final Topology topology;
    private final ChannelStore channels;

    ClickHouseExportDataStore(Topology topology, ChannelStore channels) {
        this.topology = topology;
        this.channels = channels;
    }

    @Override
    public long channelCount(String chatbotId) {
        return channels.list(chatbotId).size();
    }

    /** The chatbot's channels as the arrays {@code :channelIds}, {@code :channelNames}, {@code :channelTypes}, in one order. */
    private void bindChannels(String chatbotId, Map<String, Object> values) {
        List<Channel> known = channels.list(chatbotId);
        values.put("channelIds", known.stream().map(Channel::id).toList());
        values.put("channelNames", known.stream().map(Channel::name).toList());
        values.put("channelTypes", known.stream().map(Channel::type).toList());
    }

    @Override
    public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
        SegmentSql seg = SegmentSql.of(segment);
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", chatbotId, "from", days.from(), "to", days.to(),
                "ends", days.bucketEnds()));
        BucketSlots.of(days.bucketStarts(), days.to()).bind(days.bucketStarts(), values);
        bindChannels(chatbotId, values);
        seg.bind(values);
        topology.replicasOf(chatbotId).query(new NamedSql(seg.isAll() ? DAILY : daily(seg), values).bind(), r -> sink.accept(new DailyRow(
                longOf(r.get("b_start")), longOf(r.get("b_end")), r.get("channel_id").asString(), r.get("name").asString(),
                r.get("channel_type").asString(), longOf(r.get("conversations")), longOf(r.get("messages")),
                longOf(r.get("user_messages")), longOf(r.get("bot_messages")), longOf(r.get("agent_messages")),
                longOf(r.get("interactions")), longOf(r.get("steps")), longOf(r.get("intent_hits")), median(r, "score"),
                median(r, "per_conversation"), median(r, "length"), longOf(r.get("calls")), r.get("duration").asDouble(),
                median(r, "duration"), longOf(r.get("inbox_opened")), longOf(r.get("inbox_closed")))));
    }

    /** The median of the samples {@code NAME_n}, from the two middle ones {@code NAME_lo} and {@code NAME_hi}; null without samples. */
    private static Double median(JsonNode r, String name) {
        long n = longOf(r.get(name + "_n"));
        if (n == 0) {
            return null;
        }
        long lo = (n - 1) / 2;
        double low = r.get(name + "_lo").asDouble();
        double high = r.get(name + "_hi").asDouble();
        return Percentile.ofSorted((int) Math.min(n, Integer.MAX_VALUE), i -> i == lo ? low : high, Percentile.MEDIAN);
    }

    @Override
    public long conversationCount(String chatbotId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(segment);
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", chatbotId, "from", from, "to", to));
        seg.bind(values);
        if (seg.needsChannels()) {
            bindChannels(chatbotId, values);
        }
        return longOf(topology.replicasOf(chatbotId).rows(new NamedSql(seg.isAll() ? CONVERSATION_COUNT : conversationCount(seg), values).bind())
                .getFirst().get("n"));
    }

    @Override
    public void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink) {
        SegmentSql seg = SegmentSql.of(segment);
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", chatbotId, "from", from, "to", to));
        bindChannels(chatbotId, values);
        seg.bind(values);
        topology.replicasOf(chatbotId).query(new NamedSql(seg.isAll() ? CONVERSATIONS : conversations(seg), values).bind(), r -> {
            boolean called = longOf(r.get("calls")) > 0;
            boolean handedOver = longOf(r.get("handed_over")) > 0;
            sink.accept(new ConversationRow(r.get("conversation_id").asString(), r.get("start_channel").asString(),
                    blankAsNull(r.get("channel_type")), longOf(r.get("started_at")), blankAsNull(r.get("conv_language")),
                    longOf(r.get("messages")), longOf(r.get("user_messages")), longOf(r.get("bot_messages")),
                    longOf(r.get("agent_messages")), longOf(r.get("intent_hits")), blankAsNull(r.get("top_intent")),
                    longOf(r.get("steps")), longOf(r.get("interactions")), called ? doubleOf(r.get("duration")) : null,
                    called ? blankAsNull(r.get("last_end_reason")) : null, handedOver,
                    handedOver ? nullableLong(r.get("first_response")) : null, handedOver ? nullableLong(r.get("resolution")) : null));
        });
    }

    /** A text a join or an aggregate fills with '' where there is none (the contract's strings are never empty). */
    private static String blankAsNull(JsonNode n) {
        return n == null || n.isNull() || n.asString().isEmpty() ? null : n.asString();
    }
}
