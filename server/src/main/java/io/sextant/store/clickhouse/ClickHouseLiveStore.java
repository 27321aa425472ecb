package io.sextant.store.clickhouse;

import static io.sextant.store.clickhouse.ClickHouseReportStore.longOf;

import io.sextant.store.LiveStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live view on ClickHouse: one statement ({@code live.sql}) over the chatbot's rows of
 * {@code events_local} on its shard ({@link Topology#replicasOf}), one row per event.
 */
public final class ClickHouseLiveStore implements LiveStore {

    private final Topology topology;

    ClickHouseLiveStore(Topology topology) {
        this.topology = topology;
    }

    /** What {@link #live} sends for {@code q}. */
    static NamedSql sql(LiveQuery q) {
        Map<String, Object> values = new HashMap<>(Map.of("chatbot", q.chatbotId(), "activeAfter", q.activeAfter(),
                "now", q.activeUntil(), "first", q.firstMinute(), "last", q.firstMinute() + q.minutes() * 60_000L - 1));
        if (q.channelId() != null) {
            values.put("channel", q.channelId());
        }
        return new NamedSql(SqlResource.load("live", Map.of("channelFilter", q.channelId() == null ? "" : "AND channel_id = :channel")),
                values);
    }

    @Override
    public LiveData live(LiveQuery q) {
        long[] active = {0};
        long[] perMinute = new long[q.minutes()];
        topology.replicasOf(q.chatbotId()).query(sql(q).bind(), r -> {
            long minute = longOf(r.get("minute"));
            if (minute < 0) {
                active[0] = longOf(r.get("n"));
            } else {
                perMinute[(int) minute] = longOf(r.get("n"));
            }
        });
        List<Long> counts = new ArrayList<>(perMinute.length);
        Arrays.stream(perMinute).forEach(counts::add);
        return new LiveData(active[0], counts);
    }
}
