package io.sextant.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of export files, streamed one by one from the database: a caller sees each row once and
 * keeps none, so the size of an export never meets the heap. Of a {@link Segment}, every count is
 * over the events (threads, conversations) of its conversations only; the grid of a daily export
 * (every bucket × every channel) stays whole.
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

    /**
     * The days of a daily export: the window [from, to] and its buckets, in order, each given by its
     * start and end (bucket i is [bucketStarts[i], bucketEnds[i]]).
     */
    record Days(long from, long to, List<Long> bucketStarts, List<Long> bucketEnds) {

        public Days {
            bucketStarts = List.copyOf(bucketStarts);
            bucketEnds = List.copyOf(bucketEnds);
        }
    }

    /** Streams the daily rows of {@code days} ordered by bucket, then channel id. */
    void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink);

    /** The number of the segment's conversations whose start (earliest {@code conversation.started}) is in [from, to]. */
    long conversationCount(String chatbotId, long from, long to, Segment segment);

    /** Streams the segment's conversations started in [from, to] ordered by start, then conversation id. */
    void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink);
}
