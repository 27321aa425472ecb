package io.sextant.report;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link PathsReferenceTest} on the ClickHouse engine (the shared 2 × 2 test cluster, a database of
 * its own): the same traffic through the HTTP API, every answer against the same model; every
 * window, with the first four variants of each (whole paths, from a step with a small limit, from
 * "menu" with limit 1, one channel with limit 500) to stay within CI's time; each segment once.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class PathsReferenceOnClickHouseTest extends PathsReferenceTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "paths_reference");
    }

    @Override
    protected int variantsPerWindow() {
        return 4;
    }

    @Override
    protected int segmentChecksPerList() {
        return 1;
    }
}
