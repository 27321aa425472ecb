package io.sextant.store;

/**
 * Removes stored events for good: a data subject's request to erase a conversation, and the daily
 * drop of events past a chatbot's retention period. Every engine's writer implements it beside
 * {@link EventStore#append}, serialised with the chatbot's ingestion.
 *
 * <p>Exactness: once a call returns, every report, inbox statistic and export of the chatbot equals
 * one computed as if the removed events had never been sent. Whatever an engine keeps beside the
 * events (rollups, step labels, cached answers) is corrected in the same step, and the call records
 * {@link ChangeLog.Change#ALL} for the chatbot in the service's {@link ChangeLog} before it returns
 * when it removed anything.
 *
 * <p>Event ids stay known: an id the chatbot once stored is a duplicate for ever, even after its
 * event was removed, so that a runtime that sends a batch again cannot bring removed events back.
 * The ids are all that remains; no event's content, time, channel or conversation does.
 *
 * <p>Both calls are idempotent: a call that finds nothing left to remove returns 0. A call that
 * fails with {@link StoreUnavailableException} may have removed the events, or be finishing to;
 * calling it again is always safe and returns once the removal is complete everywhere.
 */
public interface ErasureStore {

    /**
     * Removes every event of one conversation of the chatbot, of every type, on every channel.
     *
     * @return the number of events removed (0 when none was stored)
     * @throws StoreUnavailableException when the storage cannot do it now; send it again later
     */
    long eraseConversation(String chatbotId, String conversationId);

    /**
     * Removes every event of the chatbot whose time is before {@code cutoffMillis} (epoch ms, UTC).
     *
     * @return the number of events removed (0 when none was older)
     * @throws StoreUnavailableException when the storage cannot do it now; send it again later
     */
    long dropBefore(String chatbotId, long cutoffMillis);
}
