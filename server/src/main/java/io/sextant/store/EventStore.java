package io.sextant.store;

import io.sextant.event.EventBatch;
import java.util.List;

/**
 * Where ingested events are kept.
 *
 * <p>Every implementation is given the service's one {@link ChangeLog} (the bean the report cache
 * listens to) and owes it, for each commit, what the commit changed: that is how cached reports stay
 * exact. An engine that forgot it would serve stale reports, so it is part of the contract below.
 */
public interface EventStore {

    /**
     * Stores the batches in one durable transaction: all of them, or (on an exception) none.
     * An event whose id is already stored for its chatbot, or appears earlier in this call, is
     * skipped. Channels that events name and that are not yet known are registered as {@code unknown}.
     *
     * <p>Change notification: once the transaction has committed, and before this returns (or
     * throws, should something fail after the commit), records in the {@link ChangeLog} one entry
     * per chatbot that gained events: the earliest time the commit affects (its earliest new event,
     * or for a conversation's language the start of that conversation) and whether a step label
     * changed ({@link ChangeLog.Change}). A commit that stored nothing new records nothing. Any read
     * of any store that starts after this returns reflects the commit.
     *
     * @return per batch, in order, the number of events that were new
     * @throws StorageFullException when the storage is full; nothing was stored
     * @throws StoreUnavailableException when the storage failed; nothing was stored
     */
    int[] append(List<EventBatch> batches);
}
