package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What the parser does beyond the rules {@link IngestValidationTest} checks over HTTP. */
class EventParserTest {

    private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

    private final EventParser parser = new EventParser(JsonMapper.builder().build(), 10_000);

    /** An intent event on one line (NDJSON takes one per line). */
    private static String event(String id, String conversation, String intent) {
        return ("{\"id\": \"%s\", \"type\": \"intent\", \"timestamp\": \"2025-06-01T10:00:00.000Z\", \"channelId\": \"web-1\", "
                + "\"conversationId\": \"%s\", \"intent\": \"%s\", \"score\": 0.5}").formatted(id, conversation, intent);
    }

    private List<Event> parse(String body, boolean ndjson) {
        return parser.validate(parser.read(body.getBytes(StandardCharsets.UTF_8), ndjson), NOW);
    }

    /** The writer keys its maps by these strings: equal values of a batch must be one instance (see {@code BatchStrings}). */
    @Test
    void equalStringsOfABatchAreOneInstance() {
        String[] events = {event("e1", "conv-1", "greet"), event("e2", "conv-1", "greet"), event("e3", "conv-2", "bye")};
        for (boolean ndjson : new boolean[] {false, true}) {
            List<Event> parsed = parse(ndjson ? String.join("\n", events) : "[" + String.join(",", events) + "]", ndjson);
            Event.Intent first = (Event.Intent) parsed.get(0);
            Event.Intent second = (Event.Intent) parsed.get(1);
            Event.Intent third = (Event.Intent) parsed.get(2);
            assertThat(second.conversationId()).isEqualTo("conv-1").isSameAs(first.conversationId());
            assertThat(second.channelId()).isSameAs(first.channelId());
            assertThat(third.channelId()).isSameAs(first.channelId());
            assertThat(second.intent()).isEqualTo("greet").isSameAs(first.intent());
            assertThat(third.conversationId()).isEqualTo("conv-2");
            assertThat(third.intent()).isEqualTo("bye");
            assertThat(parsed).extracting(Event::id).containsExactly("e1", "e2", "e3");
        }
    }

    /** Batches share nothing: the instances of one are not kept for the next. */
    @Test
    void batchesDoNotShareInstances() {
        Event a = parse("[" + event("e1", "conv-1", "greet") + "]", false).getFirst();
        Event b = parse("[" + event("e2", "conv-1", "greet") + "]", false).getFirst();
        assertThat(b.conversationId()).isEqualTo(a.conversationId()).isNotSameAs(a.conversationId());
    }
}
