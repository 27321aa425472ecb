package io.sextant.privacy;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ErasureApiTest} on the ClickHouse engine: the same permissions and answers, erased ids that
 * stay duplicates through {@code erased_event_ids}, ingestion that goes on after an erasure (the
 * acknowledged count in ZooKeeper followed it), and exports withdrawn from every node's table.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class ErasureApiOnClickHouseTest extends ErasureApiTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "erasure_api");
    }
}
