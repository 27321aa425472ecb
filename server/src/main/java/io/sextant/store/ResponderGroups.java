package io.sextant.store;

import io.sextant.store.InboxStore.Durations;
import io.sextant.store.InboxStore.ThreadStatistics;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * Adds up the rows of a statement that groups the window's threads by first responder into
 * {@link ThreadStatistics}, the same way for every engine: the counts summed, every group's first
 * responses and resolutions gathered ({@link DurationSamples}), and a responder's own first
 * responses measured as a group of their own.
 */
public final class ResponderGroups {

    private long opened;
    private long closed;
    private long openAtEnd;
    private final DurationSamples firstResponses = new DurationSamples();
    private final DurationSamples resolutions = new DurationSamples();
    private final Map<String, Durations> byResponder = new TreeMap<>();

    /**
     * One group's row.
     *
     * @param responder the group's first responder; null for the threads without one
     * @param firstResponses milliseconds of the first responses that count
     * @param resolutions milliseconds of the resolutions in the window
     */
    public void add(String responder, long opened, long closed, long openAtEnd, LongStream firstResponses, LongStream resolutions) {
        this.opened += opened;
        this.closed += closed;
        this.openAtEnd += openAtEnd;
        int start = this.firstResponses.size();
        firstResponses.forEach(this.firstResponses::add);
        resolutions.forEach(this.resolutions::add);
        if (responder != null && this.firstResponses.size() > start) {
            byResponder.put(responder, this.firstResponses.durationsFrom(start));
        }
    }

    /** What the groups added add up to; after the last {@link #add}. */
    public ThreadStatistics statistics() {
        return new ThreadStatistics(opened, closed, openAtEnd, firstResponses.durations(), resolutions.durations(), byResponder);
    }
}
