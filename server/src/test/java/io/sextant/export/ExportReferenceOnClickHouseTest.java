package io.sextant.export;

import io.sextant.support.OnClickHouse;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ExportReferenceTest} (both export kinds against {@code ExportModel}, daily rows against
 * reports, segments) on the ClickHouse engine; each segment with one kind of export, in turn.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class ExportReferenceOnClickHouseTest extends ExportReferenceTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "export_reference");
    }

    @Override
    protected List<String> segmentExportKinds(int list) {
        return List.of(list % 4 < 2 ? "daily" : "conversations");
    }
}
