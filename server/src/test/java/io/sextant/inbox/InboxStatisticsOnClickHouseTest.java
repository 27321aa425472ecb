package io.sextant.inbox;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link InboxStatisticsTest} (the brute-force {@code InboxModel}, its segments and the step-by-step
 * hand-over) on the ClickHouse engine; each segment over one window.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class InboxStatisticsOnClickHouseTest extends InboxStatisticsTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "inbox_reference");
    }

    @Override
    protected int segmentChecksPerList() {
        return 1;
    }
}
