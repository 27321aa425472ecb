package io.sextant.export;

import io.sextant.api.ApiException;

/** What an export file holds: one row per daily bucket × channel, or one row per conversation. */
enum ExportKind {
    DAILY("daily"),
    CONVERSATIONS("conversations");

    private final String wireName;

    ExportKind(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The kind of a request; absent means daily; anything else is a 400 naming the value. */
    static ExportKind parse(String raw) {
        if (raw == null) {
            return DAILY;
        }
        for (ExportKind k : values()) {
            if (k.wireName.equals(raw.strip())) {
                return k;
            }
        }
        throw ApiException.badRequest("kind '" + raw + "' is invalid; expected daily or conversations");
    }

    static ExportKind ofStored(String stored) {
        for (ExportKind k : values()) {
            if (k.wireName.equals(stored)) {
                return k;
            }
        }
        throw new IllegalStateException("unknown stored export kind " + stored);
    }
}
