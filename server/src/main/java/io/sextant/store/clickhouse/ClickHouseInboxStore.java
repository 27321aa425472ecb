package io.sextant.store.clickhouse;

import static io.sextant.store.clickhouse.ClickHouseReportStore.longOf;
import static io.sextant.store.clickhouse.ClickHouseReportStore.nullableLong;
import static io.sextant.store.clickhouse.ClickHouseReportStore.textOf;

import io.sextant.store.ChannelStore;
import io.sextant.store.InboxStore;
import io.sextant.store.ResponderGroups;
import io.sextant.store.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The inbox statistics' reads on ClickHouse. Threads are built per conversation from arrays
 * ({@code inbox-threads.sql}: 18.16 has no window functions): its {@code inbox.opened} and
 * {@code inbox.closed} events sorted by (ts, seq), the effective ones among them paired into
 * threads, and each thread's first response looked up among the conversation's agent messages
 * sorted the same way. The same SQL serves the exports ({@link ClickHouseExportDataStore}). Of a
 * segment, only its conversations' events are read ({@link SegmentSql}).
 *
 * <p>Each statement reads the chatbot's rows of {@code events_local} on its own shard
 * ({@link Topology#replicasOf}), so it needs no other shard; a shard none of whose replicas answers
 * fails it (503), never a partial answer.
 */
public final class ClickHouseInboxStore implements InboxStore {

    private static final String RELEVANT = "opened_at <= :to AND (closed_at IS NULL OR closed_at >= :from)";

    private final Topology topology;
    private final ChannelStore channels;

    ClickHouseInboxStore(Topology topology, ChannelStore channels) {
        this.topology = topology;
        this.channels = channels;
    }

    /** The threads of {@code :chatbot} that pass {@code threadFilter}, a constant condition. */
    static String threads(String threadFilter) {
        return threads(threadFilter, SegmentSql.ALL);
    }

    /** The same, of the conversations of a segment only. */
    static String threads(String threadFilter, SegmentSql segment) {
        return SqlResource.load("inbox-threads", Map.of("threadFilter", threadFilter, "segmentFilter", segment.restrict("conversation_id")));
    }

    /** The chatbot, the window and the segment's values (and the chatbot's channels, when its SQL needs them). */
    private Map<String, Object> values(String chatbotId, long from, long to, SegmentSql segment) {
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", chatbotId, "from", from, "to", to));
        segment.bind(values);
        if (segment.needsChannels()) {
            SegmentSql.bindChannels(channels.list(chatbotId), values);
        }
        return values;
    }

    /**
     * The threads statement of the window's relevant threads (of {@code channelId}, unless null),
     * of the segment, with its values.
     */
    private NamedSql relevantThreads(String chatbotId, String channelId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(segment);
        Map<String, Object> values = values(chatbotId, from, to, seg);
        String filter = RELEVANT;
        if (channelId != null) {
            filter += " AND channel_id = :channel";
            values.put("channel", channelId);
        }
        return new NamedSql(threads(filter, seg), values);
    }

    @Override
    public void threads(String chatbotId, String channelId, long from, long to, Segment segment, Consumer<InboxThread> sink) {
        NamedSql threads = relevantThreads(chatbotId, channelId, from, to, segment);
        topology.replicasOf(chatbotId).query(threads.bind(), r -> sink.accept(new InboxThread(textOf(r.get("channel_id")),
                longOf(r.get("opened_at")), nullableLong(r.get("closed_at")), nullableLong(r.get("first_response_at")),
                textOf(r.get("first_responder")))));
    }

    /**
     * As DuckDB's: the threads grouped by first responder (null: threads without one), each group's
     * threads opened in the window, closed in it and open at its end, and its two arrays of
     * milliseconds (the first responses of the threads opened in the window that came by
     * {@code to}, the resolutions of the threads closed in it), sorted and measured in Java
     * ({@link ResponderGroups}). Conditions on the nullable times are made plain 0 or 1
     * ({@code ifNull}) and the durations plain numbers ({@code assumeNotNull}, where the condition
     * already excludes NULL), so that every aggregate takes non-nullable arguments.
     */
    @Override
    public ThreadStatistics threadStatistics(String chatbotId, String channelId, long from, long to, Segment segment) {
        NamedSql threads = relevantThreads(chatbotId, channelId, from, to, segment);
        String sql = """
                SELECT first_responder,
                       countIf(opened_at >= :from AND opened_at <= :to) AS opened,
                       countIf(ifNull(closed_at >= :from AND closed_at <= :to, 0)) AS closed,
                       countIf(opened_at <= :to AND (isNull(closed_at) OR ifNull(closed_at > :to, 0))) AS open_at_end,
                       groupArrayIf(assumeNotNull(first_response_at) - opened_at,
                                    opened_at >= :from AND opened_at <= :to AND ifNull(first_response_at <= :to, 0)) AS first_responses,
                       groupArrayIf(assumeNotNull(closed_at) - opened_at, ifNull(closed_at >= :from AND closed_at <= :to, 0)) AS resolutions
                FROM (%s)
                GROUP BY first_responder""".formatted(threads.text());
        ResponderGroups groups = new ResponderGroups();
        topology.replicasOf(chatbotId).query(new NamedSql(sql, threads.values()).bind(), r -> groups.add(textOf(r.get("first_responder")),
                longOf(r.get("opened")), longOf(r.get("closed")), longOf(r.get("open_at_end")),
                r.get("first_responses").valueStream().mapToLong(ClickHouseReportStore::longOf),
                r.get("resolutions").valueStream().mapToLong(ClickHouseReportStore::longOf)));
        return groups.statistics();
    }

    @Override
    public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to, Segment segment) {
        SegmentSql seg = SegmentSql.of(segment);
        Map<String, Object> values = values(chatbotId, from, to, seg);
        if (channelId != null) {
            values.put("channel", channelId);
        }
        String sql = SqlResource.load("inbox-agents", Map.of("channelFilter", channelId == null ? "" : "AND channel_id = :channel",
                "segmentFilter", seg.restrict("conversation_id")));
        List<AgentCounts> out = new ArrayList<>();
        topology.replicasOf(chatbotId).query(new NamedSql(sql, values).bind(), r -> out.add(new AgentCounts(r.get("agent").asString(),
                longOf(r.get("assigned")), longOf(r.get("closed")), longOf(r.get("messages")))));
        return out;
    }
}
