package io.sextant.store;

import io.sextant.store.InboxStore.Durations;
import io.sextant.store.InboxStore.InboxThread;
import io.sextant.store.InboxStore.ThreadStatistics;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inbox statistics of a window [from, to], folded in one thread at a time (SPEC §4): the
 * reference that each engine's {@link InboxStore#threadStatistics} is held to over the threads the
 * same engine streams ({@code InboxThreadsTest}).
 */
public final class ThreadTally {

    private final long from;
    private final long to;
    private long opened;
    private long closed;
    private long openAtEnd;
    private final DurationSamples firstResponse = new DurationSamples();
    private final DurationSamples resolution = new DurationSamples();
    private final Map<String, DurationSamples> byResponder = new TreeMap<>();

    public ThreadTally(long from, long to) {
        this.from = from;
        this.to = to;
    }

    public void add(InboxThread t) {
        Long closedAt = t.closedAt();
        if (t.openedAt() >= from && t.openedAt() <= to) {
            opened++;
            Long fr = t.firstResponseAt();
            if (fr != null && fr <= to) {
                firstResponse.add(fr - t.openedAt());
                byResponder.computeIfAbsent(t.firstResponder(), k -> new DurationSamples()).add(fr - t.openedAt());
            }
        }
        if (closedAt != null && closedAt >= from && closedAt <= to) {
            closed++;
            resolution.add(closedAt - t.openedAt());
        }
        if (t.openedAt() <= to && (closedAt == null || closedAt > to)) {
            openAtEnd++;
        }
    }

    public ThreadStatistics statistics() {
        Map<String, Durations> responders = new TreeMap<>();
        byResponder.forEach((id, s) -> responders.put(id, s.durations()));
        return new ThreadStatistics(opened, closed, openAtEnd, firstResponse.durations(), resolution.durations(), responders);
    }
}
