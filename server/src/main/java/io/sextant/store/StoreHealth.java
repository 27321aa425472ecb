package io.sextant.store;

import java.sql.SQLException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the writer can commit: DOWN from a write that failed for lack of space or with a storage
 * error until the next write that succeeds. {@code /actuator/health} shows the status only (the
 * reason stays in the details, which are not exposed).
 */
public final class StoreHealth implements HealthIndicator {

    /** Why writes fail; {@code diskFull} decides between 507 and 503. */
    public record Problem(boolean diskFull, String reason) {}

    private volatile Problem problem;

    @Override
    public Health health() {
        Problem p = problem;
        return p == null ? Health.up().build() : Health.down().withDetail("reason", p.reason()).build();
    }

    /** True while the last write failed. */
    public boolean failing() {
        return problem != null;
    }

    public void ok() {
        problem = null;
    }

    public void failed(Problem p) {
        problem = p;
    }

    /** Whether {@code e} or a cause says the file system is full (ENOSPC, or a quota). */
    public static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (mentionsFullDisk(t.getMessage())) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (mentionsFullDisk(s.getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentionsFullDisk(String msg) {
        if (msg == null) {
            return false;
        }
        String m = msg.toLowerCase(java.util.Locale.ROOT);
        return m.contains("no space left on device") || m.contains("enospc") || m.contains("disk quota exceeded")
                || m.contains("not enough space on the disk") || m.contains("disk is full");
    }

    /** Whether {@code e} comes from the database (as opposed to a bug in the writer's own code). */
    public static boolean fromDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
