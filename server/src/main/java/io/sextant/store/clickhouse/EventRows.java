package io.sextant.store.clickhouse;

import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.Goal;
import io.sextant.event.Event.Rating;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Step;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as a row of the {@code events} table ({@code schema.sql}): the envelope, the wire name
 * of its type in {@code type}, and the columns of its type; the others stay out of the row and are
 * NULL in the table.
 */
public final class EventRows {

    private EventRows() {}

    /** The row of {@code event} of {@code chatbotId}, {@code seq}-th in the chatbot's ingestion order. */
    public static Map<String, Object> row(String chatbotId, Event event, long seq) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("chatbot_id", chatbotId);
        r.put("event_id", event.id());
        r.put("ts", event.ts());
        r.put("seq", seq);
        r.put("type", event.type().wireName());
        r.put("channel_id", event.channelId());
        r.put("conversation_id", event.conversationId());
        switch (event) {
            case ConversationStarted e -> {
                r.put("language", e.language());
                r.put("attribute_keys", java.util.List.copyOf(e.attributes().keySet()));
                r.put("attribute_values", java.util.List.copyOf(e.attributes().values()));
            }
            case ConversationLanguage e -> r.put("language", e.language());
            case Message e -> {
                r.put("direction", e.direction().wireName());
                r.put("length", e.length());
                r.put("agent_id", e.agentId());
            }
            case Intent e -> {
                r.put("intent", e.intent());
                r.put("score", e.score());
            }
            case Step e -> {
                r.put("step_id", e.stepId());
                r.put("step_name", e.stepName());
            }
            case Interaction e -> r.put("kind", e.kind());
            case CallEnded e -> {
                r.put("duration_seconds", e.durationSeconds());
                r.put("user_inputs", e.userInputs());
                r.put("end_reason", e.endReason());
                r.put("exit_step", e.exitStep());
                r.put("transfer_target", e.transferTarget());
            }
            case InboxOpened e -> { }
            case InboxAssigned e -> r.put("agent_id", e.agentId());
            case InboxClosed e -> r.put("agent_id", e.agentId());
            case Goal e -> {
                r.put("goal_id", e.goalId());
                r.put("value", e.value());
            }
            case Rating e -> {
                r.put("rating_score", e.score());
                r.put("thumbs", e.thumbs() == null ? null : e.thumbs().wireName());
                r.put("comment_length", e.commentLength());
            }
        }
        return r;
    }
}
