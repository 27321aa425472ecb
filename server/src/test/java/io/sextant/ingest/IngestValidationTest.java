package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Every ingestion rule of SPEC §2, over HTTP, with the stored rows checked in the database. */
class IngestValidationTest extends ApiTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String TS = "2025-06-01T10:00:00.000Z";
    private static final AtomicInteger BOTS = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void freezeClock() {
        clock.set(NOW);
    }

    /** The server (and its clock) is shared with other test classes: give the real time back. */
    @AfterEach
    void realClock() {
        clock.set(Instant.now());
    }

    /** A fresh chatbot per test, so that tests sharing a server never see each other's rows. */
    static String newBot() {
        return "validation-bot-" + BOTS.incrementAndGet();
    }

    static Map<String, Object> event(String id, String type, Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("type", type);
        e.put("timestamp", TS);
        e.put("channelId", "web-1");
        e.put("conversationId", "conv-1");
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        return e;
    }

    static Map<String, Object> with(Map<String, Object> e, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(e);
        copy.put(field, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> e, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(e);
        copy.remove(field);
        return copy;
    }

    static Map<String, Object> userMessage(String id) {
        return event(id, "message", "direction", "user", "length", 3);
    }

    private static final String TOO_LONG = "😀".repeat(201); // 201 code points, 402 UTF-16 chars
    private static final String LONGEST = "😀".repeat(200);

    static Stream<Arguments> invalidEvents() {
        List<Arguments> cases = new ArrayList<>();
        for (String field : List.of("id", "type", "timestamp", "channelId", "conversationId")) {
            Map<String, Object> base = userMessage("bad");
            cases.add(Arguments.of(field + " missing", without(base, field), field + " is required"));
            cases.add(Arguments.of(field + " null", with(base, field, null), field + " is required"));
            cases.add(Arguments.of(field + " empty", with(base, field, ""), field + " must be 1 to 200 characters"));
            cases.add(Arguments.of(field + " blank", with(base, field, "   "), field + " must not be blank"));
            cases.add(Arguments.of(field + " too long", with(base, field, TOO_LONG), field + " must be 1 to 200 characters"));
            cases.add(Arguments.of(field + " not a string", with(base, field, 42), field + " must be a string"));
        }
        cases.add(Arguments.of("unknown type", event("bad", "conversation.ended"), "type 'conversation.ended' is unknown"));
        cases.add(Arguments.of("timestamp without offset", with(userMessage("bad"), "timestamp", "2025-06-01T10:00:00"),
                "timestamp '2025-06-01T10:00:00' is not an ISO-8601 time with offset"));
        cases.add(Arguments.of("timestamp unparsable", with(userMessage("bad"), "timestamp", "yesterday"),
                "timestamp 'yesterday' is not an ISO-8601 time with offset"));
        cases.add(Arguments.of("timestamp a date only", with(userMessage("bad"), "timestamp", "2025-06-01"),
                "timestamp '2025-06-01' is not an ISO-8601 time with offset"));
        cases.add(Arguments.of("timestamp 24 h + 1 ms in the future", with(userMessage("bad"), "timestamp", "2025-06-02T12:00:00.001Z"),
                "is more than 24 h in the future"));
        cases.add(Arguments.of("timestamp in year 1", with(userMessage("bad"), "timestamp", "0001-01-01T00:00:00Z"),
                "timestamp '0001-01-01T00:00:00Z' is before 1970-01-01T00:00:00Z"));
        cases.add(Arguments.of("timestamp in year -1", with(userMessage("bad"), "timestamp", "-0001-06-01T00:00:00Z"),
                "timestamp '-0001-06-01T00:00:00Z' is"));
        cases.add(Arguments.of("timestamp 1 ms before the epoch", with(userMessage("bad"), "timestamp", "1970-01-01T00:59:59.999+01:00"),
                "is before 1970-01-01T00:00:00Z"));
        cases.add(Arguments.of("timestamp far in the future, with an offset", with(userMessage("bad"), "timestamp", "2025-06-03T01:00:00+02:00"),
                "is more than 24 h in the future"));

        cases.add(Arguments.of("message without direction", without(userMessage("bad"), "direction"), "direction is required"));
        cases.add(Arguments.of("message with bad direction", with(userMessage("bad"), "direction", "system"), "direction 'system' is unknown"));
        cases.add(Arguments.of("message with neither length nor text", event("bad", "message", "direction", "bot"), "length or text is required"));
        cases.add(Arguments.of("message with length and text", event("bad", "message", "direction", "bot", "length", 2, "text", "hi"),
                "give length or text, not both"));
        cases.add(Arguments.of("message with negative length", with(userMessage("bad"), "length", -1), "length must be 0 or more"));
        cases.add(Arguments.of("message with fractional length", with(userMessage("bad"), "length", 2.5), "length must be a whole number"));
        cases.add(Arguments.of("message with length as a string", with(userMessage("bad"), "length", "3"), "length must be a whole number"));
        cases.add(Arguments.of("message with length beyond an int", with(userMessage("bad"), "length", 3_000_000_000L),
                "length must be a whole number from 0 to 10485760"));
        cases.add(Arguments.of("message with a length longer than any body", with(userMessage("bad"), "length", 10_485_761),
                "length must be at most 10485760"));
        cases.add(Arguments.of("message with text not a string", event("bad", "message", "direction", "user", "text", 7), "text must be a string"));
        cases.add(Arguments.of("agent message without agentId", event("bad", "message", "direction", "agent", "length", 4), "agentId is required"));

        cases.add(Arguments.of("intent without intent", event("bad", "intent", "score", 0.5), "intent is required"));
        cases.add(Arguments.of("intent without score", event("bad", "intent", "intent", "greet"), "score is required"));
        cases.add(Arguments.of("intent with score as a string", event("bad", "intent", "intent", "greet", "score", "0.5"), "score must be a number"));
        cases.add(Arguments.of("intent with score below 0", event("bad", "intent", "intent", "greet", "score", -0.01), "score must be between 0 and 1"));
        cases.add(Arguments.of("intent with score above 1", event("bad", "intent", "intent", "greet", "score", 1.01), "score must be between 0 and 1"));
        cases.add(Arguments.of("intent with too long intent", event("bad", "intent", "intent", TOO_LONG, "score", 0.5), "intent must be 1 to 200 characters"));

        cases.add(Arguments.of("step without stepId", event("bad", "step", "stepName", "Welcome"), "stepId is required"));

        Map<String, Object> call = event("bad", "call.ended", "durationSeconds", 12.5, "endReason", "hangup");
        cases.add(Arguments.of("call.ended without durationSeconds", without(call, "durationSeconds"), "durationSeconds is required"));
        cases.add(Arguments.of("call.ended with negative durationSeconds", with(call, "durationSeconds", -1), "durationSeconds must be 0 or more"));
        cases.add(Arguments.of("call.ended without endReason", without(call, "endReason"), "endReason is required"));
        cases.add(Arguments.of("call.ended with negative userInputs", with(call, "userInputs", -1), "userInputs must be 0 or more"));
        cases.add(Arguments.of("call.ended with fractional userInputs", with(call, "userInputs", 1.5), "userInputs must be a whole number"));
        cases.add(Arguments.of("call.ended lasting 1.7e308 seconds", with(call, "durationSeconds", 1.7e308),
                "durationSeconds must be at most 1000000"));
        cases.add(Arguments.of("call.ended lasting 1 µs more than the longest call", with(call, "durationSeconds", 1_000_000.000001),
                "durationSeconds must be at most 1000000"));
        cases.add(Arguments.of("call.ended with too many userInputs", with(call, "userInputs", 1_000_001),
                "userInputs must be at most 1000000"));

        cases.add(Arguments.of("inbox.assigned without agentId", event("bad", "inbox.assigned"), "agentId is required"));

        cases.add(Arguments.of("conversation.language without language", event("bad", "conversation.language"), "language is required"));
        cases.add(Arguments.of("conversation.language with an invalid tag", event("bad", "conversation.language", "language", "de DE"),
                "language 'de DE' is not a language tag"));
        cases.add(Arguments.of("conversation.language with a one-letter tag", event("bad", "conversation.language", "language", "d"),
                "language 'd' is not a language tag"));
        cases.add(Arguments.of("conversation.started with an invalid tag", event("bad", "conversation.started", "language", "123"),
                "language '123' is not a language tag"));

        Map<String, Object> started = event("bad", "conversation.started");
        cases.add(Arguments.of("attributes not an object", with(started, "attributes", "plan=pro"), "attributes must be a JSON object of strings"));
        cases.add(Arguments.of("attributes an array", with(started, "attributes", List.of("pro")), "attributes must be a JSON object of strings"));
        cases.add(Arguments.of("attribute value a number", with(started, "attributes", Map.of("plan", 3)), "attribute 'plan' must be a string"));
        cases.add(Arguments.of("attribute value an object", with(started, "attributes", Map.of("plan", Map.of("x", "y"))),
                "attribute 'plan' must be a string"));
        cases.add(Arguments.of("attribute value empty", with(started, "attributes", Map.of("plan", "")), "attribute 'plan' must be 1 to 200 characters"));
        cases.add(Arguments.of("attribute value blank", with(started, "attributes", Map.of("plan", "  ")), "attribute 'plan' must not be blank"));
        cases.add(Arguments.of("attribute value too long", with(started, "attributes", Map.of("plan", TOO_LONG)),
                "attribute 'plan' must be 1 to 200 characters"));
        cases.add(Arguments.of("attribute key with a blank", with(started, "attributes", Map.of("my plan", "pro")),
                "attribute key 'my plan' must be 1 to 64 characters of A-Z, a-z, 0-9, _, . and -"));
        cases.add(Arguments.of("attribute key with a colon", with(started, "attributes", Map.of("a:b", "pro")), "attribute key 'a:b' must be"));
        cases.add(Arguments.of("attribute key empty", with(started, "attributes", Map.of("", "pro")), "attribute key '' must be"));
        cases.add(Arguments.of("attribute key of 65 characters", with(started, "attributes", Map.of("k".repeat(65), "pro")), "must be 1 to 64 characters"));
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= 20; i++) {
            many.put("k" + i, "v");
        }
        cases.add(Arguments.of("21 attributes", with(started, "attributes", many), "attributes holds at most 20 entries"));

        cases.add(Arguments.of("goal without goalId", event("bad", "goal"), "goalId is required"));
        cases.add(Arguments.of("goal with goalId a number", event("bad", "goal", "goalId", 7), "goalId must be a string"));
        cases.add(Arguments.of("goal with negative value", event("bad", "goal", "goalId", "order", "value", -0.5), "value must be 0 or more"));
        cases.add(Arguments.of("goal with value a string", event("bad", "goal", "goalId", "order", "value", "12"), "value must be a number"));
        cases.add(Arguments.of("goal with value beyond 1e12", event("bad", "goal", "goalId", "order", "value", 1.0000001e12),
                "value must be at most 1e12"));

        cases.add(Arguments.of("rating with neither score nor thumbs", event("bad", "rating"), "score (1 to 5) or thumbs (up or down) is required"));
        cases.add(Arguments.of("rating with score and thumbs", event("bad", "rating", "score", 4, "thumbs", "up"), "give score or thumbs, not both"));
        cases.add(Arguments.of("rating with score 0", event("bad", "rating", "score", 0), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with score 6", event("bad", "rating", "score", 6), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with score 4.5", event("bad", "rating", "score", 4.5), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with score 5.000001", event("bad", "rating", "score", 5.000001), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with score 0.0", event("bad", "rating", "score", 0.0), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with score as a string", event("bad", "rating", "score", "4"), "score must be a whole number from 1 to 5"));
        cases.add(Arguments.of("rating with thumbs sideways", event("bad", "rating", "thumbs", "sideways"), "thumbs must be \"up\" or \"down\""));
        cases.add(Arguments.of("rating with thumbs upper-case", event("bad", "rating", "thumbs", "UP"), "thumbs must be \"up\" or \"down\""));
        cases.add(Arguments.of("rating with a comment not a string", event("bad", "rating", "score", 3, "comment", 5), "comment must be a string"));
        cases.add(Arguments.of("rating with a comment too long", event("bad", "rating", "score", 3, "comment", "😀".repeat(10_001)),
                "comment must be at most 10000 characters"));

        cases.add(Arguments.of("a number instead of an event", 42, "an event must be a JSON object"));
        cases.add(Arguments.of("a string instead of an event", "message", "an event must be a JSON object"));
        cases.add(Arguments.of("an array instead of an event", List.of(userMessage("bad")), "an event must be a JSON object"));
        cases.add(Arguments.of("null instead of an event", null, "an event must be a JSON object"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void rejectsTheWholeBatchNamingTheIndex(String name, Object invalid, String expectedError) {
        String bot = newBot();
        List<Object> batch = new ArrayList<>();
        batch.add(with(userMessage("good-1"), "channelId", "only-in-rejected-batch"));
        batch.add(invalid);

        Api.Response r = api.ingest(bot, batch);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode details = r.json().get("details");
        assertThat(details).as(r.body()).hasSize(1);
        assertThat(details.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(details.get(0).get("error").asString()).contains(expectedError);
        assertThat(r.error()).contains("event 1").contains(expectedError);
        assertNothingStored(bot);
    }

    private void assertNothingStored(String bot) {
        assertThat(jdbc.sql("SELECT count(*) FROM event_ids WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM channels WHERE chatbot_id = :b").param("b", bot).query(Long.class).single()).isZero();
        // the chatbot did not come into existence either
        assertThat(api.get("/v1/chatbots/" + bot + "/statistics/channels").status()).isEqualTo(404);
    }

    @Test
    void listsEveryInvalidEventInOrder() {
        String bot = newBot();
        var r = api.ingest(bot, List.of(event("a", "intent", "intent", "x", "score", 2), userMessage("b"), event("c", "step")));
        assertThat(r.status()).isEqualTo(400);
        JsonNode details = r.json().get("details");
        assertThat(details).hasSize(2);
        assertThat(details.get(0).get("index").asInt()).isZero();
        assertThat(details.get(0).get("error").asString()).isEqualTo("score must be between 0 and 1");
        assertThat(details.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(details.get(1).get("error").asString()).isEqualTo("stepId is required");
        assertThat(r.error()).startsWith("2 events are invalid");
        assertNothingStored(bot);
    }

    @Test
    void acceptsTheBoundaries() {
        String bot = newBot();
        var r = api.ingest(bot, List.of(
                event("e-" + "😀".repeat(197), "message", "direction", "user", "length", 0, "conversationId", LONGEST),
                with(userMessage("exactly-24h-ahead"), "timestamp", "2025-06-02T12:00:00.000Z"),
                event("score-0", "intent", "intent", "a", "score", 0),
                event("score-1", "intent", "intent", "b", "score", 1),
                event("call-0", "call.ended", "durationSeconds", 0, "endReason", "hangup", "userInputs", 0),
                event("started-no-language", "conversation.started"),
                event("closed-no-agent", "inbox.closed"),
                event("opened", "inbox.opened"),
                event("interaction", "interaction"),
                event("step", "step", "stepId", "s1"),
                with(userMessage("at-the-epoch"), "timestamp", "1970-01-01T01:00:00+01:00"),
                event("longest-text", "message", "direction", "user", "length", 10_485_760),
                event("longest-call", "call.ended", "durationSeconds", 1_000_000, "endReason", "hangup", "userInputs", 1_000_000)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(13);
        assertThat(r.json().get("duplicates").asInt()).isZero();
        assertThat(jdbc.sql("SELECT user_inputs FROM calls WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY user_inputs").param("b", bot)
                .query(Integer.class).list()).containsExactly(0, 1_000_000);
    }

    @Test
    void goalsRatingsAndAttributesAreStoredWithoutCommentText() {
        String bot = newBot();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("campaign", "spring");
        attributes.put("utm.source", "Grüße 😀");
        for (int i = 2; i < 20; i++) {
            attributes.put("k" + i, "v" + i);
        }
        var r = api.ingest(bot, List.of(
                event("s", "conversation.started", "attributes", attributes),
                event("s-none", "conversation.started", "attributes", Map.of()),
                event("g1", "goal", "goalId", "order", "value", 1.0e12),
                event("g2", "goal", "goalId", "newsletter"),
                event("r1", "rating", "score", 5, "comment", "Sehr gut 😀"),
                event("r2", "rating", "thumbs", "down"),
                event("r3", "rating", "score", 1, "comment", ""),
                event("r4", "rating", "score", 3.0)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(8);
        assertThat(jdbc.sql("SELECT key || '=' || value FROM conversation_attributes WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY key")
                .param("b", bot).query(String.class).list())
                .hasSize(20).contains("campaign=spring", "utm.source=Grüße 😀", "k19=v19");
        assertThat(jdbc.sql("SELECT goal_id || ':' || coalesce(CAST(value AS VARCHAR), 'none') FROM goals WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY goal_id")
                .param("b", bot).query(String.class).list())
                .containsExactly("newsletter:none", "order:1000000000000.0");
        assertThat(jdbc.sql("SELECT coalesce(CAST(score AS VARCHAR), '-') || ' ' || coalesce(thumbs, '-') || ' ' "
                        + "|| coalesce(CAST(comment_length AS VARCHAR), '-') FROM ratings WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY seq")
                .param("b", bot).query(String.class).list())
                .containsExactly("5 - 10", "- down -", "1 - 0", "3 - -");
    }

    @Test
    void userInputsDefaultsToZero() {
        String bot = newBot();
        assertThat(api.ingest(bot, List.of(event("c", "call.ended", "durationSeconds", 3.25, "endReason", "hangup",
                "exitStep", "bye", "transferTarget", "+4930"))).status()).isEqualTo(200);
        var row = jdbc.sql("SELECT duration_seconds, user_inputs, end_reason, exit_step, transfer_target FROM calls WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)")
                .param("b", bot).query().singleRow();
        assertThat(row).containsEntry("duration_seconds", 3.25).containsEntry("user_inputs", 0)
                .containsEntry("end_reason", "hangup").containsEntry("exit_step", "bye").containsEntry("transfer_target", "+4930");
    }

    @Test
    void theFirstVersionOfAnIdWinsWithinABatch() {
        String bot = newBot();
        var r = api.ingest(bot, List.of(
                event("i1", "intent", "intent", "first", "score", 0.25),
                event("i1", "intent", "intent", "second", "score", 0.75),
                event("i1", "message", "direction", "user", "length", 9)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT intent || ':' || score FROM intents WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query(String.class).list())
                .containsExactly("first:0.25");
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query(Long.class).single()).isZero();
    }

    @Test
    void theFirstVersionOfAnIdWinsAcrossBatches() {
        String bot = newBot();
        assertThat(api.ingest(bot, List.of(event("i1", "intent", "intent", "first", "score", 0.25,
                "timestamp", "2025-06-01T09:00:00.000Z"))).status()).isEqualTo(200);
        var r = api.ingest(bot, List.of(
                event("i1", "intent", "intent", "second", "score", 0.75, "timestamp", "2025-06-01T11:00:00.000Z", "channelId", "other"),
                event("i2", "intent", "intent", "new", "score", 0.5)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT intent || ':' || score || ':' || ts || ':' || channel_id FROM intents WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY seq")
                .param("b", bot).query(String.class).list())
                .containsExactly("first:0.25:" + Instant.parse("2025-06-01T09:00:00Z").toEpochMilli() + ":web-1",
                        "new:0.5:" + Instant.parse(TS).toEpochMilli() + ":web-1");
        // the duplicate's channel was not registered either
        assertThat(jdbc.sql("SELECT channel_id FROM channels WHERE chatbot_id = :b").param("b", bot).query(String.class).list())
                .containsExactly("web-1");
        // resending everything: all duplicates
        var again = api.ingest(bot, List.of(event("i1", "intent", "intent", "x", "score", 0), event("i2", "intent", "intent", "y", "score", 0)));
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("duplicates").asInt()).isEqualTo(2);
    }

    @Test
    void idsAreUniquePerChatbotOnly() {
        String a = newBot();
        String b = newBot();
        assertThat(api.ingest(a, List.of(userMessage("same"))).json().get("accepted").asInt()).isEqualTo(1);
        assertThat(api.ingest(b, List.of(userMessage("same"))).json().get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void acceptsNdjson() {
        String bot = newBot();
        String body = Api.JSON.writeValueAsString(userMessage("n1")) + "\r\n\n"
                + Api.JSON.writeValueAsString(userMessage("n2")) + "\n"
                + Api.JSON.writeValueAsString(userMessage("n1")) + "\n";
        var r = api.post("/v1/chatbots/" + bot + "/statistics/events", "application/x-ndjson", body, api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(1);

        var charset = api.post("/v1/chatbots/" + bot + "/statistics/events", "application/x-ndjson; charset=utf-8",
                Api.JSON.writeValueAsString(userMessage("n3")), api.adminKey());
        assertThat(charset.status()).isEqualTo(200);
        assertThat(charset.json().get("accepted").asInt()).isEqualTo(1);
    }

    /** Posts raw bytes, which need not be valid UTF-8. */
    private Api.Response postBytes(String bot, String contentType, byte[] body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/v1/chatbots/" + bot + "/statistics/events"))
                .header("x-chatcaptain-key", api.adminKey()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.headers(), r.body());
    }

    /** {@code text} as UTF-8, with each character U+0001 replaced by the byte {@code bad}, which is never valid UTF-8. */
    private static byte[] withByte(String text, int bad) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 1) {
                b[i] = (byte) bad;
            }
        }
        return b;
    }

    @Test
    void invalidUtf8IsRejectedNamingTheLineNeverDecodedIntoADuplicate() throws Exception {
        String bot = newBot();
        // two different ids, "a\xFF" and "a\xFE": decoded leniently both became "a\uFFFD", and one was dropped as a duplicate
        byte[] ndjson = withByte(Api.JSON.writeValueAsString(userMessage("ok")) + "\n"
                + Api.JSON.writeValueAsString(userMessage("a\u0001")).replace("\\u0001", "\u0001") + "\n", 0xFF);
        byte[] second = withByte(Api.JSON.writeValueAsString(userMessage("a\u0001")).replace("\\u0001", "\u0001"), 0xFE);
        byte[] body = java.nio.ByteBuffer.allocate(ndjson.length + second.length).put(ndjson).put(second).array();
        var r = postBytes(bot, "application/x-ndjson", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("line 2 of the NDJSON body is not valid UTF-8");
        assertNothingStored(bot);

        var json = postBytes(bot, "application/json", withByte("[" + Api.JSON.writeValueAsString(userMessage("a\u0001"))
                .replace("\\u0001", "\u0001") + "]", 0xFF));
        assertThat(json.status()).as(json.body()).isEqualTo(400);
        assertThat(json.error()).isEqualTo("request body is not valid JSON");
        assertNothingStored(bot);
    }

    @Test
    void ndjsonErrorsNameTheLineOrTheIndex() {
        String bot = newBot();
        String path = "/v1/chatbots/" + bot + "/statistics/events";
        var malformed = api.post(path, "application/x-ndjson",
                Api.JSON.writeValueAsString(userMessage("n1")) + "\n{\"id\": \n", api.adminKey());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).isEqualTo("line 2 of the NDJSON body is not valid JSON");

        var invalid = api.post(path, "application/x-ndjson",
                Api.JSON.writeValueAsString(userMessage("n1")) + "\n" + Api.JSON.writeValueAsString(without(userMessage("n2"), "direction")),
                api.adminKey());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("details").get(0).get("index").asInt()).isEqualTo(1);
        assertNothingStored(bot);
    }

    @Test
    void tenThousandEventsAreAcceptedAndOneMoreIs413() {
        String bot = newBot();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(userMessage("m" + i));
        }
        var ok = api.ingest(bot, events);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("accepted").asInt()).isEqualTo(10_000);

        String other = newBot();
        events.add(userMessage("m10000"));
        var tooMany = api.ingest(other, events);
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.error()).isEqualTo("a batch holds at most 10000 events");

        StringBuilder ndjson = new StringBuilder();
        for (Map<String, Object> e : events) {
            ndjson.append(Api.JSON.writeValueAsString(e)).append('\n');
        }
        var tooManyLines = api.post("/v1/chatbots/" + other + "/statistics/events", "application/x-ndjson", ndjson.toString(), api.adminKey());
        assertThat(tooManyLines.status()).isEqualTo(413);
        assertNothingStored(other);
    }

    @Test
    void aBodyOverTenMebibytesIs413WithOrWithoutContentLength() throws Exception {
        String bot = newBot();
        int limit = 10 * 1024 * 1024;
        String body = "[" + " ".repeat(limit - 1) + "]"; // limit + 1 bytes of otherwise valid JSON
        var declared = api.postJson("/v1/chatbots/" + bot + "/statistics/events", body);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.error()).isEqualTo("request body is larger than 10485760 bytes");

        // chunked: no Content-Length, so the limit must hold while reading
        var request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/chatbots/" + bot + "/statistics/events"))
                .header("Content-Type", "application/json").header("x-chatcaptain-key", api.adminKey())
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body))).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> chunked = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(Api.JSON.readTree(chunked.body()).get("error").asString()).isEqualTo("request body is larger than 10485760 bytes");
        }

        // exactly at the limit is fine (and empty)
        var atLimit = api.postJson("/v1/chatbots/" + bot + "/statistics/events", "[" + " ".repeat(limit - 2) + "]");
        assertThat(atLimit.status()).isEqualTo(200);
        assertThat(atLimit.json().get("accepted").asInt()).isZero();
    }

    @Test
    void malformedOrNonArrayBodiesAre400() {
        String path = "/v1/chatbots/" + newBot() + "/statistics/events";
        for (String body : List.of("[{", "not json", "[1,]", "[] []")) {
            var r = api.postJson(path, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.error()).as(body).isEqualTo("request body is not valid JSON");
        }
        for (String body : List.of("{\"id\": \"e1\"}", "\"events\"", "42", "null", "")) {
            var r = api.postJson(path, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.error()).as(body).startsWith("request body must be a JSON array of events");
        }
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        String path = "/v1/chatbots/" + newBot() + "/statistics/events";
        String body = Api.JSON.writeValueAsString(List.of(userMessage("x")));
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")) {
            var r = api.post(path, type, body, api.adminKey());
            assertThat(r.status()).as(type).isEqualTo(415);
            assertThat(r.error()).as(type).contains("is not supported");
        }
        var garbage = api.post(path, "not a media type", body, api.adminKey());
        assertThat(garbage.status()).isEqualTo(415);
        // JSON with a charset is JSON
        assertThat(api.post(path, "application/json; charset=UTF-8", body, api.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void languagesAreNormalisedToTheLowerCasePrimarySubtag() {
        String bot = newBot();
        var r = api.ingest(bot, List.of(
                event("l1", "conversation.started", "language", "de-DE", "conversationId", "c1"),
                event("l2", "conversation.language", "language", "PT_br", "conversationId", "c2"),
                event("l3", "conversation.started", "language", "EN", "conversationId", "c3"),
                event("l4", "conversation.language", "language", "zh-Hant-TW", "conversationId", "c4")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT conversation_id || '=' || language || '/' || started FROM conversation_events WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY conversation_id")
                .param("b", bot).query(String.class).list())
                .containsExactly("c1=de/true", "c2=pt/false", "c3=en/true", "c4=zh/false");
    }

    @Test
    void textIsCountedInCodePointsAndNeverStored() {
        String bot = newBot();
        String secret = "Geheimnis-" + "x".repeat(990); // 1000 code points: no 200-character limit on text
        var r = api.ingest(bot, List.of(
                event("t1", "message", "direction", "user", "text", "a😀b"),
                event("t2", "message", "direction", "bot", "text", "👨‍👩‍👧"), // 3 emoji joined by 2 ZWJ = 5 code points
                event("t3", "message", "direction", "user", "text", ""),
                event("t4", "message", "direction", "agent", "agentId", "anna", "text", secret)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT length FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b) ORDER BY seq").param("b", bot).query(Integer.class).list())
                .containsExactly(3, 5, 0, 1000);
        assertThat(jdbc.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'messages'").query(String.class).list())
                .containsExactlyInAnyOrder("chatbot_no", "ts", "seq", "channel_id", "conversation_id", "direction", "length", "agent_id");
        var rows = jdbc.sql("SELECT * FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query().listOfRows();
        assertThat(rows.toString()).doesNotContain("Geheimnis").doesNotContain("😀");
    }

    @Test
    void subMillisecondDigitsAreDroppedAndOffsetsApplied() {
        String bot = newBot();
        assertThat(api.ingest(bot, List.of(with(userMessage("t"), "timestamp", "2025-06-01T10:00:00.123987+02:00"))).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT ts FROM messages WHERE chatbot_no = (SELECT chatbot_no FROM chatbots WHERE chatbot_id = :b)").param("b", bot).query(Long.class).single())
                .isEqualTo(Instant.parse("2025-06-01T08:00:00.123Z").toEpochMilli());
    }

    @Test
    void unknownFieldsAreIgnored() {
        String bot = newBot();
        var r = api.ingest(bot, List.of(with(with(userMessage("u"), "sentiment", "happy"), "meta", Map.of("a", 1))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void aBlankOrTooLongChatbotIdIs400() {
        var blank = api.ingest("%20", List.of(userMessage("x")));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.error()).isEqualTo("chatbotId must be 1 to 200 characters, not blank");
        var tooLong = api.ingest("b".repeat(201), List.of(userMessage("x")));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM chatbots WHERE trim(chatbot_id) = '' OR length(chatbot_id) > 200")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anEmptyBatchStoresNothingAndSucceeds() {
        String bot = newBot();
        var r = api.ingest(bot, List.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isZero();
        assertThat(r.json().get("duplicates").asInt()).isZero();
    }

    @Test
    void theFirstEventRegistersItsChannelAsUnknownUntilRegistered() {
        String bot = newBot();
        assertThat(api.ingest(bot, List.of(with(userMessage("c"), "channelId", "wa-7"))).status()).isEqualTo(200);
        JsonNode ch = api.get("/v1/chatbots/" + bot + "/statistics/channels").json().get("channels").get(0);
        assertThat(ch.get("id").asString()).isEqualTo("wa-7");
        assertThat(ch.get("name").asString()).isEqualTo("wa-7");
        assertThat(ch.get("type").asString()).isEqualTo("unknown");
    }
}
