package io.sextant.event;

import java.util.Locale;
import java.util.Optional;

/** Who wrote a message. */
public enum Direction {
    USER,
    BOT,
    AGENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Direction> fromWireName(String name) {
        for (Direction d : values()) {
            if (d.wireName().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
