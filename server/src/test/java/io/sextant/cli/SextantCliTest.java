package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's failures: one line and exit status 1, no stack trace. */
class SextantCliTest {

    @TempDir
    Path dataDir;

    @Test
    void aStartFailureIsOneLineWithoutAStackTrace() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("a-file"), "x");
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SextantCli.run(new String[] {"serve", "--port", "0", "--data-dir", notADirectory.toString()});
            assertThat(code).isEqualTo(1);
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("sextant: could not start: cannot create data directory " + notADirectory)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(SextantCli.run(new String[] {"sail"})).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument").contains("sail");
    }
}
