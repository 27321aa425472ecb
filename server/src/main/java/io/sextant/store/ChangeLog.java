package io.sextant.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What each commit changed, in the terms a cached report needs to know whether it is still exact.
 *
 * <p>A report over a window ending at {@code to} reads only events at or before {@code to}, with
 * exceptions that look at the whole history: a conversation's language (its latest, whenever sent),
 * the facts the quality KPIs judge a conversation by (a hand-over, its user messages, its goals,
 * whenever sent) and a step's label (its latest name). So a commit is summed up per chatbot as the
 * earliest time it affects — the earliest accepted event, and for a language or such a fact the
 * start of the conversation it belongs to — and whether it changed any step label. A report of that chatbot stays exact across
 * the commit when that time is after its {@code to} and, if it shows step labels, no label changed.
 *
 * <p>Who writes it: every engine's {@link EventStore#append} and {@link ChannelStore#put}, before
 * they return (their contracts say what they record). Who reads it: the answers kept until a commit
 * reaches them ({@link KeptAnswers}: the report cache, the daily export's days, the inbox's agent
 * counts). The service has one, made by {@link StoreBeans} whatever the engine, and handed to the
 * engine's stores.
 *
 * <p>Commits are numbered; {@link #version()} read before a computation, and
 * {@link #keepIfUnchangedSince} after it, keep the result only if no commit since reached it; a
 * commit recorded later drops it through the listeners.
 *
 * <p>The log is exact only when every commit to the store passes through this process. An engine
 * whose store other processes write too (ClickHouse: several API nodes on one cluster) calls
 * {@link #declareIncomplete()} when it is wired; from then on nothing counts as unchanged, so no
 * answer is kept and none is served stale.
 */
public final class ChangeLog {

    /**
     * What one commit changed for one chatbot.
     *
     * @param earliest the earliest time whose reports may have changed ({@link Long#MIN_VALUE}: all)
     * @param labels whether a step label changed
     */
    public record Change(long earliest, boolean labels) {

        /** Everything of the chatbot may have changed (e.g. a channel's type). */
        public static final Change ALL = new Change(Long.MIN_VALUE, true);

        /** Whether a report up to {@code to} (showing step labels or not) may differ after this change. */
        public boolean affects(long to, boolean withLabels) {
            return earliest <= to || (withLabels && labels);
        }

        public Change merge(Change other) {
            return new Change(Math.min(earliest, other.earliest), labels || other.labels);
        }
    }

    /** Changes kept per chatbot for {@link #unchangedSince}; older ones only count as "changed". */
    private static final int HISTORY = 64;

    private final ChangeHistory<Change> history = new ChangeHistory<>(HISTORY);
    private final List<Consumer<Map<String, Change>>> listeners = new CopyOnWriteArrayList<>();
    private long version;
    private volatile boolean incomplete;

    /**
     * Says that commits of other processes reach the store unseen by this log: from now on
     * {@link #unchangedSince} answers false, whatever was recorded.
     */
    public void declareIncomplete() {
        incomplete = true;
    }

    /** False once {@link #declareIncomplete()} was called. */
    public boolean complete() {
        return !incomplete;
    }

    /** The number of the last recorded commit. */
    public synchronized long version() {
        return version;
    }

    /**
     * Called with the changes of every commit, after it is recorded, while the log is locked: a
     * listener must not wait for a thread that may be calling into this log.
     */
    public void addListener(Consumer<Map<String, Change>> listener) {
        listeners.add(listener);
    }

    /**
     * Records one commit's changes (after it committed) and tells the listeners, before any other
     * thread can read the new {@link #version()} or pass {@link #keepIfUnchangedSince}: so an
     * answer looked up after reading a version is not reached by any commit up to it.
     */
    public synchronized void record(Map<String, Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        version++;
        changes.forEach((chatbot, change) -> history.add(version, chatbot, change));
        for (Consumer<Map<String, Change>> l : listeners) {
            l.accept(changes);
        }
    }

    /**
     * Runs {@code keep} (which stores an answer computed from a read that started after version
     * {@code since}) when {@link #unchangedSince} holds, atomically with it: a commit recorded
     * afterwards tells its listeners after {@code keep} stored the answer, so they can drop it.
     *
     * @return whether {@code keep} ran
     */
    public synchronized boolean keepIfUnchangedSince(long since, String chatbotId, long to, boolean withLabels, Runnable keep) {
        if (!unchangedSince(since, chatbotId, to, withLabels)) {
            return false;
        }
        keep.run();
        return true;
    }

    /**
     * True when no commit after {@code since} changed what a report of the chatbot up to {@code to}
     * shows; false also when that cannot be told any more (always, once the log is incomplete).
     */
    public synchronized boolean unchangedSince(long since, String chatbotId, long to, boolean withLabels) {
        return !incomplete && !history.anySince(since, chatbotId, c -> c.affects(to, withLabels));
    }
}
