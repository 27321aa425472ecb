package io.sextant.store;

import java.nio.file.Path;

/** Another process holds the data directory's database open for writing. */
public final class DataDirectoryInUseException extends RuntimeException {

    public DataDirectoryInUseException(Path dataDir, long pid) {
        super("data directory " + dataDir.toAbsolutePath() + " is in use by another Sextant process"
                + (pid > 0 ? " (pid " + pid + ")" : "")
                + "; stop it or choose another --data-dir");
    }
}
