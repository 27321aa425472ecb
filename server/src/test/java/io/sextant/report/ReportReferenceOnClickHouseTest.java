package io.sextant.report;

import io.sextant.support.OnClickHouse;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ReportReferenceTest} on the ClickHouse engine (the shared 2 × 2 test cluster, a database of
 * its own): the same traffic through the HTTP API, every report answer against the same model. To
 * stay within CI's time it checks a third of the cases, chosen to keep what is hard: DST days and
 * hours in Berlin, odd window edges, the 2 ms window, Santiago's hours, Kolkata's half-hour offset,
 * Monrovia's 44.5-minute change and Lord Howe's half-hour DST, each with its zone, and one without;
 * every segment over one of them.
 * ClickHouseReadStoresTest compares every case's store answers with DuckDB's besides.
 */
@EnabledIf("io.sextant.support.OnClickHouse#available")
class ReportReferenceOnClickHouseTest extends ReportReferenceTest {

    @DynamicPropertySource
    static void clickhouse(DynamicPropertyRegistry registry) {
        OnClickHouse.properties(registry, "report_reference");
    }

    @Override
    protected List<Case> casesToCheck() {
        List<String> kept = List.of("berlin-spring-daily", "berlin-fall-hourly", "odd-edges-hourly", "two-ms",
                "santiago-september-hourly", "kolkata-odd-from-daily", "monrovia-1972-hourly", "lord-howe-october-hourly");
        List<Case> all = super.casesToCheck();
        List<Case> cases = new java.util.ArrayList<>(all.stream().filter(c -> c.zone() != null && kept.contains(c.name())).toList());
        cases.add(all.stream().filter(c -> c.zone() == null && c.name().equals("odd-edges-hourly")).findFirst().orElseThrow());
        return cases;
    }

    /** Each filter list over one case (the lists still meet every case above). */
    @Override
    protected int casesPerSegment() {
        return 1;
    }
}
