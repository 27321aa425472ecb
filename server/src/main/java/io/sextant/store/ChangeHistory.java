package io.sextant.store;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The last changes of numbered commits, per chatbot, bounded: what a log of commits
 * ({@link ChangeLog}, the DuckDB store's rollup changes) keeps to tell whether any commit after a
 * given number reached something of a chatbot. The {@code limit} most recent changes of each
 * chatbot are kept; once an older one is dropped, every number up to it counts as having changed
 * everything of that chatbot.
 *
 * <p>Not thread-safe: its owner locks around every call.
 *
 * @param <C> what one commit changed for one chatbot
 */
public final class ChangeHistory<C> {

    private record Numbered<C>(long version, C change) {}

    private final int limit;
    private final Map<String, ArrayDeque<Numbered<C>>> history = new HashMap<>();
    /** Per chatbot, the number of the last change dropped. */
    private final Map<String, Long> forgottenUpTo = new HashMap<>();

    public ChangeHistory(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a history keeps at least one change, not " + limit);
        }
        this.limit = limit;
    }

    /** Records what commit number {@code version} (greater than every one recorded before) changed for {@code chatbotId}. */
    public void add(long version, String chatbotId, C change) {
        ArrayDeque<Numbered<C>> h = history.computeIfAbsent(chatbotId, k -> new ArrayDeque<>());
        h.addLast(new Numbered<>(version, change));
        if (h.size() > limit) {
            forgottenUpTo.put(chatbotId, h.removeFirst().version());
        }
    }

    /**
     * Whether a commit numbered after {@code since} changed, for {@code chatbotId}, something that
     * {@code reaches} accepts; true as well when such a commit may have been dropped.
     */
    public boolean anySince(long since, String chatbotId, Predicate<? super C> reaches) {
        if (forgottenUpTo.getOrDefault(chatbotId, Long.MIN_VALUE) > since) {
            return true;
        }
        ArrayDeque<Numbered<C>> h = history.get(chatbotId);
        if (h != null) {
            for (Numbered<C> n : h) {
                if (n.version() > since && reaches.test(n.change())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Forgets every change (the owner then answers for the numbers up to now by other means). */
    public void clear() {
        history.clear();
        forgottenUpTo.clear();
    }
}
