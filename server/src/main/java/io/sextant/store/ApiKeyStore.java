package io.sextant.store;

import java.util.List;
import java.util.Map;

/**
 * API keys, kept by the SHA-256 hash of their secret.
 *
 * <p>Callers may hold the active keys in memory; {@link #generation()} tells them when to read them
 * again, which matters when other processes (other API nodes of one cluster) write the same keys.
 */
public interface ApiKeyStore {

    void insert(ApiKey key, String keyHash);

    /**
     * Inserts the key only when no key is active, atomically with respect to every process that
     * writes this store (several API nodes starting at once on an empty store mint one first admin
     * key, not one each).
     *
     * @return whether it was inserted
     */
    default boolean insertIfNoActiveKey(ApiKey key, String keyHash) {
        synchronized (this) { // an engine only this process writes: the process is the only writer
            if (!listActive().isEmpty()) {
                return false;
            }
            insert(key, keyHash);
            return true;
        }
    }

    /**
     * A value that differs from every earlier one once a key was inserted or revoked by any process
     * since (an engine only this process writes may answer a constant: the caller reloads after its
     * own writes). Read on every authentication, so it must be cheap; when the engine cannot tell,
     * it answers a new value, which makes the caller read the keys again: exact, at a cost.
     */
    default long generation() {
        return 0;
    }

    /** Active keys, oldest first. */
    List<ApiKey> listActive();

    /** Active keys by the hash of their secret. */
    Map<String, ApiKey> listActiveByHash();

    /** Revokes an active key; false when there is no such active key. */
    boolean revoke(String id, long now);
}
