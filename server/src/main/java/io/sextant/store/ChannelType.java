package io.sextant.store;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of channel a bot runs on, by the names the API and the database use. {@code unknown} is
 * only ever given by auto-registration (an event's channel the store has not seen before).
 */
public enum ChannelType {
    FACEBOOK("facebook"),
    VOICE("voice"),
    AUDIOCODES("audiocodes"),
    WEB("web"),
    META_WHATSAPP("meta-whatsapp"),
    TELEGRAM("telegram"),
    BREVO("brevo"),
    EMAIL("email"),
    DEBUG("debug"),
    UNKNOWN("unknown");

    private final String wireName;

    ChannelType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A type a caller may register; {@code unknown} is not one. */
    public static Optional<ChannelType> registrable(String name) {
        return Arrays.stream(values()).filter(t -> t != UNKNOWN && t.wireName.equals(name)).findFirst();
    }

    public static String registrableNames() {
        return Arrays.stream(values()).filter(t -> t != UNKNOWN).map(ChannelType::wireName).collect(Collectors.joining(", "));
    }
}
