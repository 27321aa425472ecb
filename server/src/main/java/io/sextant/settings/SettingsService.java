package io.sextant.settings;

import io.sextant.api.ApiException;
import io.sextant.store.ChatbotSettings;
import io.sextant.store.ChatbotSettingsStore;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A chatbot's statistics settings: what counts as understood (fallback intents and the least score)
 * and how long its events are kept. Settings may be made before the chatbot sends its first event.
 */
@Service
public class SettingsService {

    static final int MAX_ID = 200;

    private final ChatbotSettingsStore store;

    public SettingsService(ChatbotSettingsStore store) {
        this.store = store;
    }

    public ChatbotSettings get(String chatbotId) {
        checkId("chatbotId", chatbotId);
        return store.settings(chatbotId);
    }

    /** Replaces the fallback intents and the threshold; the retention period stays as it is. */
    public ChatbotSettings putUnderstanding(String chatbotId, List<String> fallbackIntents, Double threshold) {
        checkId("chatbotId", chatbotId);
        if (threshold == null) {
            throw ApiException.badRequest("understoodThreshold is required: a number from 0 to 1");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw ApiException.badRequest("understoodThreshold must be a number from 0 to 1, not " + threshold);
        }
        List<String> intents = fallbackIntents == null ? List.of() : fallbackIntents;
        if (intents.size() > ChatbotSettings.MAX_FALLBACK_INTENTS) {
            throw ApiException.badRequest("fallbackIntents holds at most " + ChatbotSettings.MAX_FALLBACK_INTENTS + " intents");
        }
        for (int i = 0; i < intents.size(); i++) {
            checkId("fallbackIntents[" + i + "]", intents.get(i));
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(intents));
        return store.update(chatbotId, s -> s.withUnderstanding(distinct, threshold));
    }

    /** Sets how many days the chatbot's events are kept; null keeps them for ever. */
    public ChatbotSettings putRetention(String chatbotId, Integer days) {
        checkId("chatbotId", chatbotId);
        if (days != null && (days < 1 || days > ChatbotSettings.MAX_RETENTION_DAYS)) {
            throw ApiException.badRequest("days must be a whole number from 1 to " + ChatbotSettings.MAX_RETENTION_DAYS
                    + ", or null to keep events for ever; not " + days);
        }
        return store.update(chatbotId, s -> s.withRetentionDays(days));
    }

    private static void checkId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " must be a non-blank string");
        }
        if (value.codePointCount(0, value.length()) > MAX_ID) {
            throw ApiException.badRequest(field + " must be 1 to " + MAX_ID + " characters");
        }
    }
}
