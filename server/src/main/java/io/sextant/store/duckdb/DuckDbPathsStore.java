package io.sextant.store.duckdb;

import io.sextant.store.PathsData;
import io.sextant.store.PathsQuery;
import io.sextant.store.PathsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The flow paths report on DuckDB: one statement ({@code paths.sql}) numbers each conversation's step
 * events in W and finds each one's next step in one window pass, keeps the whole path or the part
 * from the first visit of the start step ({@code paths-from-step.sql}), and aggregates steps,
 * endings (with the conversations among them that never reached a goal) and transitions, so one
 * snapshot answers all of it. Of a segment, the statement starts with its CTE {@code segment} and
 * only its conversations' step events make paths ({@link SegmentSql}). Every value is bound.
 */
final class DuckDbPathsStore implements PathsStore {

    private final JdbcClient jdbc;
    /** The chatbots' numbers in the event tables. */
    private final ChatbotNumbers.Lookup chatbotNos = new ChatbotNumbers.Lookup();

    DuckDbPathsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The statement for a query of one channel or all ({@code channel}) and whole paths or from a step. */
    static String sql(boolean channel, boolean fromStep) {
        return sql(channel, fromStep, SegmentSql.ALL);
    }

    /** The same, of the conversations of a segment only. */
    static String sql(boolean channel, boolean fromStep, SegmentSql segment) {
        return SqlResource.load("paths", Map.of(
                "channelFilter", channel ? "AND channel_id = :channel" : "",
                "kept", fromStep ? SqlResource.load("paths-from-step") : "SELECT conversation_id, step_id, next_step FROM path",
                "segment", segment.isAll() ? "" : segment.cte() + ",\n",
                "segmentFilter", segment.restrict("conversation_id")));
    }

    @Override
    public PathsData paths(PathsQuery q) {
        SegmentSql segment = SegmentSql.of(q.chatbotId(), q.segment());
        Map<String, Object> params = new HashMap<>(segment.params());
        params.put("chatbot", q.chatbotId());
        params.put("chatbotNo", chatbotNos.of(q.chatbotId(), jdbc));
        params.put("from", q.from());
        params.put("to", q.to());
        if (q.channelId() != null) {
            params.put("channel", q.channelId());
        }
        if (q.fromStep() != null) {
            params.put("fromStep", q.fromStep());
        }
        long[] conversations = {0};
        List<PathsData.Step> steps = new ArrayList<>();
        List<PathsData.Edge> edges = new ArrayList<>();
        jdbc.sql(sql(q.channelId() != null, q.fromStep() != null, segment)).params(params).query((RowCallbackHandler) rs -> {
            switch (rs.getString("kind")) {
                case "conversations" -> conversations[0] = rs.getLong("n");
                case "step" -> steps.add(new PathsData.Step(rs.getString("a"), rs.getString("label"), rs.getLong("n"),
                        rs.getLong("conversations"), rs.getLong("endings"), rs.getLong("drop_offs")));
                case "edge" -> edges.add(new PathsData.Edge(rs.getString("a"), rs.getString("b"), rs.getLong("n"), rs.getLong("conversations")));
                default -> throw new IllegalStateException("paths.sql answered a row of kind " + rs.getString("kind"));
            }
        });
        return new PathsData(conversations[0], steps, edges);
    }
}
