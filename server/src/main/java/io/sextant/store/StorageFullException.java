package io.sextant.store;

/**
 * The store could not write because the file system of the data directory is full. Nothing of the
 * operation was stored; it succeeds once space is freed (the writer recovers by itself).
 */
public class StorageFullException extends StoreException {
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
