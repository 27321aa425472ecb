package io.sextant.event;

/**
 * One validated event, as stored. Fields that do not belong to its {@link #type()} are null.
 *
 * @param ts epoch milliseconds, UTC
 * @param length message length in Unicode code points (the text is never kept)
 */
public record Event(
        String id,
        EventType type,
        long ts,
        String channelId,
        String conversationId,
        String language,
        Direction direction,
        Integer length,
        String agentId,
        String intent,
        Double score,
        String stepId,
        String stepName,
        String kind,
        Double durationSeconds,
        Integer userInputs,
        String endReason,
        String exitStep,
        String transferTarget) {}
