package io.sextant.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.store.ChangeLog;
import io.sextant.store.ExportDataStore;
import io.sextant.store.ExportDataStore.DailyRow;
import io.sextant.store.ExportDataStore.Days;
import io.sextant.store.KeptAnswers;
import io.sextant.store.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Keeps the rows of a daily export's days until a commit changes them, so that an export over days
 * nothing new has reached computes only the others: a month of closed days is read once, and an
 * export of a live window then computes its open day alone.
 *
 * <p>A day's rows (one per channel) depend only on that day's events, with the exceptions the
 * {@link ChangeLog} already sums up for the report cache (a conversation's language, whenever sent;
 * a thread's channel, from its earlier {@code inbox.opened}); so a day [start, end] stays exact
 * across a commit whose earliest affected time is after {@code end}. The channels of the grid are
 * the chatbot's: a kept day is used only while the chatbot has as many channels as the day has
 * rows (channels are only ever added, and every change to one drops the chatbot's days). Erasure
 * and settings drop every day of the chatbot. Exports of a segment keep nothing: whether a
 * conversation is in a segment depends on its events whenever sent.
 *
 * <p>One export reads one state. The days it does not find are computed in one statement, from
 * the first missing day to the last (the kept ones between included). The kept days it uses were
 * exact at the version read before it looked them up (a commit's listener drops what it reaches
 * before that version can be read, see {@link ChangeLog#record}); if a commit after that version
 * reached one of them by the time the statement ended, {@link #daily} says so and the caller
 * writes the file again from one statement, as without this class. A computed day is kept only
 * when no commit reached it since that version ({@link ChangeLog#keepIfUnchangedSince}). At most
 * {@code sextant.export.kept-rows} rows are kept, the least recently used day dropped first
 * ({@link KeptAnswers}).
 */
@Component
public class KeptDays {

    private record Key(String chatbotId, long start, long end) {}

    /** Each day's rows, one per channel, in channel order, weighed by their number. */
    private final KeptAnswers<Key, List<DailyRow>> kept;
    private final Counter keptDays;
    private final Counter computedDays;

    public KeptDays(ChangeLog changes, SextantProperties props, MeterRegistry metrics) {
        this.kept = new KeptAnswers<>(changes, props.export().keptRows(), Key::chatbotId, Key::end, k -> false, List::size);
        this.keptDays = Counter.builder("sextant.export.days").tag("outcome", "kept")
                .description("days of daily exports answered from kept rows").register(metrics);
        this.computedDays = Counter.builder("sextant.export.days").tag("outcome", "computed")
                .description("days of daily exports computed").register(metrics);
    }

    /**
     * Streams the daily rows of {@code days}, ordered by bucket, then channel id, as
     * {@link ExportDataStore#daily} does: kept days from memory, the others from {@code data} as
     * they come.
     *
     * @param channels the chatbot's channel count: the rows of each day
     * @return false when a commit reached a kept day while the others were computed: the rows
     *     streamed then mix two states of the store, and the caller streams them all again from
     *     {@link ExportDataStore#daily}
     */
    public boolean daily(ExportDataStore data, String chatbotId, Days days, Segment segment, long channels, Consumer<DailyRow> sink) {
        int n = days.bucketStarts().size();
        if (!kept.enabled() || !segment.isAll() || !kept.complete()) {
            data.daily(chatbotId, days, segment, sink);
            computedDays.increment(n);
            return true;
        }
        long version = kept.version();
        List<List<DailyRow>> found = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<DailyRow> day = kept.get(key(chatbotId, days, i));
            found.add(day != null && day.size() == channels ? day : null);
        }
        int first = found.indexOf(null);
        int last = found.lastIndexOf(null);
        for (int i = 0; i < (first < 0 ? n : first); i++) {
            found.get(i).forEach(sink);
        }
        if (first >= 0) {
            Days run = new Days(days.bucketStarts().get(first), days.bucketEnds().get(last),
                    days.bucketStarts().subList(first, last + 1), days.bucketEnds().subList(first, last + 1));
            Map<Long, List<DailyRow>> computed = new HashMap<>();
            data.daily(chatbotId, run, Segment.ALL, r -> {
                computed.computeIfAbsent(r.bucketStart(), s -> new ArrayList<>()).add(r);
                sink.accept(r);
            });
            for (int i = first; i <= last; i++) {
                Key key = key(chatbotId, days, i);
                List<DailyRow> day = List.copyOf(computed.getOrDefault(key.start(), List.of()));
                if (day.size() == channels) {
                    kept.keepIfUnchangedSince(version, key, day);
                }
            }
            computedDays.increment(last - first + 1);
            for (int i = last + 1; i < n; i++) {
                found.get(i).forEach(sink);
            }
        }
        keptDays.increment(first < 0 ? n : n - (last - first + 1));
        // a commit that reaches a kept day reaches the latest one too (it reaches every day ending at or after its time)
        int latestKept = first < 0 || last < n - 1 ? n - 1 : first - 1;
        return latestKept < 0 || kept.unchangedSince(version, key(chatbotId, days, latestKept));
    }

    private static Key key(String chatbotId, Days days, int i) {
        return new Key(chatbotId, days.bucketStarts().get(i), days.bucketEnds().get(i));
    }
}
