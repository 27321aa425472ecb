package io.sextant.store;

import java.util.List;
import java.util.function.UnaryOperator;

/** Per-chatbot settings ({@link ChatbotSettings}); a chatbot nobody has set anything for has the defaults. */
public interface ChatbotSettingsStore {

    /** The chatbot's settings, {@link ChatbotSettings#defaults} when none were stored. */
    ChatbotSettings settings(String chatbotId);

    /**
     * Changes the chatbot's settings: {@code change} gets the current ones and returns the new ones,
     * atomically with respect to every other update of the same chatbot's settings (by any process
     * that writes this store), so that two callers changing different fields both take effect.
     *
     * <p>Change notification: the understood rate depends on the settings, so once the change is
     * durable, and before this returns, it records {@link ChangeLog.Change#ALL} for the chatbot in
     * the service's {@link ChangeLog}.
     *
     * @return the settings as stored
     */
    ChatbotSettings update(String chatbotId, UnaryOperator<ChatbotSettings> change);

    /** Every chatbot's settings that were ever stored, by chatbot id. */
    List<ChatbotSettings> all();
}
