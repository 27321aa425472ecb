package io.sextant.support;

import io.sextant.testkit.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of HTTP tests: the whole service on a random port, with a {@link MutableClock}. {@link #api}
 * talks to it with the bootstrap admin key.
 *
 * <p>Spring caches the context, so every test class of this configuration shares one server and one
 * data directory: each class works on chatbot ids of its own, and the clock is set back to the real
 * now before every test, so that no test inherits another's time travel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ApiTest.ClockConfig.class)
public abstract class ApiTest {

    /**
     * The servers' data directories, under the module's build directory rather than {@code /tmp}:
     * a context stays open until the JVM ends, so no test can delete its data, and each run left
     * about 13 MB in {@code /tmp}. A module's tests run in one JVM (surefire's default), so what an
     * earlier run left here is nobody's and goes first; a fresh clone or {@code mvn clean} removes
     * the last run's.
     */
    private static final Path DATA_ROOT = Path.of("target", "api-test-data").toAbsolutePath();

    static {
        Directories.deleteTree(DATA_ROOT);
        try {
            Files.createDirectories(DATA_ROOT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        // Tests run many servers side by side on a small machine: keep each DuckDB modest.
        registry.add("sextant.memory-limit", () -> "1GB");
        registry.add("sextant.data-dir", () -> {
            try {
                return Files.createTempDirectory(DATA_ROOT, "data").toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class ClockConfig {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected io.sextant.SextantProperties props;

    protected Api api;

    @BeforeEach
    void connect() throws IOException {
        clock.set(java.time.Instant.now());
        String adminKey = Files.readString(props.dataDir().resolve("admin.key")).strip();
        api = new Api("http://localhost:" + port, adminKey);
    }
}
