package io.sextant.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Answers kept until a commit reaches them: the one mechanism behind the report cache, the daily
 * export's kept days and the inbox's kept agent counts.
 *
 * <p>Each key names the chatbot its answer belongs to, the latest time whose events can change it
 * (its reach: a window's end, or {@link Long#MAX_VALUE} for an answer that any event can change)
 * and whether it shows step labels. A commit whose {@link ChangeLog.Change} {@code affects} that
 * reach drops the answer, through the log's listener, before any thread can read the commit's
 * version. An answer computed from a read that began after {@link #version()} is kept only when no
 * commit since reached it ({@link #keepIfUnchangedSince}), atomically with that check: so a kept
 * answer is always exact for the last recorded commit.
 *
 * <p>What is kept is bounded by a total weight (the answers, or the rows they hold), the least
 * recently used dropped first. A capacity of 0 or less keeps nothing. Thread-safe.
 *
 * @param <K> the key: equal keys must be the same question
 * @param <V> the answer, immutable
 */
public final class KeptAnswers<K, V> {

    private final ChangeLog changes;
    private final long capacity;
    private final Function<K, String> chatbot;
    private final ToLongFunction<K> reach;
    private final Predicate<K> withLabels;
    private final ToLongFunction<V> weight;
    /** Least recently used first; guarded by itself, as is {@link #weightKept}. */
    private final Map<K, V> answers = new LinkedHashMap<>(16, 0.75f, true);
    private long weightKept;

    /**
     * @param capacity the most weight kept at once
     * @param chatbot the chatbot a key's answer belongs to
     * @param reach the latest time whose events can change a key's answer
     * @param withLabels whether a key's answer shows step labels (then a changed label reaches it)
     * @param weight what an answer counts against the capacity (at least 0)
     */
    public KeptAnswers(ChangeLog changes, long capacity, Function<K, String> chatbot, ToLongFunction<K> reach,
            Predicate<K> withLabels, ToLongFunction<V> weight) {
        this.changes = changes;
        this.capacity = capacity;
        this.chatbot = chatbot;
        this.reach = reach;
        this.withLabels = withLabels;
        this.weight = weight;
        changes.addListener(this::drop);
    }

    /** Answers counted one each against the capacity, none showing step labels. */
    public static <K, V> KeptAnswers<K, V> counted(ChangeLog changes, long capacity, Function<K, String> chatbot,
            ToLongFunction<K> reach) {
        return new KeptAnswers<>(changes, capacity, chatbot, reach, k -> false, v -> 1);
    }

    /** Whether anything can be kept: a capacity above 0. */
    public boolean enabled() {
        return capacity > 0;
    }

    /** Whether the log sees every commit ({@link ChangeLog#complete}); if not, nothing is ever kept. */
    public boolean complete() {
        return changes.complete();
    }

    /** The version to read before computing an answer that {@link #keepIfUnchangedSince} may keep. */
    public long version() {
        return changes.version();
    }

    /** The kept answer of the key, or null; a found answer becomes the most recently used. */
    public V get(K key) {
        synchronized (answers) {
            return answers.get(key);
        }
    }

    /**
     * Keeps the answer of the key, computed from a read that began after {@code version}, when no
     * commit since reached it; otherwise it is left out.
     *
     * @return whether it is kept
     */
    public boolean keepIfUnchangedSince(long version, K key, V answer) {
        if (!enabled()) {
            return false;
        }
        return changes.keepIfUnchangedSince(version, chatbot.apply(key), reach.applyAsLong(key), withLabels.test(key),
                () -> put(key, answer));
    }

    /** Whether no commit since {@code version} reached the key's answer (false once that cannot be told). */
    public boolean unchangedSince(long version, K key) {
        return changes.unchangedSince(version, chatbot.apply(key), reach.applyAsLong(key), withLabels.test(key));
    }

    /** The number of answers kept (for tests). */
    int size() {
        synchronized (answers) {
            return answers.size();
        }
    }

    private void put(K key, V answer) {
        synchronized (answers) {
            V before = answers.put(key, answer);
            weightKept += weight.applyAsLong(answer) - (before == null ? 0 : weight.applyAsLong(before));
            Iterator<V> eldest = answers.values().iterator();
            while (weightKept > capacity && eldest.hasNext()) {
                weightKept -= weight.applyAsLong(eldest.next());
                eldest.remove();
            }
        }
    }

    private void drop(Map<String, ChangeLog.Change> changed) {
        synchronized (answers) {
            answers.entrySet().removeIf(e -> {
                ChangeLog.Change c = changed.get(chatbot.apply(e.getKey()));
                if (c == null || !c.affects(reach.applyAsLong(e.getKey()), withLabels.test(e.getKey()))) {
                    return false;
                }
                weightKept -= weight.applyAsLong(e.getValue());
                return true;
            });
        }
    }
}
