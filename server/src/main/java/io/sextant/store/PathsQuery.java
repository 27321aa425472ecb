package io.sextant.store;

import java.util.Objects;

/**
 * One flow-paths computation: the chatbot (and optionally one channel), the window W = [from, to]
 * (epoch milliseconds, both inclusive), optionally the step every path starts at, and the segment
 * whose conversations alone have paths.
 *
 * @param channelId null for all channels: only the step events of this channel make the paths
 * @param fromStep null for whole paths; else each path starts at its first visit of this step, and
 *     conversations that never visit it in W have no path
 * @param segment only its conversations have paths
 */
public record PathsQuery(String chatbotId, String channelId, long from, long to, String fromStep, Segment segment) {

    /** A query of every conversation. */
    public PathsQuery(String chatbotId, String channelId, long from, long to, String fromStep) {
        this(chatbotId, channelId, from, to, fromStep, Segment.ALL);
    }

    public PathsQuery {
        Objects.requireNonNull(chatbotId);
        Objects.requireNonNull(segment);
        if (to < from) {
            throw new IllegalArgumentException("to is before from");
        }
    }
}
