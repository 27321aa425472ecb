package io.sextant.report;

import io.sextant.support.OnClickHouse;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ErasureReferenceTest} on the ClickHouse engine (the shared 2 × 2 test cluster, a database of
 * its own): erasures are mutations there, applied on every replica before the endpoint answers, and
 * the acknowledged count in ZooKeeper must follow them or the next write of the chatbot would find
 * every replica behind. Fewer conversations are erased (each erasure waits for its mutation) and
 * fewer cases checked, keeping the DST hours, Kolkata's half-hour offset and the windows that read
 * whole months.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class ErasureReferenceOnClickHouseTest extends ErasureReferenceTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "erasure_reference");
    }

    @Override
    protected List<Case> casesToCheck() {
        List<String> kept = List.of("berlin-spring-hourly", "kolkata-odd-from-daily", "whole-spring-daily", "berlin-fall-hourly",
                "whole-fall-daily");
        return super.casesToCheck().stream().filter(c -> kept.contains(c.name())).toList();
    }

    @Override
    protected double erasedShare() {
        return 0.05;
    }
}
