package io.sextant.auth;

import java.util.List;

/** A stored API key, without its secret. Times are epoch milliseconds; revokedAt is null while active. */
public record ApiKey(String id, String name, List<String> permissions, List<String> resources, long createdAt, Long revokedAt) {

    /** True when this key grants {@code permission} on {@code resource}. */
    public boolean allows(String permission, String resource) {
        return permissions.stream().anyMatch(p -> Grants.matches(p, permission))
                && resources.stream().anyMatch(r -> Grants.matches(r, resource));
    }
}
