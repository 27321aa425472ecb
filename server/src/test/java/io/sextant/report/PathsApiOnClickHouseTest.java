package io.sextant.report;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PathsApiTest} (the hand-computed answers and every error) on the ClickHouse engine. */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class PathsApiOnClickHouseTest extends PathsApiTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "paths_api");
    }
}
