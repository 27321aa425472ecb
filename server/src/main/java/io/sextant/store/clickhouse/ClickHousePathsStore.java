package io.sextant.store.clickhouse;

import static io.sextant.store.clickhouse.ClickHouseReportStore.longOf;
import static io.sextant.store.clickhouse.ClickHouseReportStore.textOf;

import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.PathsData;
import io.sextant.store.PathsQuery;
import io.sextant.store.PathsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flow paths report on ClickHouse: one statement ({@code paths.sql}) on the chatbot's shard
 * ({@link Topology#replicasOf}) builds each conversation's path as an array in one scan of its
 * rows (and of its goal events), and aggregates the paths' steps, endings, drop-offs and transitions. Of a segment, only its
 * conversations' rows are read ({@link SegmentSql}). Every value is bound through {@link NamedSql}.
 */
public final class ClickHousePathsStore implements PathsStore {

    private final Topology topology;
    private final ChannelStore channels;

    ClickHousePathsStore(Topology topology, ChannelStore channels) {
        this.topology = topology;
        this.channels = channels;
    }

    /** What {@link #paths} sends for {@code q}; {@code channels} are the chatbot's (only read when its segment looks up channel types). */
    static NamedSql sql(PathsQuery q, List<Channel> channels) {
        SegmentSql segment = SegmentSql.of(q.segment());
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", q.chatbotId(), "from", q.from(), "to", q.to()));
        segment.bind(values);
        if (segment.needsChannels()) {
            SegmentSql.bindChannels(channels, values);
        }
        if (q.channelId() != null) {
            values.put("channel", q.channelId());
        }
        if (q.fromStep() != null) {
            values.put("fromStep", q.fromStep());
        }
        String text = SqlResource.load("paths", Map.of(
                "channelFilter", q.channelId() == null ? "" : "AND channel_id = :channel",
                "cut", q.fromStep() == null ? "1" : "indexOf(whole, :fromStep)",
                "segmentFilter", segment.restrict("conversation_id")));
        return new NamedSql(text, values);
    }

    /** A row of {@code paths.sql}: see its header for the kinds. */
    private record Row(int kind, String a, String b, String label, long n, long conversations, long dropOffs) {}

    @Override
    public PathsData paths(PathsQuery q) {
        List<Row> rows = new ArrayList<>();
        List<Channel> known = SegmentSql.of(q.segment()).needsChannels() ? channels.list(q.chatbotId()) : List.of();
        topology.replicasOf(q.chatbotId()).query(sql(q, known).bind(), r -> rows.add(new Row((int) longOf(r.get("kind")), textOf(r.get("a")),
                textOf(r.get("b")), textOf(r.get("label")), longOf(r.get("n")), longOf(r.get("conversations")),
                longOf(r.get("drop_offs")))));
        long conversations = 0;
        Map<String, Row> endings = new HashMap<>();
        List<Row> visited = new ArrayList<>();
        List<PathsData.Edge> edges = new ArrayList<>();
        for (Row r : rows) {
            switch (r.kind()) {
                case 0 -> conversations = r.n();
                case 1 -> visited.add(r);
                case 2 -> endings.put(r.a(), r);
                case 3 -> edges.add(new PathsData.Edge(r.a(), r.b(), r.n(), r.conversations()));
                default -> throw new IllegalStateException("paths.sql answered a row of kind " + r.kind());
            }
        }
        List<PathsData.Step> steps = new ArrayList<>(visited.size());
        for (Row v : visited) {
            Row end = endings.get(v.a());
            steps.add(new PathsData.Step(v.a(), v.label(), v.n(), v.conversations(), end == null ? 0 : end.n(),
                    end == null ? 0 : end.dropOffs()));
        }
        return new PathsData(conversations, steps, edges);
    }
}
