package io.sextant.store;

import io.sextant.store.StoreSelection.UnknownStoreException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unknown {@code sextant.store} in one plain sentence instead of a stack trace. */
class UnknownStoreFailureAnalyzer extends AbstractFailureAnalyzer<UnknownStoreException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownStoreException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set sextant.store (SEXTANT_STORE) to one of: " + String.join(", ", StoreSelection.ENGINES)
                        + ", or leave it unset for " + StoreSelection.DEFAULT + ".", cause);
    }
}
