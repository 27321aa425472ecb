package io.sextant;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.duckdb.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The defaults and the environment variable names that the configuration table documents. */
class SextantPropertiesTest {

    private static SextantProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        // named like the real one: only then are names such as SEXTANT_INGEST_MAX_EVENTS mapped
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("sextant", SextantProperties.class);
    }

    @Test
    void defaults() {
        SextantProperties p = bind(Map.of());
        assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(p.memoryLimit()).isEmpty();
        assertThat(p.checkpointThreshold()).isEqualTo("256MB");
        assertThat(p.disabledOptimizers()).as("the passes the store's own default names").isEqualTo(Database.DISABLED_OPTIMIZERS);
        assertThat(p.threads()).as("the store's own default").isEqualTo(Database.THREADS);
        assertThat(p.publicUrl()).isEmpty();
        assertThat(p.ingest().maxEvents()).isEqualTo(10_000);
        assertThat(p.ingest().maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(p.ingest().maxGroupEvents()).isEqualTo(200_000);
        assertThat(p.export().workers()).isEqualTo(2);
        assertThat(p.export().linkTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(p.export().cleanupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.export().keptRows()).isEqualTo(100_000);
        assertThat(p.report().cacheEntries()).isEqualTo(1024);
        assertThat(p.report().keptRollupRows()).isEqualTo(1_000_000);
        assertThat(p.report().keptHourEvents()).isEqualTo(1_000_000);
    }

    @Test
    void springsDashlessNamesBindToo() {
        assertThat(bind(Map.of("SEXTANT_INGEST_MAXEVENTS", "7")).ingest().maxEvents()).isEqualTo(7);
    }

    @Test
    void theDocumentedEnvironmentVariablesBind() {
        SextantProperties p = bind(Map.ofEntries(
                Map.entry("SEXTANT_DATA_DIR", "/srv/sextant"),
                Map.entry("SEXTANT_MEMORY_LIMIT", "2GB"),
                Map.entry("SEXTANT_CHECKPOINT_THRESHOLD", "1GB"),
                Map.entry("SEXTANT_DISABLED_OPTIMIZERS", ""),
                Map.entry("SEXTANT_THREADS", "3"),
                Map.entry("SEXTANT_PUBLIC_URL", "https://stats.example.com"),
                Map.entry("SEXTANT_INGEST_MAX_EVENTS", "500"),
                Map.entry("SEXTANT_INGEST_MAX_BYTES", "1048576"),
                Map.entry("SEXTANT_INGEST_MAX_GROUP_EVENTS", "50000"),
                Map.entry("SEXTANT_EXPORT_WORKERS", "4"),
                Map.entry("SEXTANT_EXPORT_LINK_TTL", "2h"),
                Map.entry("SEXTANT_EXPORT_CLEANUP_INTERVAL", "30s"),
                Map.entry("SEXTANT_EXPORT_KEPT_ROWS", "0"),
                Map.entry("SEXTANT_REPORT_KEPT_ROLLUP_ROWS", "5"),
                Map.entry("SEXTANT_REPORT_KEPT_HOUR_EVENTS", "0")));
        assertThat(p.dataDir()).isEqualTo(Path.of("/srv/sextant"));
        assertThat(p.memoryLimit()).isEqualTo("2GB");
        assertThat(p.checkpointThreshold()).isEqualTo("1GB");
        assertThat(p.disabledOptimizers()).as("empty: none switched off").isEmpty();
        assertThat(p.threads()).isEqualTo(3);
        assertThat(p.publicUrl()).isEqualTo("https://stats.example.com");
        assertThat(p.ingest().maxEvents()).isEqualTo(500);
        assertThat(p.ingest().maxBytes()).isEqualTo(1_048_576);
        assertThat(p.ingest().maxGroupEvents()).isEqualTo(50_000);
        assertThat(p.export().workers()).isEqualTo(4);
        assertThat(p.export().linkTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(p.export().cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.export().keptRows()).isZero();
        assertThat(p.report().keptRollupRows()).isEqualTo(5);
        assertThat(p.report().keptHourEvents()).isZero();
    }

    @Test
    void thePortComesFromSextantPort() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("SEXTANT_PORT", "9090")));
        environment.getPropertySources().addLast(new MapPropertySource("app", Map.of("server.port", "${sextant.port:8080}")));
        assertThat(environment.getProperty("server.port")).isEqualTo("9090");
    }
}
