package io.sextant.live;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LiveViewTest} on the ClickHouse engine. */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class LiveViewOnClickHouseTest extends LiveViewTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "live_view");
    }
}
