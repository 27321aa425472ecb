import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the dashboard link (with its #key=… fragment) in the system's headless Chromium, waits
 * until the page, its flows and its live tile are drawn, and saves a screenshot of the whole page.
 * Run by scripts/dashboard-screenshot: {@code java DashboardScreenshot.java URL OUT.png}.
 */
public class DashboardScreenshot {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path out = Path.of(args[1]);
        String zone = System.getenv().getOrDefault("ZONE", "Europe/Berlin");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-US", "--window-size=1440,1000", "--hide-scrollbars", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", zone))
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(url);
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
                Object state = browser.executeScript("return [document.body.dataset.state,"
                        + " document.getElementById('live').dataset.state]");
                String s = String.valueOf(state);
                if (s.startsWith("[error") || s.startsWith("[signin")) {
                    throw new IllegalStateException("the dashboard shows an error: "
                            + browser.executeScript("return document.getElementById('error').textContent"));
                }
                return s.equals("[ready, ready]") || s.equals("[ready, error]");
            });
            Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(1440, height.intValue()));
            browser.executeScript("window.dispatchEvent(new Event('resize'))");
            Thread.sleep(2_500); // the charts redraw after a resize and animate for a second
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("saved " + out + " (1440 x " + height + ")");
        } finally {
            browser.quit();
        }
    }
}
