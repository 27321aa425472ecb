package io.sextant.store;

import java.util.Objects;

/**
 * One flow-paths computation: the chatbot (and optionally one channel), the window W = [from, to]
 * (epoch milliseconds, both inclusive) and optionally the step every path starts at.
 *
 * @param channelId null for all channels: only the step events of this channel make the paths
 * @param fromStep null for whole paths; else each path starts at its first visit of this step, and
 *     conversations that never visit it in W have no path
 */
public record PathsQuery(String chatbotId, String channelId, long from, long to, String fromStep) {

    public PathsQuery {
        Objects.requireNonNull(chatbotId);
        if (to < from) {
            throw new IllegalArgumentException("to is before from");
        }
    }
}
