package io.sextant.store;

import java.util.List;

/**
 * A stored API key, without its secret. Times are epoch milliseconds; revokedAt is null while active.
 * What the permissions and resources grant is {@code io.sextant.auth.Grants#allows}.
 */
public record ApiKey(String id, String name, List<String> permissions, List<String> resources, long createdAt, Long revokedAt) {}
