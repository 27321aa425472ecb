package io.sextant.store;

import java.util.List;
import java.util.Objects;

/**
 * What a chatbot's operators set for its statistics: which intents are its fallback and the score
 * an intent needs to count as understood (the understood rate), and how many days its events are
 * kept (null: for ever).
 *
 * @param fallbackIntents intents that mean "not understood", at most {@link #MAX_FALLBACK_INTENTS}
 * @param understoodThreshold the least score, in [0, 1], of an understood intent
 * @param retentionDays events older than this many days are dropped daily; null keeps them
 */
public record ChatbotSettings(String chatbotId, List<String> fallbackIntents, double understoodThreshold,
        Integer retentionDays) {

    public static final int MAX_FALLBACK_INTENTS = 50;
    public static final int MAX_RETENTION_DAYS = 3650;

    public ChatbotSettings {
        Objects.requireNonNull(chatbotId, "chatbotId");
        fallbackIntents = List.copyOf(fallbackIntents);
        if (!(understoodThreshold >= 0 && understoodThreshold <= 1)) {
            throw new IllegalArgumentException("understoodThreshold must be in [0, 1]");
        }
        if (retentionDays != null && (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS)) {
            throw new IllegalArgumentException("retentionDays must be 1 to " + MAX_RETENTION_DAYS);
        }
    }

    /** The settings of a chatbot nobody has set anything for: no fallback intents, threshold 0, kept for ever. */
    public static ChatbotSettings defaults(String chatbotId) {
        return new ChatbotSettings(chatbotId, List.of(), 0.0, null);
    }

    public ChatbotSettings withUnderstanding(List<String> fallbackIntents, double understoodThreshold) {
        return new ChatbotSettings(chatbotId, fallbackIntents, understoodThreshold, retentionDays);
    }

    public ChatbotSettings withRetentionDays(Integer days) {
        return new ChatbotSettings(chatbotId, fallbackIntents, understoodThreshold, days);
    }
}
