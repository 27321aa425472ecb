package io.sextant.event;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The spelling of values that both ingestion and segment filters read, so a filter names a value
 * exactly as ingestion stores it: language tags and attribute keys.
 */
public final class Syntax {

    /** A language tag as sent, such as {@code de} or {@code de-DE} ({@code _} is accepted as the separator too). */
    public static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*");

    /** The longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY = 64;

    /** An attribute key: 1 to 64 characters of A-Z, a-z, 0-9, {@code _}, {@code .} and {@code -}. */
    public static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_ATTRIBUTE_KEY + "}");

    private Syntax() {}

    /** The language stored for a tag: its primary subtag in lower case ({@code de-DE} → {@code de}); empty when it is no tag. */
    public static Optional<String> language(String tag) {
        if (!LANGUAGE_TAG.matcher(tag).matches()) {
            return Optional.empty();
        }
        int sep = tag.indexOf('-') >= 0 ? tag.indexOf('-') : tag.indexOf('_');
        return Optional.of((sep < 0 ? tag : tag.substring(0, sep)).toLowerCase(Locale.ROOT));
    }
}
