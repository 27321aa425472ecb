package io.sextant.export;

import io.sextant.support.OnClickHouse;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ExportReferenceTest} (both export kinds against {@code ExportModel}, daily rows against reports) on the ClickHouse engine. */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class ExportReferenceOnClickHouseTest extends ExportReferenceTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "export_reference");
    }
}
