package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.auth.Grants;
import io.sextant.support.Api;
import io.sextant.support.ApiTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * dataset of the demo model, ingested over HTTP: every tile must show exactly what the API answers
 * for the period the page asked for. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends ApiTest {

    private static final long SEED = 7;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** A zone far from UTC, so that the browser's local days differ from UTC days. */
    private static final String BROWSER_ZONE = "Europe/Berlin";

    private static ChromeDriver browser;
    private static TrafficModel model;
    private static String readerKey;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("the dashboard test needs the Debian packages chromium and chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("the dashboard test needs the Debian packages chromium and chromium-driver").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-US", "--window-size=1440,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", BROWSER_ZONE))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
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
        EventSender.Result result = loader.load(model, 1_000, 2, (c, e) -> { });
        assertThat(result.conversations()).as("seed %d", SEED).isEqualTo(700);
        assertThat(result.duplicates()).isZero();
        readerKey = loader.createKey("dashboard test", List.of(Grants.GET, Grants.EXPORT), model.chatbots()).secret();
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
    @Order(3)
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
    @Order(4)
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
    @Order(5)
    void apiErrorsAreShownPlainly() {
        setChatbot("someone-elses-bot");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "error".equals(dataset("state")));
        assertThat(browser.findElement(By.id("error")).getText())
                .isEqualTo("API key lacks permission chatbots.statistics.get on chatbots/someone-elses-bot");
        screenshot("dashboard-error");
    }

    @Test
    @Order(6)
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
    @Order(7)
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

    private JsonNode overview() {
        Map<String, Object> q = window();
        q.put("components", "CONVERSATION_COUNT,CONVERSATION_COUNT_INTERVAL,CONVERSATION_COUNT_PERIODIC_TREND,MESSAGE_COUNT,"
                + "MESSAGE_COUNT_PERIODIC_TREND,INTERACTION_COUNT,INTENT_COUNT,CONVERSATION_MESSAGE_COUNT_MEDIAN,"
                + "INTENT_SCORE_MEDIAN,MESSAGE_LENGTH_MEDIAN");
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/overview?" + Api.query(q));
    }

    private JsonNode channelReport(String channelId) {
        Map<String, Object> q = window();
        q.put("channelId", channelId);
        q.put("components", "CONVERSATION_COUNT_FOR_CHANNEL_ID,MESSAGE_COUNT_FOR_CHANNEL_ID,CALL_DURATION_TOTAL,"
                + "CALL_DURATION_MEDIAN,CALL_USER_INPUTS_MEDIAN");
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/reports/channel?" + Api.query(q));
    }

    private JsonNode inbox(String channelId) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", dataset("from"));
        q.put("to", dataset("to"));
        if (channelId != null) {
            q.put("channelId", channelId);
        }
        return read("/v1/chatbots/" + dataset("chatbot") + "/statistics/inbox?" + Api.query(q));
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
        if (expected.isIntegralNumber() && !metric.startsWith("call") && !metric.equals("firstResponse") && !metric.equals("resolution")) {
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
            assertThat(trend.getText()).endsWith("%");
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
