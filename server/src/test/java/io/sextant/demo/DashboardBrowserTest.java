package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import io.sextant.testkit.Directories;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser (the system's headless Chromium and chromedriver) against a small
 * dataset of the demo model, ingested over HTTP: every tile, rate, goal, rating, flow and the live
 * tile must show exactly what the API answers for the period, time zone and segment the page asked
 * for. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends ApiTest {

    private static final long SEED = 7;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Chromium's temporary files ({@code TMPDIR}): it leaves its singleton socket's directory behind
     * when chromedriver ends it, one in {@code /tmp} per run otherwise. Deleted after the browser.
     */
    private static final Path BROWSER_TMP = Path.of("target", "chromium-tmp").toAbsolutePath();
    /** A zone far from UTC, so that the browser's local days differ from UTC days. */
    private static final String BROWSER_ZONE = "Europe/Berlin";

    private static ChromeDriver browser;
    private static TrafficModel model;
    private static String readerKey;
    private static String ingestKey;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("the dashboard test needs the Debian packages chromium and chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("the dashboard test needs the Debian packages chromium and chromium-driver").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(BROWSER_TMP);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-US", "--window-size=1440,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", BROWSER_ZONE, "TMPDIR", BROWSER_TMP.toString()))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        Directories.deleteTree(BROWSER_TMP);
    }

    @BeforeEach
    void loadDemoTraffic() {
        if (model != null) {
            return;
        }
        // the browser computes its periods from the real time: the service's clock must agree
        clock.set(Instant.now());
        // two chatbots (the shop and the insurance hotline with its voice channel), 40 days, ~15,000 events
        model = new TrafficModel(new TrafficModel.Scale(2, 40, 350), SEED, clock.instant());
        TrafficLoader loader = new TrafficLoader(api.base(), api.adminKey());
        loader.applySettings(model.chatbots());
        EventSender.Result result = loader.load(model, 1_000, 2, (c, e) -> { });
        assertThat(result.conversations()).as("seed %d", SEED).isEqualTo(700);
        assertThat(result.duplicates()).isZero();
        readerKey = loader.createKey("dashboard test", List.of(Grants.GET, Grants.EXPORT), model.chatbots()).secret();
        ingestKey = loader.createKey("dashboard test live", List.of(Grants.INGEST), model.chatbots()).secret();
    }

    @Test
    @Order(1)
    void demoLinkFillsTheKeyAndShowsTheApiNumbers() {
        browser.get(api.base() + "/#key=" + readerKey + "&chatbots=demo-shop,demo-insurance");
        int renders = waitForRender(0);
        assertThat(browser.getCurrentUrl()).as("the key leaves the address bar").doesNotContain("key=");
        assertThat(browser.findElement(By.id("chatbot")).getDomProperty("value")).isEqualTo("demo-shop");
        assertThat(dataset("timezone")).isEqualTo(BROWSER_ZONE);
        assertThat(dataset("interval")).isEqualTo("86400");
        screenshot("dashboard-overview-30-days");

        JsonNode report = overview();
        assertThat(report.at("/components/CONVERSATION_COUNT/value").asLong()).as("the 30 days hold demo traffic").isPositive();
        assertTile("conversations", report.at("/components/CONVERSATION_COUNT/value"));
        assertTile("messages", report.at("/components/MESSAGE_COUNT/value"));
        assertTile("interactions", report.at("/components/INTERACTION_COUNT/value"));
        assertTile("intents", report.at("/components/INTENT_COUNT/value"));
        assertTile("messagesPerConversation", report.at("/components/CONVERSATION_MESSAGE_COUNT_MEDIAN/value"));
        assertTile("intentScore", report.at("/components/INTENT_SCORE_MEDIAN/value"));
        assertTile("messageLength", report.at("/components/MESSAGE_LENGTH_MEDIAN/value"));
        assertTrend("conversations", report.at("/components/CONVERSATION_COUNT_PERIODIC_TREND/change"));
        assertTrend("messages", report.at("/components/MESSAGE_COUNT_PERIODIC_TREND/change"));
        assertThat(browser.findElements(By.cssSelector("#chart-conversations canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("calls")).isDisplayed()).isFalse();

        JsonNode inbox = inbox(null);
        assertTile("inboxOpened", inbox.get("opened"));
        assertTile("inboxClosed", inbox.get("closed"));
        assertTile("inboxOpenAtEnd", inbox.get("openAtEnd"));
        assertTile("agentMessages", inbox.get("agentMessages"));
        assertTile("firstResponse", inbox.at("/firstResponseSeconds/median"));
        assertTile("resolution", inbox.at("/resolutionSeconds/median"));
        assertThat(browser.findElements(By.cssSelector("#agents tbody tr"))).hasSize(inbox.get("agents").size());

        // the other demo chatbot is one pick away
        setChatbot("demo-insurance");
        renders = waitForRender(renders);
        assertThat(dataset("chatbot")).isEqualTo("demo-insurance");
        assertTile("conversations", overview().at("/components/CONVERSATION_COUNT/value"));
    }

    @Test
    @Order(2)
    void ratesGoalsRatingsFlowsAndTheLiveTileShowTheApiAnswers() {
        // demo-insurance (left open by the test before): scores, claims and quotes, a voice channel in its flows
        assertThat(dataset("chatbot")).isEqualTo("demo-insurance");
        JsonNode quality = quality();
        JsonNode c = quality.get("components");
        for (Map.Entry<String, String> rate : RATES.entrySet()) {
            assertThat(c.at("/" + rate.getValue() + "/total").asLong()).as(rate.getValue()).isPositive();
            assertTile(rate.getKey(), c.at("/" + rate.getValue() + "/value"));
            assertTrend(rate.getKey(), c.at("/" + rate.getValue() + "/change"));
        }
        assertThat(text(".tile[data-metric='containmentRate'] .value")).endsWith("%");
        assertThat(text(".tile[data-metric='containmentRate'] .detail"))
                .isEqualTo(String.format(Locale.US, "%,d of %,d", c.at("/CONTAINMENT_RATE/count").asLong(), c.at("/CONTAINMENT_RATE/total").asLong()));

        // goals: one row per goal reached, with the API's rate and count
        JsonNode goals = c.get("GOAL_COMPLETION_RATE").get("items");
        assertThat(goals.size()).as("the insurance demo files claims and requests quotes").isGreaterThanOrEqualTo(2);
        List<WebElement> rows = browser.findElements(By.cssSelector("#goals li[data-goal]"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-goal"))
                .containsExactlyElementsOf(goals.valueStream().map(g -> g.get("key").asString()).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Double.parseDouble(rows.get(i).getDomAttribute("data-value"))).isEqualTo(goals.get(i).get("value").asDouble());
            assertThat(rows.get(i).getDomAttribute("data-count")).isEqualTo(goals.get(i).get("count").asString());
        }

        // ratings: the average score and its distribution
        JsonNode rating = c.get("RATING");
        assertThat(rating.get("count").asLong()).isPositive();
        assertTile("ratingAverage", rating.get("average"));
        assertThat(browser.findElements(By.cssSelector("#chart-ratings canvas"))).isNotEmpty();

        // the flows: the Sankey draws the API's transitions less self-loops and those closing a cycle
        JsonNode paths = paths(null);
        assertThat(paths.get("conversations").asLong()).isPositive();
        int[] drawn = acyclic(paths.get("edges"));
        WebElement card = browser.findElement(By.id("paths-card"));
        assertThat(card.getDomAttribute("data-edges")).isEqualTo(String.valueOf(drawn[0]));
        assertThat(card.getDomAttribute("data-dropped")).isEqualTo(String.valueOf(drawn[1]));
        assertThat(drawn[0]).isGreaterThan(5);
        assertThat(browser.findElements(By.cssSelector("#chart-paths canvas"))).isNotEmpty();
        if (drawn[1] > 0) {
            assertThat(browser.findElement(By.id("paths-note")).getText()).contains("a Sankey diagram cannot show cycles");
        }

        // the live tile: a conversation that is going on now, polled every 5 seconds
        long now = clock.instant().toEpochMilli();
        assertThat(api.postJson("/v1/chatbots/demo-insurance/statistics/events", List.of(
                Map.of("id", "live-1", "type", "conversation.started", "timestamp", Instant.ofEpochMilli(now - 90_000).toString(),
                        "channelId", "web", "conversationId", "live-now", "language", "de"),
                Map.of("id", "live-2", "type", "message", "timestamp", Instant.ofEpochMilli(now - 30_000).toString(),
                        "channelId", "web", "conversationId", "live-now", "direction", "user", "length", 20)), ingestKey).status())
                .isEqualTo(200);
        JsonNode live = read("/v1/chatbots/demo-insurance/statistics/live");
        assertThat(live.get("activeConversations").asLong()).isPositive();
        WebElement tile = browser.findElement(By.id("live"));
        int polls = Integer.parseInt(tile.getDomAttribute("data-polls"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> live.get("activeConversations").asString().equals(tile.getDomAttribute("data-active"))
                && Integer.parseInt(tile.getDomAttribute("data-polls")) >= polls + 2);
        assertThat(browser.findElement(By.id("live-active")).getText()).isEqualTo(live.get("activeConversations").asString());
        assertThat(browser.findElements(By.cssSelector("#chart-live canvas"))).isNotEmpty();
        screenshot("dashboard-quality-panels");
    }

    @Test
    @Order(3)
    void filterChipsNarrowEveryPanel() {
        int renders = currentRenders();
        setChatbot("demo-shop");
        renders = waitForRender(renders);
        long all = overview(List.of()).at("/components/CONVERSATION_COUNT/value").asLong();
        assertThat(browser.findElements(By.cssSelector("#chips .chip"))).isEmpty();

        // thumbs at the shop
        JsonNode rating = quality(List.of()).at("/components/RATING");
        long up = rating.at("/thumbs/up").asLong();
        long down = rating.at("/thumbs/down").asLong();
        assertThat(up + down).isPositive();
        assertThat(Double.parseDouble(browser.findElement(By.cssSelector(".tile[data-metric='thumbsUp'] .value")).getDomAttribute("data-value")))
                .isCloseTo((double) up / (up + down), within(1e-12));

        renders = addFilter("handover", null, "yes", renders);
        assertThat(chips()).containsExactly("handover:yes");
        JsonNode handedOver = overview(List.of("handover:yes"));
        long segment = handedOver.at("/components/CONVERSATION_COUNT/value").asLong();
        assertThat(segment).as("the segment is smaller than all conversations").isPositive().isLessThan(all);
        assertTile("conversations", handedOver.at("/components/CONVERSATION_COUNT/value"));
        assertTile("messages", handedOver.at("/components/MESSAGE_COUNT/value"));
        assertTile("inboxOpened", inbox(null, List.of("handover:yes")).get("opened"));
        // every conversation of the segment was handed over
        assertTile("handoverRate", quality(List.of("handover:yes")).at("/components/HANDOVER_RATE/value"));
        assertThat(Double.parseDouble(browser.findElement(By.cssSelector(".tile[data-metric='handoverRate'] .value")).getDomAttribute("data-value")))
                .isEqualTo(1.0);
        assertThat(browser.findElement(By.id("paths-card")).getDomAttribute("data-edges"))
                .isEqualTo(String.valueOf(acyclic(paths(List.of("handover:yes")).get("edges"))[0]));
        screenshot("dashboard-filtered");

        renders = addFilter("attr", "customer", "new", renders);
        assertThat(chips()).containsExactly("handover:yes", "attr.customer:new");
        assertTile("conversations", overview(List.of("handover:yes", "attr.customer:new")).at("/components/CONVERSATION_COUNT/value"));

        // removing a chip widens the segment again
        click(browser.findElement(By.cssSelector("#chips .chip[data-filter='handover:yes'] button")));
        renders = waitForRender(renders);
        assertThat(chips()).containsExactly("attr.customer:new");
        JsonNode newCustomers = overview(List.of("attr.customer:new"));
        assertThat(newCustomers.at("/components/CONVERSATION_COUNT/value").asLong()).isPositive().isLessThan(all);
        assertTile("conversations", newCustomers.at("/components/CONVERSATION_COUNT/value"));

        // a goal's row is a filter too
        String goal = browser.findElement(By.cssSelector("#goals li[data-goal]")).getDomAttribute("data-goal");
        click(browser.findElement(By.cssSelector("#goals li[data-goal='" + goal + "']")));
        renders = waitForRender(renders);
        assertThat(chips()).containsExactly("attr.customer:new", "goal:" + goal);
        assertTile("conversations", overview(List.of("attr.customer:new", "goal:" + goal)).at("/components/CONVERSATION_COUNT/value"));

        for (int i = 0; i < 2; i++) {
            click(browser.findElement(By.cssSelector("#chips .chip button")));
            renders = waitForRender(renders);
        }
        assertThat(chips()).isEmpty();
        assertTile("conversations", overview(List.of()).at("/components/CONVERSATION_COUNT/value"));
    }

    @Test
    @Order(4)
    void theZonePickerMovesTheDays() {
        int renders = currentRenders();
        browser.findElement(By.cssSelector("[data-preset='7']")).click();
        renders = waitForRender(renders);
        assertThat(dataset("timezone")).isEqualTo(BROWSER_ZONE);
        assertThat(new Select(browser.findElement(By.id("timezone"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo(BROWSER_ZONE);

        // UTC+14 and UTC−11 are always on different days
        List<String> labels = null;
        for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
            new Select(browser.findElement(By.id("timezone"))).selectByValue(zone);
            renders = waitForRender(renders);
            ZoneId id = ZoneId.of(zone);
            assertThat(dataset("timezone")).isEqualTo(zone);
            ZonedDateTime from = Instant.parse(dataset("from")).atZone(id);
            ZonedDateTime to = Instant.parse(dataset("to")).plusMillis(1).atZone(id);
            assertThat(from.toLocalTime()).as("the period starts at midnight in %s", zone).isEqualTo(LocalTime.MIDNIGHT);
            assertThat(to.toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
            assertThat(to.toLocalDate()).isEqualTo(LocalDate.now(id).plusDays(1));
            List<String> expected = from.toLocalDate().datesUntil(to.toLocalDate())
                    .map(d -> d.format(DateTimeFormatter.ofPattern("EEE, MMM d", Locale.US))).toList();
            List<String> shown = chartLabels("chart-conversations");
            assertThat(shown).as("day labels in %s", zone).containsExactlyElementsOf(expected);
            if (labels != null) {
                assertThat(shown).isNotEqualTo(labels);
            }
            labels = shown;
            assertTile("conversations", overview(List.of()).at("/components/CONVERSATION_COUNT/value"));
            assertThat(browser.findElement(By.id("zone-name")).getText()).isEqualTo(zone);
        }

        // a half-hour zone's single day: 24 hourly buckets from its midnight
        ZoneId adelaide = ZoneId.of("Australia/Adelaide");
        new Select(browser.findElement(By.id("timezone"))).selectByValue(adelaide.getId());
        renders = waitForRender(renders);
        browser.findElement(By.cssSelector("[data-preset='today']")).click();
        renders = waitForRender(renders);
        assertThat(Instant.parse(dataset("from"))).isEqualTo(LocalDate.now(adelaide).atStartOfDay(adelaide).toInstant());
        assertThat(Instant.parse(dataset("from")).atZone(ZoneOffset.UTC).getMinute()).isEqualTo(30);
        assertThat(chartLabels("chart-conversations")).hasSize(24);
        assertTile("conversations", overview(List.of()).at("/components/CONVERSATION_COUNT/value"));

        new Select(browser.findElement(By.id("timezone"))).selectByValue(BROWSER_ZONE);
        renders = waitForRender(renders);
        browser.findElement(By.cssSelector("[data-preset='30']")).click();
        waitForRender(renders);
        assertThat(dataset("timezone")).isEqualTo(BROWSER_ZONE);
    }

    @Test
    @Order(5)
    void aPanelWhoseEndpointFailsSaysSoAndTheRestStands() {
        // the page's own fetch answers errors for the flows, the live view and the rates; everything else goes through
        browser.executeScript("window.realFetch = window.fetch;"
                + "window.fetch = (url, options) => /reports\\/paths|\\/live|CONTAINMENT_RATE/.test(String(url))"
                + "  ? Promise.resolve(new Response(JSON.stringify({error: 'down for maintenance'}),"
                + "      {status: 503, headers: {'Content-Type': 'application/json'}}))"
                + "  : window.realFetch(url, options);");
        try {
            int renders = currentRenders();
            setChatbot("demo-insurance");
            renders = waitForRender(renders);
            assertThat(browser.findElement(By.id("error")).isDisplayed()).as(browser.findElement(By.id("error")).getText()).isFalse();
            assertTile("conversations", overview(List.of()).at("/components/CONVERSATION_COUNT/value"));
            assertThat(browser.findElement(By.id("paths-error")).getText()).isEqualTo("Conversation flows unavailable: down for maintenance");
            assertThat(browser.findElement(By.id("kpis-error")).getText()).isEqualTo("Rates unavailable: down for maintenance");
            assertThat(browser.findElement(By.id("goals-error")).getText()).isEqualTo("Goals unavailable: down for maintenance");
            assertThat(browser.findElement(By.id("ratings-error")).getText()).isEqualTo("Ratings unavailable: down for maintenance");
            assertThat(text(".tile[data-metric='containmentRate'] .value")).isEqualTo("–");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "error".equals(d.findElement(By.id("live")).getDomAttribute("data-state")));
            assertThat(browser.findElement(By.id("live-detail")).getText()).isEqualTo("Live view unavailable: down for maintenance");
            screenshot("dashboard-panels-failing");
        } finally {
            browser.executeScript("window.fetch = window.realFetch;");
        }
        int renders = currentRenders();
        browser.findElement(By.cssSelector("[data-preset='30']")).click();
        waitForRender(renders);
        assertThat(browser.findElement(By.id("paths-error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("kpis-error")).isDisplayed()).isFalse();
    }

    @Test
    @Order(6)
    void voiceChannelShowsItsCallsPanel() {
        int renders = currentRenders();
        new Select(browser.findElement(By.id("channel"))).selectByValue("hotline");
        renders = waitForRender(renders);
        assertThat(dataset("channel")).isEqualTo("hotline");
        screenshot("dashboard-voice-channel");

        JsonNode report = channelReport("hotline");
        JsonNode c = report.get("components");
        assertThat(c.at("/CALL_DURATION_TOTAL/calls").asLong()).isPositive();
        assertThat(browser.findElement(By.id("calls")).isDisplayed()).isTrue();
        assertTile("conversations", c.at("/CONVERSATION_COUNT_FOR_CHANNEL_ID/value"));
        assertTile("messages", c.at("/MESSAGE_COUNT_FOR_CHANNEL_ID/value"));
        assertTile("calls", c.at("/CALL_DURATION_TOTAL/calls"));
        assertTile("callDuration", c.at("/CALL_DURATION_TOTAL/value"));
        assertTile("callDurationMedian", c.at("/CALL_DURATION_MEDIAN/value"));
        assertTile("callUserInputs", c.at("/CALL_USER_INPUTS_MEDIAN/value"));
        assertThat(browser.findElements(By.cssSelector("#chart-end-reasons canvas"))).isNotEmpty();
        assertTile("inboxOpened", inbox("hotline").get("opened"));
    }

    @Test
    @Order(7)
    void periodPresetsChangeTheWindowAndTheBuckets() {
        int renders = currentRenders();
        new Select(browser.findElement(By.id("channel"))).selectByValue("");
        renders = waitForRender(renders);

        browser.findElement(By.cssSelector("[data-preset='7']")).click();
        renders = waitForRender(renders);
        assertThat(Duration.between(Instant.parse(dataset("from")), Instant.parse(dataset("to"))))
                .isBetween(Duration.ofDays(7).minusHours(2), Duration.ofDays(7));
        assertTile("conversations", overview().at("/components/CONVERSATION_COUNT/value"));
        assertTile("inboxOpened", inbox(null).get("opened"));

        browser.findElement(By.cssSelector("[data-preset='today']")).click();
        renders = waitForRender(renders);
        assertThat(dataset("interval")).as("a single day has hourly buckets").isEqualTo("3600");
        JsonNode report = overview();
        assertThat(report.at("/components/CONVERSATION_COUNT_INTERVAL/buckets").size()).isBetween(23, 25);
        assertTile("conversations", report.at("/components/CONVERSATION_COUNT/value"));
        screenshot("dashboard-today-hourly");

        browser.findElement(By.cssSelector("[data-preset='90']")).click();
        renders = waitForRender(renders);
        assertTile("messages", overview().at("/components/MESSAGE_COUNT/value"));

        // a custom range: two weeks by default, then a single day, which is hourly
        browser.findElement(By.cssSelector("[data-preset='custom']")).click();
        renders = waitForRender(renders);
        assertThat(dataset("interval")).isEqualTo("86400");
        assertTile("conversations", overview().at("/components/CONVERSATION_COUNT/value"));
        browser.executeScript("const f = document.getElementById('custom-from');"
                + "f.value = document.getElementById('custom-to').value; f.dispatchEvent(new Event('change'))");
        renders = waitForRender(renders);
        assertThat(dataset("interval")).isEqualTo("3600");
        assertTile("interactions", overview().at("/components/INTERACTION_COUNT/value"));
    }

    @Test
    @Order(8)
    void exportShowsProgressAndThenTheDownloadLink() {
        int renders = currentRenders(); // before the click: a quick render could finish before a later read
        browser.findElement(By.cssSelector("[data-preset='30']")).click();
        waitForRender(renders);
        browser.findElement(By.id("export")).click();
        WebElement link = new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> d.findElement(By.id("export-link")).isDisplayed() ? d.findElement(By.id("export-link")) : null);
        screenshot("dashboard-export-ready");
        String url = link.getDomProperty("href");
        assertThat(url).startsWith(api.base());
        Api.Response csv = api.get(url, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("bucketStart,bucketEnd,channelId");
    }

    @Test
    @Order(9)
    void apiErrorsAreShownPlainly() {
        setChatbot("someone-elses-bot");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "error".equals(dataset("state")));
        assertThat(browser.findElement(By.id("error")).getText())
                .isEqualTo("API key lacks permission chatbots.statistics.get on chatbots/someone-elses-bot");
        screenshot("dashboard-error");
    }

    @Test
    @Order(10)
    void readableOnAPhone() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            int renders = currentRenders();
            setChatbot("demo-shop");
            waitForRender(renders);
            Number scrollWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth");
            assertThat(scrollWidth.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
            screenshot("dashboard-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1440, 1000));
        }
    }

    @Test
    @Order(11)
    void withoutAKeyItAsksForOne() {
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "signin".equals(dataset("state")));
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isTrue();
        browser.findElement(By.id("key-input")).sendKeys(readerKey);
        WebElement chatbot = browser.findElement(By.id("signin-chatbot"));
        chatbot.clear();
        chatbot.sendKeys("demo-shop");
        screenshot("dashboard-signin");
        int renders = currentRenders();
        browser.findElement(By.cssSelector("#signin-form button")).click();
        waitForRender(renders);
        assertTile("conversations", overview().at("/components/CONVERSATION_COUNT/value"));
    }

    /** Charts redraw on a resize after a short debounce; a screenshot waits for it (this is no assertion). */
    private static void sleepForRedraw() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Tile of each rate and its overview component. */
    private static final Map<String, String> RATES = Map.of("containmentRate", "CONTAINMENT_RATE", "handoverRate", "HANDOVER_RATE",
            "understoodRate", "UNDERSTOOD_RATE", "abandonmentRate", "ABANDONMENT_RATE");

    private JsonNode overview() {
        return overview(List.of());
    }

    /** The overview report of the page's window and the given filters. */
    private JsonNode overview(List<String> filters) {
        Map<String, Object> q = window();
        q.put("components", "CONVERSATION_COUNT,CONVERSATION_COUNT_INTERVAL,CONVERSATION_COUNT_PERIODIC_TREND,MESSAGE_COUNT,"
                + "MESSAGE_COUNT_PERIODIC_TREND,INTERACTION_COUNT,INTENT_COUNT,CONVERSATION_MESSAGE_COUNT_MEDIAN,"
                + "INTENT_SCORE_MEDIAN,MESSAGE_LENGTH_MEDIAN");
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/overview?" + Api.query(q) + filterQuery(filters));
    }

    private JsonNode quality() {
        return quality(List.of());
    }

    /** The rates, goals and ratings (overview components 17–22) of the page's window and the given filters. */
    private JsonNode quality(List<String> filters) {
        Map<String, Object> q = window();
        q.put("components", "CONTAINMENT_RATE,HANDOVER_RATE,UNDERSTOOD_RATE,ABANDONMENT_RATE,GOAL_COMPLETION_RATE,RATING");
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/overview?" + Api.query(q) + filterQuery(filters));
    }

    /** The flow paths of the page's window (the Sankey asks for the top 40 transitions). */
    private JsonNode paths(List<String> filters) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", dataset("from"));
        q.put("to", dataset("to"));
        q.put("limit", 40);
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/paths?" + Api.query(q)
                + filterQuery(filters == null ? List.of() : filters));
    }

    private static String filterQuery(List<String> filters) {
        StringBuilder b = new StringBuilder();
        for (String f : filters) {
            b.append("&filter=").append(URLEncoder.encode(f, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /**
     * What the Sankey can draw of these edges: taken by count, largest first, a self-loop is left
     * out and so is an edge whose end already leads to its start. Returns {drawn, left out}.
     */
    private static int[] acyclic(JsonNode edges) {
        List<JsonNode> sorted = new java.util.ArrayList<>(edges.valueStream().toList());
        sorted.sort(java.util.Comparator.comparingLong((JsonNode e) -> e.get("count").asLong()).reversed());
        Map<String, Set<String>> next = new HashMap<>();
        int drawn = 0;
        int left = 0;
        for (JsonNode e : sorted) {
            String from = e.get("from").asString();
            String to = e.get("to").asString();
            if (from.equals(to) || reaches(next, to, from)) {
                left++;
            } else {
                next.computeIfAbsent(from, k -> new HashSet<>()).add(to);
                drawn++;
            }
        }
        return new int[] {drawn, left};
    }

    private static boolean reaches(Map<String, Set<String>> next, String from, String to) {
        Set<String> seen = new HashSet<>(Set.of(from));
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String node = todo.pop();
            if (node.equals(to)) {
                return true;
            }
            for (String n : next.getOrDefault(node, Set.of())) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return false;
    }

    /** Adds a filter through the form (an attribute's name in the second field) and waits for the page. */
    private int addFilter(String key, String attribute, String value, int renders) {
        new Select(browser.findElement(By.id("filter-key"))).selectByValue(key);
        if (attribute != null) {
            WebElement name = browser.findElement(By.id("filter-attr"));
            name.clear();
            name.sendKeys(attribute);
        }
        WebElement input = browser.findElement(By.id("filter-value"));
        input.clear();
        input.sendKeys(value);
        click(browser.findElement(By.cssSelector("#filter-form button[type='submit']")));
        return waitForRender(renders);
    }

    /** Clicks an element in the middle of the window, where the sticky top bar cannot cover it. */
    private void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private List<String> chips() {
        return browser.findElements(By.cssSelector("#chips .chip")).stream().map(c -> c.getDomAttribute("data-filter")).toList();
    }

    private List<String> chartLabels(String chartId) {
        String json = browser.findElement(By.id(chartId)).getDomAttribute("data-labels");
        return Api.JSON.readValue(json, new tools.jackson.core.type.TypeReference<List<String>>() {});
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private JsonNode channelReport(String channelId) {
        Map<String, Object> q = window();
        q.put("channelId", channelId);
        q.put("components", "CONVERSATION_COUNT_FOR_CHANNEL_ID,MESSAGE_COUNT_FOR_CHANNEL_ID,CALL_DURATION_TOTAL,"
                + "CALL_DURATION_MEDIAN,CALL_USER_INPUTS_MEDIAN");
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/channel?" + Api.query(q));
    }

    private JsonNode inbox(String channelId) {
        return inbox(channelId, List.of());
    }

    private JsonNode inbox(String channelId, List<String> filters) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", dataset("from"));
        q.put("to", dataset("to"));
        if (channelId != null) {
            q.put("channelId", channelId);
        }
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/inbox?" + Api.query(q) + filterQuery(filters));
    }

    /** The window the page asked for, as it wrote it on its body element. */
    private Map<String, Object> window() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", dataset("from"));
        q.put("to", dataset("to"));
        q.put("interval", dataset("interval"));
        q.put("timezone", dataset("timezone"));
        return q;
    }

    private JsonNode read(String path) {
        Api.Response r = api.get(path, readerKey);
        assertThat(r.status()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.json();
    }

    /** The tile's value attribute is the API's number, and its text shows that number. */
    private void assertTile(String metric, JsonNode expected) {
        WebElement value = browser.findElement(By.cssSelector(".tile[data-metric='" + metric + "'] .value"));
        String attribute = value.getDomAttribute("data-value");
        if (expected == null || expected.isNull() || expected.isMissingNode()) {
            assertThat(attribute).as("tile %s", metric).isEmpty();
            assertThat(value.getText()).as("tile %s", metric).isEqualTo("–");
            return;
        }
        assertThat(Double.parseDouble(attribute)).as("tile %s", metric).isEqualTo(expected.asDouble());
        String text = value.getText();
        if (expected.isIntegralNumber() && !metric.startsWith("call") && !metric.equals("firstResponse") && !metric.equals("resolution")
                && !RATES.containsKey(metric)) {
            assertThat(text.replace(",", "")).as("tile %s shows %s", metric, text).isEqualTo(expected.asString());
        } else {
            assertThat(text).as("tile %s", metric).isNotBlank().isNotEqualTo("–");
        }
    }

    private void assertTrend(String metric, JsonNode change) {
        WebElement trend = browser.findElement(By.cssSelector(".tile[data-metric='" + metric + "'] .trend"));
        String attribute = trend.getDomAttribute("data-change");
        if (change.isNull()) {
            assertThat(attribute).isEmpty();
        } else {
            assertThat(Double.parseDouble(attribute)).isEqualTo(change.asDouble());
            // counts change by a percentage, rates by percentage points
            assertThat(trend.getText()).endsWith(RATES.containsKey(metric) ? " pp" : "%");
        }
    }

    private void setChatbot(String id) {
        WebElement input = browser.findElement(By.id("chatbot"));
        input.clear();
        input.sendKeys(id + "\n");
    }

    private String dataset(String name) {
        return (String) browser.executeScript("return document.body.dataset[arguments[0]] || ''", name);
    }

    private int currentRenders() {
        String r = dataset("renders");
        return r.isEmpty() ? 0 : Integer.parseInt(r);
    }

    /** Waits until the page finished a render after the {@code previous}-th; fails with the page's error. */
    private int waitForRender(int previous) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            if ("error".equals(dataset("state"))) {
                throw new AssertionError("the dashboard shows an error: " + d.findElement(By.id("error")).getText());
            }
            return "ready".equals(dataset("state")) && currentRenders() > previous;
        });
        return currentRenders();
    }

    /** A screenshot of the whole page: the window grows to the page's height for it. */
    private void screenshot(String name) {
        Dimension size = browser.manage().window().getSize();
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(size.getWidth(), Math.max(size.getHeight(), height.intValue() + 120)));
        browser.executeScript("window.dispatchEvent(new Event('resize'))");
        sleepForRedraw();
        File shot = browser.getScreenshotAs(OutputType.FILE);
        browser.manage().window().setSize(size);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
