package io.sextant.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.store.ChangeLog;
import io.sextant.store.KeptAnswers;
import io.sextant.store.Metric;
import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
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
 * used dropped first ({@link KeptAnswers}).
 */
@Component
public class ReportCache {

    private final KeptAnswers<ReportQuery, ReportData> kept;
    private final Counter hits;
    private final Counter misses;

    public ReportCache(ChangeLog changes, SextantProperties props, MeterRegistry metrics) {
        this.kept = new KeptAnswers<>(changes, props.report().cacheEntries(), ReportQuery::chatbotId,
                ReportCache::reach, ReportCache::showsLabels, data -> 1);
        this.hits = Counter.builder("sextant.report.cache").tag("outcome", "hit").register(metrics);
        this.misses = Counter.builder("sextant.report.cache").tag("outcome", "miss").register(metrics);
    }

    /** The data of the query: kept, or computed (and kept when no commit reached it meanwhile). */
    public ReportData get(ReportQuery query, Function<ReportQuery, ReportData> compute) {
        if (!kept.enabled()) {
            return compute.apply(query);
        }
        ReportData found = kept.get(query);
        if (found != null) {
            hits.increment();
            return found;
        }
        misses.increment();
        long version = kept.version();
        ReportData data = compute.apply(query);
        kept.keepIfUnchangedSince(version, query, data);
        return data;
    }

    /** The latest time whose events can change the answer: its window's end, or any time for a segment. */
    private static long reach(ReportQuery q) {
        return q.segment().isAll() ? q.to() : Long.MAX_VALUE;
    }

    private static boolean showsLabels(ReportQuery q) {
        return q.wants(Metric.STEPS);
    }
}
