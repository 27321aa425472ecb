package io.sextant.auth;

import io.sextant.api.ApiException;
import io.sextant.store.ApiKey;
import io.sextant.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Creates, lists, revokes and recognises API keys.
 *
 * <p>Keys are {@code CCSB-} and 256 random bits (base64url). Only their SHA-256 is stored: the key
 * has full entropy, so a slow password hash would add cost and no safety. Active keys are held in
 * memory by hash and read again when the store's {@link ApiKeyStore#generation()} changed (another
 * API node created or revoked a key) and after this node's own writes, so the map is exact: a
 * revocation takes effect, on every node, before its answer is sent.
 */
@Service
public class ApiKeyService {

    static final String PREFIX = "CCSB-";

    private final ApiKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private volatile Map<String, ApiKey> activeByHash;
    private volatile long generation;

    public ApiKeyService(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        reload();
    }

    /** A new key with its secret; the secret is never shown again. */
    public record Created(ApiKey key, String secret) {}

    public Created create(String name, List<String> permissions, List<String> resources) {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
            throw ApiException.badRequest("name must be 1 to 200 characters");
        }
        if (permissions == null || permissions.isEmpty()) {
            throw ApiException.badRequest("permissions must be a non-empty list");
        }
        if (resources == null || resources.isEmpty()) {
            throw ApiException.badRequest("resources must be a non-empty list");
        }
        for (String p : permissions) {
            if (!Grants.validPermission(p)) {
                throw ApiException.badRequest("permissions: '" + p + "' is not a permission; expected one of "
                        + String.join(", ", Grants.PERMISSIONS) + ", a wildcard such as chatbots.statistics.*, or *");
            }
        }
        for (String r : resources) {
            if (!Grants.validResource(r)) {
                throw ApiException.badRequest("resources: '" + r + "' is not a resource such as chatbots/bot-1, chatbots/* or *");
            }
        }
        String secret = newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), name,
                List.copyOf(new LinkedHashSet<>(permissions)), List.copyOf(new LinkedHashSet<>(resources)),
                clock.millis(), null);
        synchronized (lock) {
            store.insert(key, hash(secret));
            reload();
        }
        return new Created(key, secret);
    }

    /**
     * The first admin key (every permission on every resource), unless a key is active: with
     * several nodes starting at once on an empty store, one of them mints it.
     */
    Optional<Created> createFirstAdmin(String name) {
        String secret = newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), name, List.of("*"), List.of(Grants.ALL_RESOURCES), clock.millis(), null);
        synchronized (lock) {
            boolean inserted = store.insertIfNoActiveKey(key, hash(secret));
            reload();
            return inserted ? Optional.of(new Created(key, secret)) : Optional.empty();
        }
    }

    private String newSecret() {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    public List<ApiKey> list() {
        return store.listActive();
    }

    /**
     * Revokes at once; false when no active key has that id. Refused (409) for the last active key
     * that can use the admin API: nothing could create or revoke keys after it.
     */
    public boolean revoke(String id) {
        synchronized (lock) {
            current();
            List<ApiKey> admins = activeByHash.values().stream().filter(ApiKeyService::isAdmin).toList();
            if (admins.size() == 1 && admins.get(0).id().equals(id)) {
                throw new ApiException(HttpStatus.CONFLICT, "refusing to revoke the last API key that can use the admin API ("
                        + Grants.ADMIN + " on " + Grants.ALL_RESOURCES + "); create another such key first,"
                        + " or mint one offline with bin/sextant admin-key");
            }
            return takeBack(id);
        }
    }

    /** Revokes without the last-admin guard: for a key that was never handed out. */
    boolean takeBack(String id) {
        synchronized (lock) {
            boolean revoked = store.revoke(id, clock.millis());
            reload();
            return revoked;
        }
    }

    private static boolean isAdmin(ApiKey key) {
        return Grants.allows(key, Grants.ADMIN, Grants.ALL_RESOURCES);
    }

    /** The active key with this secret, if any. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().get(hash(secret)));
    }

    /**
     * The active key of a request's {@code secret} (null or blank when it sent none): 401 when there
     * is none or it is unknown or revoked; {@code howToSend} completes "missing API key: send it …".
     */
    public ApiKey requireKey(String secret, String howToSend) {
        if (secret == null || secret.isBlank()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "missing API key: send it " + howToSend);
        }
        return authenticate(secret.strip())
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "unknown or revoked API key"));
    }

    /** 403 unless {@code key} has {@code permission} on {@code resource}. */
    public static void requirePermission(ApiKey key, String permission, String resource) {
        if (!Grants.allows(key, permission, resource)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "API key lacks permission " + permission + " on " + resource);
        }
    }

    public boolean hasActiveKeys() {
        return !current().isEmpty();
    }

    /** The active keys, read again first when another process changed them. */
    private Map<String, ApiKey> current() {
        if (store.generation() != generation) {
            synchronized (lock) {
                if (store.generation() != generation) {
                    reload();
                }
            }
        }
        return activeByHash;
    }

    private void reload() {
        long g = store.generation(); // before the read: a change after it makes the next call read again
        activeByHash = Map.copyOf(store.listActiveByHash());
        generation = g;
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
