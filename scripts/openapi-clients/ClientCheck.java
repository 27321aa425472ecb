import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.client.ApiClient;
import io.sextant.client.api.ApiKeysApi;
import io.sextant.client.api.ChannelsApi;
import io.sextant.client.api.ExportsApi;
import io.sextant.client.api.InboxApi;
import io.sextant.client.api.IngestionApi;
import io.sextant.client.api.LiveApi;
import io.sextant.client.api.PrivacyApi;
import io.sextant.client.api.SettingsApi;
import io.sextant.client.api.StatisticsApi;
import io.sextant.client.model.ApiKeyRequest;
import io.sextant.client.model.ChannelRequest;
import io.sextant.client.model.Event;
import io.sextant.client.model.ExportRequest;
import io.sextant.client.model.ExportStatus;
import io.sextant.client.model.RetentionRequest;
import io.sextant.client.model.UnderstandingRequest;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Calls every operation of Sextant through the generated Java client: ClientCheck BASE ADMIN_KEY. */
public class ClientCheck {

    static final String BOT = "java-client-bot";
    static final String FROM = "2025-06-01T00:00:00+02:00";
    static final String TO = "2025-06-02T23:59:59.999+02:00";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        ApiClient admin = client(base, args[1]);
        var created = new ApiKeysApi(admin).createApiKey(new ApiKeyRequest().name("java client")
                .permissions(List.of("chatbots.statistics.*")).resources(List.of("chatbots/" + BOT)));
        ok("createApiKey", created.getId() + " " + created.getApiKey().substring(0, 5) + "… " + created.getCreatedAt());
        ApiClient c = client(base, created.getApiKey());

        var channel = new ChannelsApi(c).putChannel(BOT, "phone-1", new ChannelRequest().name("Hotline")
                .type(ChannelRequest.TypeEnum.VOICE).number("+4930123456"));
        ok("putChannel", channel.getId() + " " + channel.getType() + " number=" + channel.getNumber() + " status=" + channel.getStatus());
        var web = new ChannelsApi(c).putChannel(BOT, "web-1", new ChannelRequest().name("Website").type(ChannelRequest.TypeEnum.WEB));
        ok("putChannel", web.getId() + " number=" + web.getNumber());

        var result = new IngestionApi(c).ingestEvents(BOT, List.of(
                event("e1", Event.TypeEnum.CONVERSATION_STARTED, "2025-06-01T09:00:00.000+02:00", "web-1", "c1").language("de-DE")
                        .attributes(Map.of("campaign", "spring", "plan", "pro")),
                event("e2", Event.TypeEnum.MESSAGE, "2025-06-01T09:00:02.000+02:00", "web-1", "c1").direction(Event.DirectionEnum.USER).text("Wo ist meine Bestellung?"),
                event("e3", Event.TypeEnum.INTENT, "2025-06-01T09:00:02.100+02:00", "web-1", "c1").intent("order.status").score(0.91),
                event("e4", Event.TypeEnum.STEP, "2025-06-01T09:00:03.000+02:00", "web-1", "c1").stepId("s1").stepName("Greeting"),
                event("e5", Event.TypeEnum.INTERACTION, "2025-06-01T09:00:04.000+02:00", "web-1", "c1").kind("button"),
                event("e7", Event.TypeEnum.INBOX_OPENED, "2025-06-01T09:01:00.000+02:00", "web-1", "c1"),
                event("e8", Event.TypeEnum.INBOX_ASSIGNED, "2025-06-01T09:01:10.000+02:00", "web-1", "c1").agentId("anna"),
                event("e9", Event.TypeEnum.MESSAGE, "2025-06-01T09:02:12.345+02:00", "web-1", "c1").direction(Event.DirectionEnum.AGENT).agentId("anna").length(57L),
                event("e10", Event.TypeEnum.INBOX_CLOSED, "2025-06-01T09:13:00.000+02:00", "web-1", "c1").agentId("anna"),
                event("e11", Event.TypeEnum.CONVERSATION_STARTED, "2025-06-02T14:30:00.000+02:00", "phone-1", "c2"),
                event("e12", Event.TypeEnum.CONVERSATION_LANGUAGE, "2025-06-02T14:30:01.000+02:00", "phone-1", "c2").language("en"),
                event("e13", Event.TypeEnum.CALL_ENDED, "2025-06-02T14:33:10.500+02:00", "phone-1", "c2").durationSeconds(190.5)
                        .userInputs(3L).endReason("transfer").exitStep("s9").transferTarget("support"),
                event("e14", Event.TypeEnum.GOAL, "2025-06-01T09:05:00.000+02:00", "web-1", "c1").goalId("order-placed").value(49.9),
                event("e15", Event.TypeEnum.RATING, "2025-06-01T09:14:00.000+02:00", "web-1", "c1").score(4.0).comment("Schnell und freundlich"),
                event("e16", Event.TypeEnum.RATING, "2025-06-02T14:34:00.000+02:00", "phone-1", "c2").thumbs(Event.ThumbsEnum.DOWN),
                event("e1", Event.TypeEnum.CONVERSATION_STARTED, "2025-06-01T09:00:00.000+02:00", "web-1", "c1")));
        ok("ingestEvents", "accepted=" + result.getAccepted() + " duplicates=" + result.getDuplicates());
        check(result.getAccepted() == 15 && result.getDuplicates() == 1, "15 accepted, 1 duplicate");

        var settingsApi = new SettingsApi(c);
        ok("getSettings", settingsApi.getSettings(BOT).toString().replace('\n', ' '));
        var understanding = settingsApi.putSettings(BOT, new UnderstandingRequest().fallbackIntents(List.of("fallback")).understoodThreshold(0.95));
        ok("putSettings", "fallbackIntents=" + understanding.getFallbackIntents() + " threshold=" + understanding.getUnderstoodThreshold());

        var stats = new StatisticsApi(c);
        var overview = stats.getOverviewReport(BOT, FROM, TO, new BigDecimal(86400), ids(23), "Europe/Berlin", null);
        int overviewCount = present(admin, overview.getComponents());
        ok("getOverviewReport", overviewCount + " components; CONVERSATION_COUNT=" + overview.getComponents().getCONVERSATIONCOUNT().getValue()
                + " MESSAGE_COUNT.byDirection.agent=" + overview.getComponents().getMESSAGECOUNT().getByDirection().getAgent()
                + " trend change=" + overview.getComponents().getCONVERSATIONCOUNTPERIODICTREND().getChange()
                + " CONTAINMENT_RATE=" + overview.getComponents().getCONTAINMENTRATE().getValue()
                + " previous total=" + overview.getComponents().getCONTAINMENTRATE().getPrevious().getTotal()
                + " goals=" + overview.getComponents().getGOALCOMPLETIONRATE().getItems().size()
                + " RATING average=" + overview.getComponents().getRATING().getAverage());
        check(overviewCount == 23, "23 overview components");
        check(overview.getComponents().getUNDERSTOODRATE().getValue() == 0.0, "the intent of score 0.91 is not understood at 0.95");
        var segment = stats.getOverviewReport(BOT, FROM, TO, new BigDecimal(86400), "CONVERSATION_COUNT,RATING", null,
                List.of("attr.plan:pro", "goalReached:yes"));
        ok("getOverviewReport (segment)", "CONVERSATION_COUNT=" + segment.getComponents().getCONVERSATIONCOUNT().getValue()
                + " RATING average=" + segment.getComponents().getRATING().getAverage());
        check(segment.getComponents().getCONVERSATIONCOUNT().getValue().intValue() == 1, "one conversation in the segment");
        var channelReport = stats.getChannelReport(BOT, "phone-1", FROM, TO, new BigDecimal(86400), ids(29), null, null);
        int channelCount = present(admin, channelReport.getComponents());
        ok("getChannelReport", channelCount + " components; CALL_DURATION_TOTAL=" + channelReport.getComponents().getCALLDURATIONTOTAL().getValue()
                + " calls=" + channelReport.getComponents().getCALLDURATIONTOTAL().getCalls()
                + " MESSAGE_LENGTH_MEDIAN=" + channelReport.getComponents().getMESSAGELENGTHMEDIANFORCHANNELID().getValue()
                + " HANDOVER_RATE=" + channelReport.getComponents().getHANDOVERRATEFORCHANNELID().getValue());
        check(channelCount == 29, "29 channel components");

        var inbox = new InboxApi(c).getInboxStatistics(BOT, FROM, TO, null, List.of("handover:yes"));
        ok("getInboxStatistics", "opened=" + inbox.getOpened() + " firstResponse median=" + inbox.getFirstResponseSeconds().getMedian()
                + " agents=" + inbox.getAgents().size());
        var emptyInbox = new InboxApi(c).getInboxStatistics(BOT, "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", "phone-1", null);
        ok("getInboxStatistics (empty)", "median=" + emptyInbox.getResolutionSeconds().getMedian());

        var paths = stats.getPathsReport(BOT, FROM, TO, null, null, 10, null);
        ok("getPathsReport", paths.getConversations() + " conversations; steps=" + paths.getSteps().stream()
                .map(s -> s.getStepId() + "/" + s.getLabel() + " dropOffs=" + s.getDropOffs() + " share=" + s.getDropOffShare())
                .collect(Collectors.joining(", ")) + " fromStep=" + paths.getFromStep() + " totalEdges=" + paths.getTotalEdges());
        check(paths.getConversations() == 1 && paths.getSteps().size() == 1 && paths.getEdges().isEmpty(), "one path of one step");
        var fromStep = stats.getPathsReport(BOT, FROM, TO, "phone-1", "s1", null, List.of("channel:phone-1"));
        ok("getPathsReport (from a step)", fromStep.getConversations() + " conversations; fromStep=" + fromStep.getFromStep());
        var live = new LiveApi(c).getLiveView(BOT, null);
        ok("getLiveView", "now=" + live.getNow() + " active=" + live.getActiveConversations() + " minutes=" + live.getEventsPerMinute().size()
                + " first=" + live.getEventsPerMinute().get(0).getStart());
        check(live.getEventsPerMinute().size() == 60, "60 minutes");

        var channels = new ChannelsApi(c).listChannels(BOT);
        ok("listChannels", channels.getChannels().stream().map(ch -> ch.getId() + "/" + ch.getType()).collect(Collectors.joining(", ")));

        var exports = new ExportsApi(c);
        var export = exports.createExport(BOT, FROM, TO, "Europe/Berlin", null, new ExportRequest().filters(List.of("language:de")));
        ok("createExport", export.getExportId() + " " + export.getStatus());
        ExportStatus status = exports.getExport(BOT, export.getExportId());
        for (int i = 0; i < 100 && status.getStatus() != ExportStatus.StatusEnum.COMPLETED; i++) {
            Thread.sleep(200);
            status = exports.getExport(BOT, export.getExportId());
        }
        ok("getExport", status.getStatus() + " progress=" + status.getProgress() + " expiresAt=" + status.getExpiresAt());
        check(status.getStatus() == ExportStatus.StatusEnum.COMPLETED, "export completed");
        Map<String, String> query = query(status.getDownloadUrl());
        File csv = exports.downloadExport(export.getExportId(), query.get("expires"), query.get("signature"));
        List<String> lines = Files.readAllLines(csv.toPath());
        ok("downloadExport", lines.size() + " lines; " + lines.get(0).substring(0, 40) + "…");
        check(lines.size() == 5, "header and 2 days x 2 channels");

        var privacyKey = new ApiKeysApi(admin).createApiKey(new ApiKeyRequest().name("java client privacy")
                .permissions(List.of("chatbots.privacy.*")).resources(List.of("chatbots/" + BOT)));
        ApiClient privacy = client(base, privacyKey.getApiKey());
        var retention = new SettingsApi(privacy).putRetention(BOT, new RetentionRequest().days(3650));
        ok("putRetention", "retentionDays=" + retention.getRetentionDays());
        check(retention.getRetentionDays() == 3650 && retention.getFallbackIntents().equals(List.of("fallback")), "retention set, the rest kept");
        var erased = new PrivacyApi(privacy).eraseConversation(BOT, "c2");
        ok("eraseConversation", "conversationId=" + erased.getConversationId() + " erasedEvents=" + erased.getErasedEvents());
        check(erased.getErasedEvents() == 4, "the 4 events of c2 erased");

        var keys = new ApiKeysApi(admin).listApiKeys();
        ok("listApiKeys", keys.getApiKeys().size() + " keys: " + keys.getApiKeys().stream().map(k -> k.getName()).collect(Collectors.joining(", ")));
        new ApiKeysApi(admin).revokeApiKey(created.getId());
        ok("revokeApiKey", created.getId());
        try {
            new ChannelsApi(c).listChannels(BOT);
            check(false, "a revoked key is rejected");
        } catch (io.sextant.client.ApiException e) {
            ok("revoked key", "HTTP " + e.getCode() + " " + e.getResponseBody());
            check(e.getCode() == 401, "401 for a revoked key");
        }
        System.out.println("java client: every operation answered and deserialized");
    }

    static ApiClient client(String base, String key) {
        ApiClient c = new ApiClient();
        c.updateBaseUri(base);
        c.setRequestInterceptor(b -> b.header("x-chatcaptain-key", key));
        return c;
    }

    static Event event(String id, Event.TypeEnum type, String timestamp, String channelId, String conversationId) {
        return new Event().id(id).type(type).timestamp(OffsetDateTime.parse(timestamp)).channelId(channelId).conversationId(conversationId);
    }

    static String ids(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** How many components the deserialized object holds (non-null properties). */
    static int present(ApiClient c, Object components) {
        JsonNode tree = c.getObjectMapper().valueToTree(components);
        int n = 0;
        for (var field : tree.properties()) {
            if (!field.getValue().isNull()) {
                n++;
            }
        }
        return n;
    }

    static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8)));
    }

    static void ok(String operation, String what) {
        System.out.printf("  %-28s %s%n", operation, what);
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("java client: expected " + what);
        }
    }
}
