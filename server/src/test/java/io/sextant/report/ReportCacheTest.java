package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The report cache answers again only what no commit changed: each kind of change that reaches a
 * kept answer (a late event, a language sent after the window for a conversation started in it, a
 * new step label, a channel's new type) shows in the next answer, and an event after the window
 * does not cost a recomputation. The quality KPIs read facts of a conversation whenever they were
 * sent (a hand-over, a user message, a goal), and the understood rate reads the chatbot's settings:
 * each of those, sent or changed after a kept answer, shows in the next one too.
 */
class ReportCacheTest extends ApiTest {

    private static final String BOT = "bot-cache";
    private static final String OVERVIEW = "/v1/chatbots/" + BOT + "/statistics/reports/overview?" + Api.query(Map.of(
            "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400",
            "components", "0,1,3,4,7"));
    private static final String CHANNEL = "/v1/chatbots/" + BOT + "/statistics/reports/channel?" + Api.query(Map.of(
            "channelId", "web", "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400",
            "components", "0,4"));

    @Autowired
    MeterRegistry metrics;

    private int sent;

    @Test
    void everyChangeThatReachesAKeptAnswerShowsAndNothingElseRecomputes() {
        ingest(event("conversation.started", "2025-03-01T10:00:00.000Z", "c1", Map.of("language", "de")),
                event("message", "2025-03-01T10:00:01.000Z", "c1", Map.of("direction", "user", "length", 5)),
                event("step", "2025-03-01T10:00:02.000Z", "c1", Map.of("stepId", "s1", "stepName", "Greeting")));

        JsonNode first = report(OVERVIEW);
        assertThat(messages(first)).isEqualTo(1);
        double misses = counter("miss");
        assertThat(report(OVERVIEW)).isEqualTo(first);
        assertThat(counter("miss")).as("asked again unchanged: kept").isEqualTo(misses);

        // after the window: the kept answer stays, and is still right
        ingest(event("message", "2025-03-02T00:00:00.000Z", "c1", Map.of("direction", "bot", "length", 3)));
        assertThat(report(OVERVIEW)).isEqualTo(first);
        assertThat(counter("miss")).isEqualTo(misses);

        // a late event in the window
        ingest(event("message", "2025-03-01T23:59:59.999Z", "c1", Map.of("direction", "bot", "length", 3)));
        JsonNode late = report(OVERVIEW);
        assertThat(messages(late)).isEqualTo(2);

        // a language sent after the window, for a conversation started in it
        ingest(event("conversation.language", "2025-03-05T00:00:00.000Z", "c1", Map.of("language", "fr")));
        assertThat(report(OVERVIEW).at("/components/CONVERSATION_LANGUAGES/items/0/key").asText()).isEqualTo("fr");

        // a conversation started after the window changes nothing of it
        JsonNode kept = report(OVERVIEW);
        double before = counter("miss");
        ingest(event("conversation.started", "2025-03-05T00:00:00.000Z", "c2", Map.of("language", "it")));
        assertThat(report(OVERVIEW)).isEqualTo(kept);
        assertThat(counter("miss")).isEqualTo(before);

        // a step's new name, sent after the window, is its label in the window too (overview and channel)
        assertThat(report(CHANNEL).at("/components/STEP_EXEC_COUNT_FOR_CHANNEL_ID/items/0/label").asText()).isEqualTo("Greeting");
        ingest(event("step", "2025-03-06T00:00:00.000Z", "c2", Map.of("stepId", "s1", "stepName", "Welcome")));
        assertThat(report(OVERVIEW).at("/components/STEP_EXEC_COUNT/items/0/label").asText()).isEqualTo("Welcome");
        assertThat(report(CHANNEL).at("/components/STEP_EXEC_COUNT_FOR_CHANNEL_ID/items/0/label").asText()).isEqualTo("Welcome");

        // a channel's new type
        assertThat(report(OVERVIEW).at("/components/CONVERSATION_BY_CHANNEL_TYPE/items/0/key").asText()).isEqualTo("unknown");
        assertThat(api.put("/v1/chatbots/" + BOT + "/statistics/channels/web", Map.of("name", "Web", "type", "web"),
                api.adminKey()).status()).isEqualTo(200);
        assertThat(report(OVERVIEW).at("/components/CONVERSATION_BY_CHANNEL_TYPE/items/0/key").asText()).isEqualTo("web");
    }

    /**
     * A segment's answer is kept apart from the unfiltered one and from other segments' (the same
     * filters in another order are the same segment), and any commit of its chatbot drops it: an
     * event long after the window can move a conversation into or out of the segment (here an
     * intent, which an unfiltered answer of the window does not depend on).
     */
    @Test
    void aSegmentsAnswerIsKeptApartAndAnyCommitOfItsChatbotDropsIt() {
        String bot = "bot-cache-segment";
        String overview = "/v1/chatbots/" + bot + "/statistics/reports/overview?" + Api.query(Map.of(
                "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400", "components", "7"));
        String refund = overview + "&filter=intent:refund";
        String germanRefund = overview + "&filter=intent:refund&filter=language:de";
        String refundGerman = overview + "&filter=language:DE&filter=intent:refund";
        String german = overview + "&filter=language:de";
        ingestTo(bot, event("conversation.started", "2025-03-01T10:00:00.000Z", "c1", Map.of("language", "de")),
                event("message", "2025-03-01T10:00:01.000Z", "c1", Map.of("direction", "user", "length", 5)),
                event("conversation.started", "2025-03-01T11:00:00.000Z", "c2", Map.of("language", "en")),
                event("message", "2025-03-01T11:00:01.000Z", "c2", Map.of("direction", "user", "length", 5)));

        assertThat(messages(report(overview))).isEqualTo(2);
        assertThat(messages(report(german))).isEqualTo(1);
        assertThat(messages(report(refund))).isZero();
        assertThat(messages(report(germanRefund))).isZero();
        double misses = counter("miss");
        assertThat(messages(report(refundGerman))).as("the same segment, named otherwise").isZero();
        assertThat(messages(report(german))).isEqualTo(1);
        assertThat(counter("miss")).as("all kept").isEqualTo(misses);

        // c1 names the intent refund a week after the window: the unfiltered answer stays, the segments' change
        ingestTo(bot, event("intent", "2025-03-08T09:00:00.000Z", "c1", Map.of("intent", "refund", "score", 0.9)));
        assertThat(messages(report(overview))).isEqualTo(2);
        assertThat(counter("miss")).as("the unfiltered answer is kept").isEqualTo(misses);
        assertThat(messages(report(refund))).isEqualTo(1);
        assertThat(messages(report(refundGerman))).isEqualTo(1);
        assertThat(messages(report(overview + "&filter=handover:no&filter=intent:refund"))).isEqualTo(1);
    }

    private static final String KPI_BOT = "bot-cache-kpi";
    private static final String KPIS = "/v1/chatbots/" + KPI_BOT + "/statistics/reports/overview?" + Api.query(Map.of(
            "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400",
            "components", "CONTAINMENT_RATE,ABANDONMENT_RATE,GOAL_COMPLETION_RATE,UNDERSTOOD_RATE"));
    private static final String COUNTS = "/v1/chatbots/" + KPI_BOT + "/statistics/reports/overview?" + Api.query(Map.of(
            "from", "2025-03-01T00:00:00.000Z", "to", "2025-03-01T23:59:59.999Z", "interval", "86400", "components", "1"));

    @Test
    void factsSentAfterTheWindowAndNewSettingsShowInTheKeptKpis() {
        ingestTo(KPI_BOT, event("conversation.started", "2025-03-01T10:00:00.000Z", "k1", Map.of()),
                event("message", "2025-03-01T10:00:01.000Z", "k1", Map.of("direction", "user", "length", 5)),
                event("intent", "2025-03-01T10:00:02.000Z", "k1", Map.of("intent", "fallback", "score", 0.9)),
                event("intent", "2025-03-01T10:00:03.000Z", "k1", Map.of("intent", "order", "score", 0.4)));
        JsonNode first = report(KPIS);
        assertThat(first.at("/components/CONTAINMENT_RATE/value").asDouble()).isEqualTo(1.0);
        assertThat(first.at("/components/ABANDONMENT_RATE/value").asDouble()).isEqualTo(1.0);
        assertThat(first.at("/components/GOAL_COMPLETION_RATE/items").size()).isZero();
        assertThat(first.at("/components/UNDERSTOOD_RATE/value").asDouble()).isEqualTo(1.0);
        double misses = counter("miss");
        assertThat(report(KPIS)).isEqualTo(first);
        assertThat(counter("miss")).as("asked again unchanged: kept").isEqualTo(misses);

        // each fact, sent days after the window, belongs to the conversation started in it
        ingestTo(KPI_BOT, event("inbox.opened", "2025-03-04T00:00:00.000Z", "k1", Map.of()));
        assertThat(report(KPIS).at("/components/CONTAINMENT_RATE/value").asDouble()).isEqualTo(0.0);
        ingestTo(KPI_BOT, event("message", "2025-03-05T00:00:00.000Z", "k1", Map.of("direction", "user", "length", 5)));
        assertThat(report(KPIS).at("/components/ABANDONMENT_RATE/value").asDouble()).isEqualTo(0.0);
        ingestTo(KPI_BOT, event("goal", "2025-03-06T00:00:00.000Z", "k1", Map.of("goalId", "order")));
        assertThat(report(KPIS).at("/components/GOAL_COMPLETION_RATE/items/0/value").asDouble()).isEqualTo(1.0);

        // a bot message, or any fact of a conversation started after the window, changes nothing of it
        JsonNode kept = report(KPIS);
        double before = counter("miss");
        ingestTo(KPI_BOT, event("message", "2025-03-07T00:00:00.000Z", "k1", Map.of("direction", "bot", "length", 5)),
                event("conversation.started", "2025-03-07T00:00:00.000Z", "k2", Map.of()),
                event("inbox.opened", "2025-03-07T00:00:01.000Z", "k2", Map.of()),
                event("goal", "2025-03-07T00:00:02.000Z", "k2", Map.of("goalId", "order")),
                event("inbox.opened", "2025-03-07T00:00:03.000Z", "never-started", Map.of()));
        assertThat(report(KPIS)).isEqualTo(kept);
        assertThat(counter("miss")).isEqualTo(before);

        // new settings: the understood rate of the kept window follows them; answers without it are recomputed too
        JsonNode counts = report(COUNTS);
        before = counter("miss");
        assertThat(api.put("/v1/chatbots/" + KPI_BOT + "/statistics/settings",
                Map.of("fallbackIntents", List.of("fallback"), "understoodThreshold", 0.5), api.adminKey()).status()).isEqualTo(200);
        JsonNode understood = report(KPIS).at("/components/UNDERSTOOD_RATE");
        assertThat(understood.get("value").asDouble()).isEqualTo(0.0);
        assertThat(understood.get("total").asLong()).isEqualTo(2);
        assertThat(report(COUNTS)).isEqualTo(counts);
        assertThat(counter("miss")).as("both answers computed again").isEqualTo(before + 2);
        assertThat(api.put("/v1/chatbots/" + KPI_BOT + "/statistics/settings",
                Map.of("fallbackIntents", List.of(), "understoodThreshold", 0.4), api.adminKey()).status()).isEqualTo(200);
        assertThat(report(KPIS).at("/components/UNDERSTOOD_RATE/value").asDouble()).isEqualTo(1.0);
    }

    /**
     * Two windows a millisecond apart are two answers, but their whole days are the same rollup
     * rows: the second report uses the rows the first read, and the Prometheus metrics count both.
     */
    @Test
    void windowsEndingInTheSameHourShareTheirRollupRowsAndTheMetricsCountIt() {
        String bot = "bot-rollup-rows";
        for (int day = 1; day <= 3; day++) {
            ingestTo(bot, Map.of("id", "r" + day, "type", "message", "timestamp", "2025-04-0" + day + "T12:00:00.000Z",
                    "channelId", "web", "conversationId", "c" + day, "direction", "user", "text", "hi"));
        }
        double kept = rollupStatements("kept");
        double read = rollupStatements("read");
        for (String to : List.of("2025-04-03T23:59:59.998Z", "2025-04-03T23:59:59.997Z")) {
            JsonNode r = report("/v1/chatbots/" + bot + "/statistics/reports/overview?" + Api.query(Map.of(
                    "from", "2025-04-01T00:00:00.000Z", "to", to, "interval", "86400", "components", "7")));
            assertThat(messages(r)).isEqualTo(3);
        }
        assertThat(rollupStatements("read") - read).as("the first report read its rollup rows").isEqualTo(1);
        assertThat(rollupStatements("kept") - kept).as("the second used them").isEqualTo(1);
        assertThat(metrics.get("sextant.report.rollup.kept.rows").gauge().value()).isPositive();
        assertThat(api.get("/actuator/prometheus", api.adminKey()).body())
                .contains("sextant_report_rollup_statements_total{source=\"kept\"}")
                .contains("sextant_report_rollup_statements_total{source=\"read\"}")
                .contains("sextant_report_rollup_kept_rows");
    }

    private double rollupStatements(String source) {
        return metrics.get("sextant.report.rollup.statements").tag("source", source).functionCounter().count();
    }

    @SafeVarargs
    private void ingestTo(String chatbotId, Map<String, Object>... events) {
        assertThat(api.ingest(chatbotId, List.of(events)).status()).isEqualTo(200);
    }

    private JsonNode report(String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long messages(JsonNode report) {
        return report.at("/components/MESSAGE_COUNT/value").asLong();
    }

    private double counter(String outcome) {
        return metrics.get("sextant.report.cache").tag("outcome", outcome).counter().count();
    }

    @SafeVarargs
    private void ingest(Map<String, Object>... events) {
        assertThat(api.ingest(BOT, List.of(events)).status()).isEqualTo(200);
    }

    private Map<String, Object> event(String type, String ts, String conversation, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("id", "e" + (++sent), "type", type, "timestamp", ts,
                "channelId", "web", "conversationId", conversation));
        m.putAll(extra);
        return m;
    }
}
