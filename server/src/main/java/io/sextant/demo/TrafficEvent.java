package io.sextant.demo;

import java.time.Instant;
import tools.jackson.core.JsonGenerator;

/**
 * One generated event in the ingestion wire format (SPEC §2). Fields that do not belong to its
 * {@link #type()} are null; {@code length} and {@code text} are exclusive (a message carries one).
 *
 * @param timestamp epoch milliseconds
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
        String transferTarget) {

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
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }
}
