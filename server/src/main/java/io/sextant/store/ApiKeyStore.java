package io.sextant.store;

import java.util.List;
import java.util.Map;

/** API keys, kept by the SHA-256 hash of their secret. */
public interface ApiKeyStore {

    void insert(ApiKey key, String keyHash);

    /** Active keys, oldest first. */
    List<ApiKey> listActive();

    /** Active keys by the hash of their secret. */
    Map<String, ApiKey> listActiveByHash();

    /** Revokes an active key; false when there is no such active key. */
    boolean revoke(String id, long now);
}
