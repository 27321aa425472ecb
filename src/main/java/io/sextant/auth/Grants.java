package io.sextant.auth;

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
    public static final String ADMIN = "admin.apikeys";
    public static final String ALL_RESOURCES = "*";

    private static final Pattern PERMISSION = Pattern.compile("\\*|[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(\\.\\*)?");
    private static final Pattern RESOURCE = Pattern.compile("\\*|chatbots/\\*|chatbots/[^\\s*/]{1,200}");

    private Grants() {}

    public static boolean matches(String pattern, String value) {
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(value);
    }

    public static boolean validPermission(String p) {
        return p != null && p.length() <= 200 && PERMISSION.matcher(p).matches();
    }

    public static boolean validResource(String r) {
        return r != null && RESOURCE.matcher(r).matches();
    }

    public static String chatbot(String chatbotId) {
        return "chatbots/" + chatbotId;
    }
}
