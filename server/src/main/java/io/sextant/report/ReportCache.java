package io.sextant.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.store.ChangeLog;
import io.sextant.store.Metric;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Keeps computed report data until a commit changes it, so a dashboard that asks again for a
 * window nothing new has arrived in — yesterday, last month — is answered without a scan.
 *
 * <p>Exactness comes from the {@link ChangeLog}: a commit drops every kept answer of its chatbot
 * whose window it reaches (an event at or before the window's end, a language, hand-over, user
 * message or goal of a conversation started by then, a changed step label for answers that show
 * labels; a channel's new type and a change of the chatbot's settings drop all). An answer of a
 * segment is dropped by any commit of its chatbot, whatever its time: whether a conversation is in
 * the segment depends on its events whenever sent. A window that includes the present is therefore dropped by each commit of live traffic,
 * and a closed one only by late events. An answer computed while a commit landed that reaches it
 * is not kept. At most {@code sextant.report.cache-entries} answers are kept, the least recently
 * used dropped first.
 */
@Component
public class ReportCache {

    private final ChangeLog changes;
    private final int capacity;
    private final Map<ReportQuery, ReportData> entries;
    private final Counter hits;
    private final Counter misses;

    public ReportCache(ChangeLog changes, SextantProperties props, MeterRegistry metrics) {
        this.changes = changes;
        this.capacity = props.report().cacheEntries();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ReportQuery, ReportData> eldest) {
                return size() > capacity;
            }
        };
        this.hits = Counter.builder("sextant.report.cache").tag("outcome", "hit").register(metrics);
        this.misses = Counter.builder("sextant.report.cache").tag("outcome", "miss").register(metrics);
        changes.addListener(this::drop);
    }

    /** The data of the query: kept, or computed (and kept when no commit reached it meanwhile). */
    public ReportData get(ReportQuery query, Function<ReportQuery, ReportData> compute) {
        if (capacity <= 0) {
            return compute.apply(query);
        }
        synchronized (entries) {
            ReportData kept = entries.get(query);
            if (kept != null) {
                hits.increment();
                return kept;
            }
        }
        misses.increment();
        long version = changes.version();
        ReportData data = compute.apply(query);
        changes.keepIfUnchangedSince(version, query.chatbotId(), reach(query), showsLabels(query), () -> {
            synchronized (entries) {
                entries.put(query, data);
            }
        });
        return data;
    }

    private void drop(Map<String, ChangeLog.Change> changed) {
        synchronized (entries) {
            entries.keySet().removeIf(q -> {
                ChangeLog.Change c = changed.get(q.chatbotId());
                return c != null && c.affects(reach(q), showsLabels(q));
            });
        }
    }

    /** The latest time whose events can change the answer: its window's end, or any time for a segment. */
    private static long reach(ReportQuery q) {
        return q.segment().isAll() ? q.to() : Long.MAX_VALUE;
    }

    private static boolean showsLabels(ReportQuery q) {
        return q.wants(Metric.STEPS);
    }
}
