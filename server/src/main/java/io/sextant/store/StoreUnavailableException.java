package io.sextant.store;

/**
 * The store failed to write for a reason other than a full disk (an I/O error, a database DuckDB
 * had to invalidate and that could not be reopened yet). Nothing of the operation was stored; the
 * writer starts afresh on the next call, so sending it again later is the remedy.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
