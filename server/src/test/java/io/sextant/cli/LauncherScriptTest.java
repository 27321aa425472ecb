package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.duckdb.Database;
import io.sextant.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How bin/sextant picks its JDK, on stand-in JDKs whose java only reports a version. */
class LauncherScriptTest {

    static final Path SCRIPT = launcher();

    /** bin/sextant of the checkout: the tests run in the server module's directory, one below it. */
    private static Path launcher() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("bin/sextant");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("no bin/sextant above " + Path.of("").toAbsolutePath());
    }

    @TempDir
    Path tmp;

    Path jvms;
    Path jdk17;
    Path jdk21;
    Path jdk25;
    Path jre25;

    @BeforeEach
    void fakeJdks() throws IOException {
        jvms = tmp.resolve("jvm");
        jdk17 = fakeJdk(jvms.resolve("java-17-openjdk"), 17, true);
        jdk21 = fakeJdk(jvms.resolve("jdk-21"), 21, true);
        jdk25 = fakeJdk(tmp.resolve("opt/temurin-25"), 25, true);
        jre25 = fakeJdk(jvms.resolve("jre-26"), 26, false); // a runtime without javac cannot build
    }

    private static Path fakeJdk(Path home, int version, boolean withJavac) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        // it also notes the allocator's options it was started with, beside its home
        write(home.resolve("bin/java"), "#!/bin/sh\necho \"${" + Database.ALLOCATOR_ENV + "-unset}\" > " + home.resolve("allocator")
                + "\necho '    java.specification.version = " + version + "' >&2\n");
        if (withJavac) {
            write(home.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
        }
        return home;
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String stdout, String stderr) {}

    private Run run(String javaHome, String searchPath, Path javaOnPath, String... args) throws Exception {
        return run(javaHome, searchPath, javaOnPath, Map.of(), args);
    }

    private Run run(String javaHome, String searchPath, Path javaOnPath, Map<String, String> more, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.remove(Database.ALLOCATOR_ENV); // as on a machine where nobody set it
        env.putAll(more);
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        env.put("SEXTANT_JDK_SEARCH_PATH", searchPath);
        env.put("PATH", (javaOnPath == null ? "" : javaOnPath.resolve("bin") + ":") + "/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    }

    @Test
    void withoutJavaHomeTheNewestJdkWinsOverAnOldJavaOnPath() throws Exception {
        Run r = run(null, jvms + ":" + tmp.resolve("opt"), jdk17, "jdk");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(jdk25.toString());
    }

    @Test
    void aJavaHomeOf21OrNewerIsUsedAsIs() throws Exception {
        Run r = run(jdk21.toString(), jvms + ":" + tmp.resolve("opt"), jdk17, "jdk");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(jdk21.toString());
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void aJavaHomeThatIsTooOldIsPassedOverWithANote() throws Exception {
        Run r = run(jdk17.toString(), jvms.toString(), jdk17, "jdk");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(jdk21.toString());
        assertThat(r.stderr()).contains("JAVA_HOME=" + jdk17 + " is not a JDK 21 or newer (it is JDK 17)");
    }

    @Test
    void onlyAJdk17FailsWithAClearMessage() throws Exception {
        for (String command : List.of("jdk", "serve", "test", "bench")) {
            Run r = run(jdk17.toString(), jdk17.toString(), jdk17, command);
            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).as(command).contains("sextant: no JDK 21 or newer found")
                    .contains("set JAVA_HOME to it");
        }
    }

    @Test
    void javaRunsWithDuckDbsAllocatorOptionsUnlessTheOperatorSetsThem() throws Exception {
        Run r = run(jdk21.toString(), jvms.toString(), null, "jdk");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readString(jdk21.resolve("allocator")).strip()).isEqualTo(Database.ALLOCATOR_CONF);

        Run own = run(jdk21.toString(), jvms.toString(), null, Map.of(Database.ALLOCATOR_ENV, "dirty_decay_ms:1000"), "jdk");
        assertThat(own.exit()).as(own.stderr()).isZero();
        assertThat(Files.readString(jdk21.resolve("allocator")).strip()).isEqualTo("dirty_decay_ms:1000");
    }

    @Test
    void theTestsAndTheBenchmarkStartTheServiceWithTheLaunchersAllocatorOptions() {
        assertThat(ServerProcess.ALLOCATOR_ENV).isEqualTo(Database.ALLOCATOR_ENV);
        assertThat(ServerProcess.ALLOCATOR_CONF).isEqualTo(Database.ALLOCATOR_CONF);
    }

    @Test
    void aRuntimeWithoutJavacIsNotAJdk() throws Exception {
        Run r = run(jre25.toString(), jre25.toString(), null, "jdk");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("no JDK 21 or newer found");
    }

    @Test
    void helpNeedsNoJdkAndListsTheCommands() throws Exception {
        Run r = run(null, "", null, "help");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("bin/sextant serve", "bin/sextant demo", "bin/sextant bench", "bin/sextant test", "bin/sextant jdk")
                .doesNotContain("set -euo");
    }

    /** Runs {@code bin/sextant test-deps} needing {@code needs}, with stand-ins for id and apt-get first on the PATH. */
    private Run testDeps(int uid, String needs) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        write(bin.resolve("id"), "#!/bin/sh\necho " + uid + "\n");
        write(bin.resolve("apt-get"), "#!/bin/sh\necho \"$*\" >> " + tmp.resolve("apt.log") + "\n");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "test-deps");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("SEXTANT_TEST_NEEDS", needs);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    }

    private List<String> aptCalls() throws IOException {
        Path log = tmp.resolve("apt.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void testDependenciesThatArePresentInstallNothing() throws Exception {
        // a file need not be a program: ZooKeeper is there when its (not executable) jar is
        Path jar = Files.writeString(tmp.resolve("zookeeper.jar"), "jar");
        Run r = testDeps(0, "/bin/sh:dash " + jar + ":zookeeper");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(aptCalls()).isEmpty();
    }

    @Test
    void asRootMissingTestDependenciesAreInstalledFromDebian() throws Exception {
        Run r = testDeps(0, "/bin/sh:dash " + tmp.resolve("nowhere/chromium") + ":chromium "
                + tmp.resolve("nowhere/chromedriver") + ":chromium-driver");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("the tests need Debian's chromium chromium-driver; installing");
        assertThat(aptCalls()).containsExactly("update -q", "install -y -q chromium chromium-driver");
    }

    @Test
    void withoutRootTheLauncherSaysInOneLineWhatToRunFirst() throws Exception {
        Run r = testDeps(1000, tmp.resolve("nowhere/chromium") + ":chromium");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("sextant: the tests need Debian's chromium; run first: sudo apt-get install -y chromium");
        assertThat(aptCalls()).isEmpty();
    }
}
