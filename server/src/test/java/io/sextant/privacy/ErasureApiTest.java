package io.sextant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.support.Exports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The erasure endpoint over HTTP: who may call it (a key with every statistics permission may not),
 * what it answers (the count, then 0 again: idempotent), what it leaves (reports without the
 * conversation, its ids still duplicates, exports that held it withdrawn) and what it logs (counts
 * and a hash prefix, never the conversation id).
 */
@ExtendWith(OutputCaptureExtension.class)
class ErasureApiTest extends ApiTest {

    private static final String BOT = "bot-erase-api";
    private static final String SECRET_CONVERSATION = "conv-of-jane-doe-4711";

    private static String path(String chatbotId, String conversationId) {
        return "/v1/chatbots/" + chatbotId + "/statistics/conversations/" + conversationId;
    }

    private static Map<String, Object> event(String id, String type, String ts, String conversation, Map<String, Object> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("type", type);
        e.put("timestamp", ts);
        e.put("channelId", "web-1");
        e.put("conversationId", conversation);
        e.putAll(fields);
        return e;
    }

    /** Two conversations of one day: the secret one (5 events) and another (3). */
    private static List<Map<String, Object>> traffic(String prefix) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event(prefix + "1", "conversation.started", "2025-06-01T09:00:00Z", SECRET_CONVERSATION, Map.of("language", "de")));
        events.add(event(prefix + "2", "message", "2025-06-01T09:00:02Z", SECRET_CONVERSATION, Map.of("direction", "user", "text", "Hallo")));
        events.add(event(prefix + "3", "intent", "2025-06-01T09:00:03Z", SECRET_CONVERSATION, Map.of("intent", "greeting", "score", 0.9)));
        events.add(event(prefix + "4", "step", "2025-06-01T09:00:04Z", SECRET_CONVERSATION, Map.of("stepId", "start", "stepName", "Jane's start")));
        events.add(event(prefix + "5", "inbox.opened", "2025-06-01T09:01:00Z", SECRET_CONVERSATION, Map.of()));
        events.add(event(prefix + "6", "conversation.started", "2025-06-01T10:00:00Z", "conv-other", Map.of("language", "en")));
        events.add(event(prefix + "7", "message", "2025-06-01T10:00:02Z", "conv-other", Map.of("direction", "user", "text", "Hi")));
        events.add(event(prefix + "8", "step", "2025-06-01T10:00:04Z", "conv-other", Map.of("stepId", "start")));
        return events;
    }

    private JsonNode overview(String chatbotId) {
        Api.Response r = api.get("/v1/chatbots/" + chatbotId + "/statistics/reports/overview?from=2025-06-01T00:00:00Z"
                + "&to=2025-06-01T23:59:59.999Z&interval=86400&components=CONVERSATION_COUNT,MESSAGE_COUNT,STEP_EXEC_COUNT,CONVERSATION_LANGUAGES");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("components");
    }

    @Test
    void onlyAKeyWithThePrivacyPermissionOnTheChatbotMayErase() {
        assertThat(api.ingest(BOT + "-auth", traffic("a")).status()).isEqualTo(200);
        String runtime = api.createKey("runtime", List.of("chatbots.statistics.*"), List.of(Grants.chatbot(BOT + "-auth")));
        String everyStatistic = api.createKey("everything but privacy", List.of("chatbots.statistics.*", "admin.*"), List.of("*"));
        String otherChatbot = api.createKey("eraser of another", List.of(Grants.ERASE), List.of(Grants.chatbot("someone-else")));
        String eraser = api.createKey("eraser", List.of(Grants.ERASE), List.of(Grants.chatbot(BOT + "-auth")));
        String target = path(BOT + "-auth", SECRET_CONVERSATION);

        assertThat(api.delete(target, null).status()).isEqualTo(401);
        assertThat(api.delete(target, "CCSB-not-a-key").status()).isEqualTo(401);
        assertThat(api.delete(target, runtime).status()).isEqualTo(403);
        assertThat(api.delete(target, everyStatistic).status()).isEqualTo(403);
        assertThat(api.delete(target, otherChatbot).status()).isEqualTo(403);
        assertThat(overview(BOT + "-auth").get("CONVERSATION_COUNT").get("value").asLong()).as("nothing erased yet").isEqualTo(2);

        Api.Response ok = api.delete(target, eraser);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("erasedEvents").asLong()).isEqualTo(5);
    }

    @Test
    void erasingAnswersTheCountThenZeroAndLeavesReportsWithoutTheConversation(CapturedOutput output) {
        assertThat(api.ingest(BOT, traffic("e")).status()).isEqualTo(200);
        JsonNode before = overview(BOT); // cached now: the erasure must drop it
        assertThat(before.get("CONVERSATION_COUNT").get("value").asLong()).isEqualTo(2);
        assertThat(before.get("STEP_EXEC_COUNT").get("items").get(0).get("label").asString()).isEqualTo("Jane's start");

        Api.Response r = api.delete(path(BOT, SECRET_CONVERSATION), api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("chatbotId").asString()).isEqualTo(BOT);
        assertThat(r.json().get("conversationId").asString()).isEqualTo(SECRET_CONVERSATION);
        assertThat(r.json().get("erasedEvents").asLong()).isEqualTo(5);

        JsonNode after = overview(BOT);
        assertThat(after.get("CONVERSATION_COUNT").get("value").asLong()).isEqualTo(1);
        assertThat(after.get("MESSAGE_COUNT").get("value").asLong()).isEqualTo(1);
        assertThat(after.get("CONVERSATION_LANGUAGES").get("items").toString()).doesNotContain("\"de\"");
        JsonNode step = after.get("STEP_EXEC_COUNT").get("items").get(0);
        assertThat(step.get("count").asLong()).isEqualTo(1);
        assertThat(step.get("label").isNull()).as("the only name of the step was the erased one's: " + step).isTrue();
        JsonNode inbox = api.get("/v1/chatbots/" + BOT + "/statistics/inbox?from=2025-06-01T00:00:00Z&to=2025-06-01T23:59:59.999Z").json();
        assertThat(inbox.get("opened").asLong()).isZero();

        // idempotent: nothing is left to erase; unknown chatbots and conversations have nothing either
        Api.Response again = api.delete(path(BOT, SECRET_CONVERSATION), api.adminKey());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("erasedEvents").asLong()).isZero();
        assertThat(api.delete(path(BOT, "never-sent"), api.adminKey()).json().get("erasedEvents").asLong()).isZero();
        assertThat(api.delete(path("bot-never-seen", SECRET_CONVERSATION), api.adminKey()).json().get("erasedEvents").asLong()).isZero();

        // a runtime that sends the batch again cannot bring the erased events back
        Api.Response resent = api.ingest(BOT, traffic("e"));
        assertThat(resent.json().get("accepted").asInt()).isZero();
        assertThat(resent.json().get("duplicates").asInt()).isEqualTo(8);
        assertThat(overview(BOT).get("CONVERSATION_COUNT").get("value").asLong()).isEqualTo(1);
        // new events are stored as ever, of the erased conversation too (a new id is new data)
        Api.Response later = api.ingest(BOT, List.of(
                event("e9", "conversation.started", "2025-06-01T11:00:00Z", "conv-later", Map.of()),
                event("e10", "message", "2025-06-01T11:00:01Z", "conv-later", Map.of("direction", "user", "text", "?"))));
        assertThat(later.status()).as(later.body()).isEqualTo(200);
        assertThat(later.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(overview(BOT).get("CONVERSATION_COUNT").get("value").asLong()).isEqualTo(2);

        // the log says what was done, with counts and a hash prefix, never the conversation's id
        String fingerprint = PrivacyService.fingerprint(BOT, SECRET_CONVERSATION);
        assertThat(output.getAll()).contains("erased 5 events of one conversation (sha256 prefix " + fingerprint + ") of chatbot " + BOT);
        assertThat(output.getAll()).contains("erased 0 events of one conversation (sha256 prefix " + fingerprint + ") of chatbot " + BOT);
        assertThat(output.getAll()).doesNotContain(SECRET_CONVERSATION);
    }

    @Test
    void finishedExportsThatMayHoldTheConversationAreWithdrawn() {
        String bot = BOT + "-export";
        assertThat(api.ingest(bot, traffic("x")).status()).isEqualTo(200);
        Map<String, String> params = Map.of("from", "2025-06-01T00:00:00Z", "to", "2025-06-01T23:59:59.999Z", "kind", "conversations");
        String id = Exports.create(api, bot, params);
        JsonNode done = Exports.await(api, bot, id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(api.get(done.get("downloadUrl").asString(), null).body()).contains(SECRET_CONVERSATION);

        assertThat(api.delete(path(bot, SECRET_CONVERSATION), api.adminKey()).json().get("erasedEvents").asLong()).isEqualTo(5);

        assertThat(api.get("/v1/chatbots/" + bot + "/statistics/export/" + id).json().get("status").asString()).isEqualTo("expired");
        assertThat(api.get(done.get("downloadUrl").asString(), null).status()).isEqualTo(403);
        JsonNode fresh = Exports.await(api, bot, Exports.create(api, bot, params));
        String file = api.get(fresh.get("downloadUrl").asString(), null).body();
        assertThat(file).doesNotContain(SECRET_CONVERSATION).contains("conv-other");
    }

    @Test
    void idsThatAreBlankOrTooLongOrHoldASlashAreRefused() {
        Api.Response r = api.delete(path(BOT, "x".repeat(201)), api.adminKey());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("conversationId");
        assertThat(api.delete(path(BOT, "%20"), api.adminKey()).status()).isEqualTo(400);
        // the server refuses an encoded slash in any path (docs/quality.md says so): such an id cannot be named here
        Api.Response slash = api.delete(path(BOT, "a%2Fb"), api.adminKey());
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.error()).contains("malformed");
    }
}
