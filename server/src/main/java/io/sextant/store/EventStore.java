package io.sextant.store;

import io.sextant.event.EventBatch;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where ingested events are kept.
 *
 * <p>Every implementation is given the service's one {@link ChangeLog} (the bean the report cache
 * listens to) and owes it, for each commit, what the commit changed: that is how cached reports stay
 * exact. An engine that forgot it would serve stale reports, so it is part of the contract below.
 */
public interface EventStore {

    /**
     * Stores the batches. Each batch is all or nothing, and a batch is answered as stored only once
     * it is durable (on ClickHouse: written on a replica and registered for replication, or on as
     * many replicas as {@code sextant.clickhouse.insert-quorum} asks). An event whose id is already
     * stored for its chatbot, or appears earlier in this call, is skipped; so is it when another
     * API node stores the same id at the same time: an id is stored, and counted, once. Channels that
     * events name and that are not yet known are registered as {@code unknown}.
     *
     * <p>Atomicity across batches is the engine's: DuckDB commits all the batches of a call in one
     * transaction (all of them, or on an exception none). ClickHouse commits per chatbot (a chatbot's
     * batches of the call together, one insert on its shard) and so may store the batches of some
     * chatbots and not of others; it then throws {@link PartialAppendException}, which says per
     * batch what was stored and why the others were not. When no batch was stored, the exception is
     * the failure itself ({@link StoreUnavailableException}, {@link StorageFullException}).
     *
     * <p>Change notification: once a commit is durable, and before this returns (or throws, should
     * something fail after the commit), records in the {@link ChangeLog} one entry per chatbot that
     * gained events: the earliest time the commit affects (its earliest new event, or for a
     * conversation's language, an {@code inbox.opened}, a {@code user} message or a {@code goal} —
     * what reports read whenever sent — the start of that conversation; {@link ChangeLog.Change#ALL} is always
     * a correct, coarser answer) and whether a step label changed ({@link ChangeLog.Change}). A commit
     * that stored nothing new records nothing. Any read of any store, on any API node, that starts
     * after this returns reflects the stored batches (ClickHouse: while the replica that took the
     * write is the one reads ask; for a moment after a replica restarts or ZooKeeper returns, a read
     * may ask a replica still fetching — docs/scale-out.md, Consistency and faults).
     *
     * @return per batch, in order, the number of events that were new
     * @throws PartialAppendException when some batches were stored and others not
     * @throws StorageFullException when the storage is full; nothing was stored
     * @throws StoreUnavailableException when the storage failed or cannot be reached; nothing was stored
     */
    int[] append(List<EventBatch> batches);

    /**
     * Stores the batches as {@link #append(List)} does, and may take more into the same commit:
     * while it writes them, an engine may ask {@code more} for the batches that arrived meanwhile
     * (it returns an empty list when none waits) and store those too, all in one commit, until
     * {@code more} has none. The batches share the fate {@link #append(List)} describes for the
     * batches of one call.
     *
     * <p>So that batches arriving while a commit is written join it instead of waiting for one of
     * their own: where a commit's cost hardly depends on its size, larger commits are cheaper per
     * event. An engine that asks for none stores the given batches only (the default).
     *
     * @return per batch, in order (those given, then those {@code more} returned, in the order it
     *     returned them), the number of events that were new
     */
    default int[] append(List<EventBatch> batches, Supplier<List<EventBatch>> more) {
        return append(batches);
    }

    /**
     * Called by the ingestion thread when no batch arrived for a moment (about every 100 ms while
     * none arrives): a chance for upkeep that would otherwise delay a commit. It must not throw.
     */
    default void idle() {}

    /**
     * Whether upkeep waits for the writer to be idle ({@link #idle}): until it has run, reads may
     * be slower than they will be. Cheap, and callable from any thread (a metric reads it).
     */
    default boolean upkeepPending() {
        return false;
    }
}
