// Calls every operation of Sextant through the generated typescript-fetch client:
//   node check.js BASE ADMIN_KEY
import {
  APIKeysApi, ChannelsApi, Configuration, Event, ExportsApi, InboxApi, IngestionApi, LiveApi, PrivacyApi, ResponseError, SettingsApi,
  StatisticsApi,
} from "../typescript";

const [base, adminKey] = process.argv.slice(2);
const BOT = "ts-client-bot";
const FROM = "2025-06-01T00:00:00+02:00";
const TO = "2025-06-02T23:59:59.999+02:00";

const config = (key: string) => new Configuration({ basePath: base, headers: { "x-chatcaptain-key": key } });
const ok = (operation: string, what: string) => console.log(`  ${operation.padEnd(28)} ${what}`);
function check(condition: boolean, what: string) {
  if (!condition) throw new Error(`typescript client: expected ${what}`);
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => i).join(",");
const present = (o: object) => Object.values(o).filter((v) => v !== undefined && v !== null).length;
const ev = (id: string, type: Event["type"], timestamp: string, channelId: string, conversationId: string, extra: Partial<Event> = {}): Event =>
  ({ id, type, timestamp: new Date(timestamp), channelId, conversationId, ...extra });

async function main() {
  const admin = config(adminKey);
  const created = await new APIKeysApi(admin).createApiKey({
    apiKeyRequest: { name: "ts client", permissions: ["chatbots.statistics.*"], resources: [`chatbots/${BOT}`] },
  });
  ok("createApiKey", `${created.id} ${created.apiKey.substring(0, 5)}… ${created.createdAt.toISOString()}`);
  const c = config(created.apiKey);

  const phone = await new ChannelsApi(c).putChannel({ chatbotId: BOT, channelId: "phone-1",
    channelRequest: { name: "Hotline", type: "voice", number: "+4930123456" } });
  ok("putChannel", `${phone.id} ${phone.type} number=${phone.number} status=${phone.status}`);
  await new ChannelsApi(c).putChannel({ chatbotId: BOT, channelId: "web-1", channelRequest: { name: "Website", type: "web" } });

  const result = await new IngestionApi(c).ingestEvents({ chatbotId: BOT, event: [
    ev("e1", "conversation.started", "2025-06-01T09:00:00.000+02:00", "web-1", "c1", { language: "de-DE", attributes: { campaign: "spring", plan: "pro" } }),
    ev("e2", "message", "2025-06-01T09:00:02.000+02:00", "web-1", "c1", { direction: "user", text: "Wo ist meine Bestellung?" }),
    ev("e3", "intent", "2025-06-01T09:00:02.100+02:00", "web-1", "c1", { intent: "order.status", score: 0.91 }),
    ev("e4", "step", "2025-06-01T09:00:03.000+02:00", "web-1", "c1", { stepId: "s1" }),
    ev("e5", "interaction", "2025-06-01T09:00:04.000+02:00", "web-1", "c1", { kind: "button" }),
    ev("e7", "inbox.opened", "2025-06-01T09:01:00.000+02:00", "web-1", "c1"),
    ev("e8", "inbox.assigned", "2025-06-01T09:01:10.000+02:00", "web-1", "c1", { agentId: "anna" }),
    ev("e9", "message", "2025-06-01T09:02:12.345+02:00", "web-1", "c1", { direction: "agent", agentId: "anna", length: 57 }),
    ev("e10", "inbox.closed", "2025-06-01T09:13:00.000+02:00", "web-1", "c1", { agentId: "anna" }),
    ev("e11", "conversation.started", "2025-06-02T14:30:00.000+02:00", "phone-1", "c2", { language: "en" }),
    ev("e13", "call.ended", "2025-06-02T14:33:10.500+02:00", "phone-1", "c2",
      { durationSeconds: 190.5, userInputs: 3, endReason: "transfer", transferTarget: "support" }),
    ev("e14", "goal", "2025-06-01T09:05:00.000+02:00", "web-1", "c1", { goalId: "order-placed", value: 49.9 }),
    ev("e15", "rating", "2025-06-01T09:14:00.000+02:00", "web-1", "c1", { score: 4, comment: "Schnell und freundlich" }),
    ev("e16", "rating", "2025-06-02T14:34:00.000+02:00", "phone-1", "c2", { thumbs: "down" }),
    ev("e1", "conversation.started", "2025-06-01T09:00:00.000+02:00", "web-1", "c1"),
  ] });
  ok("ingestEvents", `accepted=${result.accepted} duplicates=${result.duplicates}`);
  check(result.accepted === 14 && result.duplicates === 1, "14 accepted, 1 duplicate");

  const settingsApi = new SettingsApi(c);
  const defaults = await settingsApi.getSettings({ chatbotId: BOT });
  ok("getSettings", JSON.stringify(defaults));
  const understanding = await settingsApi.putSettings({ chatbotId: BOT,
    understandingRequest: { fallbackIntents: ["fallback"], understoodThreshold: 0.95 } });
  ok("putSettings", `fallbackIntents=${understanding.fallbackIntents} threshold=${understanding.understoodThreshold}`);

  const stats = new StatisticsApi(c);
  const overview = await stats.getOverviewReport({ chatbotId: BOT, from: FROM, to: TO, interval: 86400, components: ids(23), timezone: "Europe/Berlin" });
  ok("getOverviewReport", `${present(overview.components)} components; STEP_EXEC_COUNT label=${overview.components.sTEPEXECCOUNT?.items[0]?.label}`
    + ` INTENT_SCORE_MEDIAN=${overview.components.iNTENTSCOREMEDIAN?.value}`
    + ` CONTAINMENT_RATE=${overview.components.cONTAINMENTRATE?.value} RATING count=${overview.components.rATING?.count}`);
  check(present(overview.components) === 23, "23 overview components");
  check(overview.components.uNDERSTOODRATE?.value === 0, "the intent of score 0.91 is not understood at 0.95");
  const segment = await stats.getOverviewReport({ chatbotId: BOT, from: FROM, to: TO, interval: 86400,
    components: "CONVERSATION_COUNT,RATING", filter: ["attr.plan:pro", "goalReached:yes"] });
  ok("getOverviewReport (segment)", `CONVERSATION_COUNT=${segment.components.cONVERSATIONCOUNT?.value}`
    + ` RATING average=${segment.components.rATING?.average}`);
  check(segment.components.cONVERSATIONCOUNT?.value === 1, "one conversation in the segment");
  const channel = await stats.getChannelReport({ chatbotId: BOT, channelId: "phone-1", from: FROM, to: TO, interval: 86400, components: ids(29) });
  ok("getChannelReport", `${present(channel.components)} components; CALL_DURATION_TOTAL=${channel.components.cALLDURATIONTOTAL?.value}`
    + ` INTENT_SCORE_MEDIAN=${channel.components.iNTENTSCOREMEDIANFORCHANNELID?.value}`);
  check(present(channel.components) === 29, "29 channel components");

  const inbox = await new InboxApi(c).getInboxStatistics({ chatbotId: BOT, from: FROM, to: TO, filter: ["handover:yes"] });
  ok("getInboxStatistics", `opened=${inbox.opened} firstResponse median=${inbox.firstResponseSeconds.median} agents=${inbox.agents.length}`);
  const paths = await stats.getPathsReport({ chatbotId: BOT, from: FROM, to: TO, limit: 10 });
  ok("getPathsReport", `${paths.conversations} conversations; steps=${paths.steps.map((s) => `${s.stepId}/${s.label} dropOffs=${s.dropOffs} `
    + `share=${s.dropOffShare}`).join(", ")} fromStep=${paths.fromStep} totalEdges=${paths.totalEdges}`);
  check(paths.conversations === 1 && paths.steps.length === 1 && paths.edges.length === 0, "one path of one step");
  const fromStep = await stats.getPathsReport({ chatbotId: BOT, from: FROM, to: TO, channelId: "phone-1", fromStep: "s1", filter: ["channel:phone-1"] });
  ok("getPathsReport (from a step)", `${fromStep.conversations} conversations; fromStep=${fromStep.fromStep}`);
  const live = await new LiveApi(c).getLiveView({ chatbotId: BOT });
  ok("getLiveView", `now=${live.now.toISOString()} active=${live.activeConversations} minutes=${live.eventsPerMinute.length} `
    + `first=${live.eventsPerMinute[0].start.toISOString()}`);
  check(live.eventsPerMinute.length === 60, "60 minutes");
  const channels = await new ChannelsApi(c).listChannels({ chatbotId: BOT });
  ok("listChannels", channels.channels.map((ch) => `${ch.id}/${ch.type}`).join(", "));

  const exports = new ExportsApi(c);
  const exp = await exports.createExport({ chatbotId: BOT, from: FROM, to: TO, timezone: "Europe/Berlin",
    exportRequest: { filters: ["language:de"] } });
  ok("createExport", `${exp.exportId} ${exp.status}`);
  let status = await exports.getExport({ chatbotId: BOT, exportId: exp.exportId });
  for (let i = 0; i < 100 && status.status !== "completed"; i++) {
    await new Promise((r) => setTimeout(r, 200));
    status = await exports.getExport({ chatbotId: BOT, exportId: exp.exportId });
  }
  ok("getExport", `${status.status} progress=${status.progress} expiresAt=${status.expiresAt?.toISOString()}`);
  check(status.status === "completed", "export completed");
  const link = new URL(status.downloadUrl!);
  const csv = await (await exports.downloadExport({ exportId: exp.exportId,
    expires: link.searchParams.get("expires")!, signature: link.searchParams.get("signature")! })).text();
  ok("downloadExport", `${csv.trim().split("\n").length} lines`);
  check(csv.trim().split("\n").length === 5, "header and 2 days x 2 channels");

  const privacyKey = await new APIKeysApi(admin).createApiKey({
    apiKeyRequest: { name: "ts client privacy", permissions: ["chatbots.privacy.*"], resources: [`chatbots/${BOT}`] },
  });
  const privacy = config(privacyKey.apiKey);
  const retention = await new SettingsApi(privacy).putRetention({ chatbotId: BOT, retentionRequest: { days: 3650 } });
  ok("putRetention", `retentionDays=${retention.retentionDays}`);
  check(retention.retentionDays === 3650 && retention.fallbackIntents.join() === "fallback", "retention set, the rest kept");
  const erased = await new PrivacyApi(privacy).eraseConversation({ chatbotId: BOT, conversationId: "c2" });
  ok("eraseConversation", `conversationId=${erased.conversationId} erasedEvents=${erased.erasedEvents}`);
  check(erased.erasedEvents === 3, "the 3 events of c2 erased");

  const keys = await new APIKeysApi(admin).listApiKeys();
  ok("listApiKeys", `${keys.apiKeys.length} keys: ${keys.apiKeys.map((k) => k.name).join(", ")}`);
  await new APIKeysApi(admin).revokeApiKey({ id: created.id });
  ok("revokeApiKey", created.id);
  try {
    await new ChannelsApi(c).listChannels({ chatbotId: BOT });
    check(false, "a revoked key is rejected");
  } catch (e) {
    check(e instanceof ResponseError && e.response.status === 401, "401 for a revoked key");
    ok("revoked key", `HTTP ${(e as ResponseError).response.status} ${JSON.stringify(await (e as ResponseError).response.json())}`);
  }
  console.log("typescript client: every operation answered and deserialized");
}

main().catch((e) => { console.error(e); process.exit(1); });
