package io.sextant.store.duckdb;

import io.sextant.store.DataDirectoryInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a data directory held by another process in one plain sentence instead of a stack trace. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the other process, or start this one with another --data-dir.", cause);
    }
}
