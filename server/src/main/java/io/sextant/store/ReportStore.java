package io.sextant.store;

/** Computes report metrics from the stored events. */
public interface ReportStore {

    /** Computes exactly the metrics the query asks for, reading a consistent snapshot of the events. */
    ReportData compute(ReportQuery query);
}
