package io.sextant.demo;

import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * One generated event in the ingestion wire format (SPEC §2). Fields that do not belong to its
 * {@link #type()} are null; {@code length} and {@code text} are exclusive (a message carries one),
 * and so are {@code ratingScore} and {@code thumbs} (a rating carries one).
 *
 * @param timestamp epoch milliseconds
 * @param score an intent's score (0–1)
 * @param attributes a conversation.started's attributes (null or empty: none sent)
 * @param value a goal's value, or null
 * @param ratingScore a rating's score 1–5 (sent as {@code score})
 * @param thumbs a rating's {@code up} or {@code down}
 * @param comment a rating's comment (the service keeps only its length)
 */
public record TrafficEvent(
        String id,
        String type,
        long timestamp,
        String channelId,
        String conversationId,
        String language,
        String direction,
        Integer length,
        String text,
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
        String transferTarget,
        Map<String, String> attributes,
        String goalId,
        Double value,
        Integer ratingScore,
        String thumbs,
        String comment) {

    /** Writes this event as one JSON object. */
    public void writeJson(JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("id", id);
        g.writeStringProperty("type", type);
        g.writeStringProperty("timestamp", Instant.ofEpochMilli(timestamp).toString());
        g.writeStringProperty("channelId", channelId);
        g.writeStringProperty("conversationId", conversationId);
        string(g, "language", language);
        string(g, "direction", direction);
        if (length != null) {
            g.writeNumberProperty("length", length.intValue());
        }
        string(g, "text", text);
        string(g, "agentId", agentId);
        string(g, "intent", intent);
        if (score != null) {
            g.writeNumberProperty("score", score.doubleValue());
        }
        string(g, "stepId", stepId);
        string(g, "stepName", stepName);
        string(g, "kind", kind);
        if (durationSeconds != null) {
            g.writeNumberProperty("durationSeconds", durationSeconds.doubleValue());
        }
        if (userInputs != null) {
            g.writeNumberProperty("userInputs", userInputs.intValue());
        }
        string(g, "endReason", endReason);
        string(g, "exitStep", exitStep);
        string(g, "transferTarget", transferTarget);
        if (attributes != null && !attributes.isEmpty()) {
            g.writeName("attributes");
            g.writeStartObject();
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                g.writeStringProperty(a.getKey(), a.getValue());
            }
            g.writeEndObject();
        }
        string(g, "goalId", goalId);
        if (value != null) {
            g.writeNumberProperty("value", value.doubleValue());
        }
        if (ratingScore != null) {
            g.writeNumberProperty("score", ratingScore.intValue());
        }
        string(g, "thumbs", thumbs);
        string(g, "comment", comment);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }
}
