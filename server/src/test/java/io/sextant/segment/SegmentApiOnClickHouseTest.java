package io.sextant.segment;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SegmentApiTest} on the ClickHouse engine: chatbots that share a shard and conversation ids stay apart. */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class SegmentApiOnClickHouseTest extends SegmentApiTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "segment_api");
    }
}
