package io.sextant.store;

import io.sextant.event.EventBatch;
import java.util.List;

/** Where ingested events are kept. */
public interface EventStore {

    /**
     * Stores the batches in one durable transaction: all of them, or (on an exception) none.
     * An event whose id is already stored for its chatbot, or appears earlier in this call, is
     * skipped. Channels that events name and that are not yet known are registered as {@code unknown}.
     *
     * @return per batch, in order, the number of events that were new
     */
    int[] append(List<EventBatch> batches);
}
