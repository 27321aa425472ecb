package io.sextant.store;

import java.util.Optional;

/**
 * Where an export job is in its life. The wire name is what the API shows as {@code status} and
 * what the database keeps.
 */
public enum ExportStatus {
    PENDING(Names.PENDING),
    RUNNING(Names.RUNNING),
    COMPLETED(Names.COMPLETED),
    FAILED(Names.FAILED),
    EXPIRED(Names.EXPIRED);

    /** The wire names as constants, for where only a constant will do (annotations of the API schema). */
    public static final class Names {
        public static final String PENDING = "pending";
        public static final String RUNNING = "running";
        public static final String COMPLETED = "completed";
        public static final String FAILED = "failed";
        public static final String EXPIRED = "expired";

        private Names() {}
    }

    private final String wireName;

    ExportStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Pending or running: the job still has to (or may again) run. */
    public boolean unfinished() {
        return this == PENDING || this == RUNNING;
    }

    public static Optional<ExportStatus> fromWireName(String name) {
        for (ExportStatus s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The status the database keeps; an unknown one is a corrupt row. */
    public static ExportStatus ofStored(String stored) {
        return fromWireName(stored).orElseThrow(() -> new IllegalStateException("unknown stored export status " + stored));
    }
}
