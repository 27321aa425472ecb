package io.sextant.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark's program: the options docs/benchmark.md documents, and a clear word when it cannot run. */
class BenchCliTest {

    @TempDir
    Path tmp;

    @Test
    void theOptionsAreThoseOfTheDocumentation() throws Exception {
        Path doc = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && doc == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/benchmark.md"))) {
                doc = dir.resolve("docs/benchmark.md");
            }
        }
        assertThat(doc).as("docs/benchmark.md above " + Path.of("").toAbsolutePath()).isNotNull();
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `(--[a-z-]+)").matcher(Files.readString(doc));
        while (m.find()) {
            documented.add(m.group(1));
        }
        List<String> options = new CommandLine(new BenchCli()).getCommandSpec().options().stream()
                .map(o -> o.longestName()).filter(n -> !n.equals("--help") && !n.equals("--version")).toList();
        assertThat(options).containsExactlyInAnyOrderElementsOf(documented)
                .contains("--scale", "--soak", "--requests", "--time-box", "--clients", "--batch", "--seed", "--server-heap",
                        "--server-java-option", "--one-restart", "--keep-data", "--out");
    }

    @Test
    void withoutTheServersJarItSaysSoAndExits1() {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = BenchCli.run(new String[] {"--scale", "0.001", "--out", tmp.toString(), "--server-jar", tmp.resolve("none.jar").toString()});
            assertThat(exit).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(e.toString(StandardCharsets.UTF_8)).startsWith("sextant bench: no server jar at " + tmp.resolve("none.jar"));
        assertThat(tmp).isEmptyDirectory();
    }
}
