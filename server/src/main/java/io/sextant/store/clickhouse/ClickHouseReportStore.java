package io.sextant.store.clickhouse;

import io.sextant.store.ReportData;
import io.sextant.store.ReportQuery;
import io.sextant.store.ReportStore;

/** PLACEHOLDER of the write-side branch: the read side's branch brings the real class. Never merge alone. */
final class ClickHouseReportStore implements ReportStore {

    ClickHouseReportStore(ClickHouseHttp ch) {}

    @Override
    public ReportData compute(ReportQuery query) {
        throw new UnsupportedOperationException("ClickHouseReportStore is a placeholder of the write-side branch");
    }
}
