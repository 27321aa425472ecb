package io.sextant.bench;

import io.sextant.demo.TrafficEvent;
import io.sextant.demo.TrafficModel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * A one-chatbot {@link TrafficModel}'s traffic cut into numbered ingestion batches (JSON arrays of
 * whole conversations). The model is deterministic, so generating again gives the same batches
 * under the same numbers: the soak keeps only which numbers were acknowledged, and regenerates the
 * batches to send them again.
 */
final class NumberedBatches {

    /** Batch number {@code seq}: {@code events} events as a JSON array. */
    record Batch(long seq, byte[] body, int events) {}

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Thrown by a sink to end {@link #generate} early. */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final TrafficModel model;
    private final int batchEvents;

    NumberedBatches(TrafficModel model, int batchEvents) {
        if (model.chatbots().size() != 1) {
            throw new IllegalArgumentException("one chatbot, not " + model.chatbots().size());
        }
        this.model = model;
        this.batchEvents = batchEvents;
    }

    /** Hands every batch to {@code sink}, in order from 0, until the traffic ends or the sink throws {@link Stop}. */
    void generate(Consumer<Batch> sink) {
        var open = new Object() {
            long seq;
            ByteArrayOutputStream bytes;
            JsonGenerator json;
            int events;

            void add(List<TrafficEvent> conversation) {
                if (json == null) {
                    bytes = new ByteArrayOutputStream(batchEvents * 256);
                    json = FACTORY.createGenerator(bytes);
                    json.writeStartArray();
                    events = 0;
                }
                for (TrafficEvent e : conversation) {
                    e.writeJson(json);
                }
                events += conversation.size();
                if (events >= batchEvents) {
                    flush();
                }
            }

            void flush() {
                if (json == null) {
                    return;
                }
                json.writeEndArray();
                json.close();
                json = null;
                sink.accept(new Batch(seq++, bytes.toByteArray(), events));
            }
        };
        try {
            model.generate((chatbotId, events) -> open.add(events));
            open.flush();
        } catch (Stop stop) {
            // the sink has had enough
        }
    }
}
