package io.sextant.auth;

import io.sextant.store.ApiKey;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Permission and resource patterns. A pattern matches a value exactly, or by a trailing wildcard:
 * {@code chatbots.statistics.*} matches {@code chatbots.statistics.get}, {@code chatbots/*} matches
 * {@code chatbots/bot-1}, and {@code *} matches everything.
 */
public final class Grants {

    public static final String INGEST = "chatbots.statistics.ingest";
    public static final String GET = "chatbots.statistics.get";
    public static final String EXPORT = "chatbots.statistics.export";
    /** Changing a chatbot's statistics settings (fallback intents, understood threshold). */
    public static final String SETTINGS = "chatbots.statistics.settings";
    /**
     * Erasing a conversation's events (a data subject's request). Not under {@code chatbots.statistics.*}
     * on purpose: a key made for a runtime or a dashboard cannot delete data.
     */
    public static final String ERASE = "chatbots.privacy.erase";
    /** Setting how long a chatbot's events are kept; like {@link #ERASE}, outside {@code chatbots.statistics.*}. */
    public static final String RETENTION = "chatbots.privacy.retention";
    public static final String ADMIN = "admin.apikeys";
    /** Reading the operational metrics, {@code /actuator/prometheus}, on resource {@code *}. */
    public static final String METRICS = "admin.metrics";
    public static final String ALL_RESOURCES = "*";

    /** Every permission an endpoint can require. */
    public static final List<String> PERMISSIONS = List.of(GET, EXPORT, INGEST, SETTINGS, ERASE, RETENTION, ADMIN, METRICS);

    private static final Pattern RESOURCE = Pattern.compile("\\*|chatbots/\\*|chatbots/[^\\s*/]{1,200}");

    private Grants() {}

    /** True when {@code key} grants {@code permission} on {@code resource}. */
    public static boolean allows(ApiKey key, String permission, String resource) {
        return key.permissions().stream().anyMatch(p -> matches(p, permission))
                && key.resources().stream().anyMatch(r -> matches(r, resource));
    }

    public static boolean matches(String pattern, String value) {
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(value);
    }

    /**
     * A permission is one of {@link #PERMISSIONS}, {@code *}, or a trailing wildcard after a dot
     * that covers at least one of them ({@code chatbots.statistics.*}, {@code chatbots.*}). A typo
     * is rejected instead of silently granting nothing.
     */
    public static boolean validPermission(String p) {
        if (p == null) {
            return false;
        }
        if (p.equals("*") || PERMISSIONS.contains(p)) {
            return true;
        }
        if (!p.endsWith(".*")) {
            return false;
        }
        String prefix = p.substring(0, p.length() - 1);
        return PERMISSIONS.stream().anyMatch(known -> known.startsWith(prefix));
    }

    public static boolean validResource(String r) {
        return r != null && RESOURCE.matcher(r).matches();
    }

    public static String chatbot(String chatbotId) {
        return "chatbots/" + chatbotId;
    }
}
