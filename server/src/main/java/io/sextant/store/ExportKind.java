package io.sextant.store;

import java.util.Optional;

/**
 * What an export file holds: one row per daily bucket × channel, or one row per conversation. The
 * wire name is the API's {@code kind} and what the database keeps.
 */
public enum ExportKind {
    DAILY("daily"),
    CONVERSATIONS("conversations");

    private final String wireName;

    ExportKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ExportKind> fromWireName(String name) {
        for (ExportKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The kind the database keeps; an unknown one is a corrupt row. */
    public static ExportKind ofStored(String stored) {
        return fromWireName(stored).orElseThrow(() -> new IllegalStateException("unknown stored export kind " + stored));
    }
}
