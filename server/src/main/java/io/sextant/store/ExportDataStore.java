package io.sextant.store;

import io.sextant.report.TimeWindow;
import java.util.function.Consumer;

/**
 * The rows of export files, streamed one by one from the database: a caller sees each row once and
 * keeps none, so the size of an export never meets the heap.
 */
public interface ExportDataStore {

    /**
     * One daily bucket × channel. Counts and sums over the bucket's events on the channel; medians
     * null without samples. {@code inboxOpened}/{@code inboxClosed}: threads opened / closed in the
     * bucket whose {@code inbox.opened} was on the channel.
     */
    record DailyRow(long bucketStart, long bucketEnd, String channelId, String channelName, String channelType,
            long conversations, long messages, long userMessages, long botMessages, long agentMessages,
            long interactions, long stepExecutions, long intentHits, Double intentScoreMedian,
            Double messagesPerConversationMedian, Double userMessageLengthMedian, long calls,
            double callDurationSeconds, Double callDurationMedian, long inboxOpened, long inboxClosed) {}

    /**
     * One conversation started in the window; counts over its events at any time. Null where nothing
     * applies: no language, no intent, no call, no thread, no first response, not closed.
     *
     * @param firstResponseMillis of the conversation's first thread
     * @param resolutionMillis of the conversation's first thread
     */
    record ConversationRow(String conversationId, String channelId, String channelType, long startedAt, String language,
            long messages, long userMessages, long botMessages, long agentMessages, long intentHits, String topIntent,
            long stepExecutions, long interactions, Double callDurationSeconds, String callEndReason, boolean handedOver,
            Long firstResponseMillis, Long resolutionMillis) {}

    /** The number of channels of the chatbot: rows per daily bucket. */
    long channelCount(String chatbotId);

    /** Streams the window's daily rows ordered by bucket, then channel id. */
    void daily(String chatbotId, TimeWindow window, Consumer<DailyRow> sink);

    /** The number of conversations whose start (earliest {@code conversation.started}) is in [from, to]. */
    long conversationCount(String chatbotId, long from, long to);

    /** Streams the conversations started in [from, to] ordered by start, then conversation id. */
    void conversations(String chatbotId, long from, long to, Consumer<ConversationRow> sink);
}
