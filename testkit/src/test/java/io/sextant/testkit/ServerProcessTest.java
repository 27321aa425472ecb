package io.sextant.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child's command line and what the helper does without a service; the service itself is
 * started by the server's crash and restart tests and by the benchmark's test.
 */
class ServerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aJarRunsWithItsHeapOptionsAndTheServeArguments() throws Exception {
        Path jar = Files.writeString(tmp.resolve("sextant.jar"), "");
        ServerProcess s = ServerProcess.jar(jar).dataDir(tmp.resolve("data")).log(tmp.resolve("server.log")).maxHeap("2g")
                .javaOption("-XX:+PreserveFramePointer").port(18123).build();
        assertThat(s.command()).containsExactly(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp.resolve("server-tmp").toAbsolutePath(),
                "-XX:+PreserveFramePointer", "-jar", jar.toAbsolutePath().toString(),
                "serve", "--port", "18123", "--data-dir", tmp.resolve("data").toAbsolutePath().toString());
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:18123");
        assertThat(s.isAlive()).isFalse();
    }

    @Test
    void aClassPathRunsTheMainClassAndAFreePortIsPickedOnce() {
        ServerProcess s = ServerProcess.classpath("a.jar" + File.pathSeparator + "b", "io.sextant.SextantApplication")
                .dataDir(tmp).log(tmp.resolve("log")).build();
        List<String> cmd = s.command();
        assertThat(cmd).doesNotContainSequence("-jar").containsSequence("-cp", "a.jar" + File.pathSeparator + "b",
                "io.sextant.SextantApplication", "serve", "--port", Integer.toString(s.port()));
        assertThat(cmd.stream().filter(a -> a.startsWith("-Xmx"))).as("no heap given: the JVM's default").isEmpty();
        assertThat(s.port()).isPositive();
        assertThat(s.command()).isEqualTo(cmd);
    }

    @Test
    void theChildGetsDuckDbsAllocatorOptionsUnlessTheyAreSet() {
        ServerProcess plain = ServerProcess.currentClasspath().dataDir(tmp).log(tmp.resolve("log")).build();
        Map<String, String> inherited = new HashMap<>(Map.of("PATH", "/usr/bin"));
        plain.environment(inherited);
        assertThat(inherited).containsEntry(ServerProcess.ALLOCATOR_ENV, "dirty_decay_ms:10000,muzzy_decay_ms:10000")
                .containsEntry("PATH", "/usr/bin");

        Map<String, String> operators = new HashMap<>(Map.of(ServerProcess.ALLOCATOR_ENV, "dirty_decay_ms:1000"));
        plain.environment(operators);
        assertThat(operators).as("this process's own value").containsEntry(ServerProcess.ALLOCATOR_ENV, "dirty_decay_ms:1000");

        Map<String, String> given = new HashMap<>();
        ServerProcess.currentClasspath().dataDir(tmp).log(tmp.resolve("log")).env(ServerProcess.ALLOCATOR_ENV, "narenas:2").build()
                .environment(given);
        assertThat(given).as("the builder's").containsEntry(ServerProcess.ALLOCATOR_ENV, "narenas:2");
    }

    @Test
    void theCurrentClassPathLeavesOutTestClasses() {
        assertThat(ServerProcess.applicationClasspath().split(File.pathSeparator)).isNotEmpty()
                .noneMatch(e -> e.endsWith("test-classes"))
                .anyMatch(e -> e.endsWith("classes")); // testkit's own main classes, unfolded from surefire's jar
    }

    @Test
    void aMissingJarOrDataDirectoryIsSaidAtOnce() {
        assertThatThrownBy(() -> ServerProcess.jar(tmp.resolve("none.jar"))).hasMessageContaining("no server jar at");
        assertThatThrownBy(() -> ServerProcess.currentClasspath().build()).hasMessageContaining("data directory and a log file");
    }

    @Test
    void theChildsTemporaryFilesAreItsOwnAndGoWithIt() throws Exception {
        // a "service" that prints its system properties and exits at once
        ServerProcess s = ServerProcess.classpath(System.getProperty("java.class.path"), "-version").dataDir(tmp.resolve("data"))
                .log(tmp.resolve("logs/server.log")).javaOption("-XshowSettings:properties").build();
        assertThat(s.tmpDir()).isEqualTo(tmp.resolve("logs/server-tmp").toAbsolutePath()).doesNotExist();

        s.launch();
        s.process().waitFor();
        assertThat(s.output()).contains("java.io.tmpdir = " + s.tmpDir());
        Files.writeString(s.tmpDir().resolve("libduckdb_java1234.so"), "what a killed child leaves");
        s.kill();
        assertThat(s.tmpDir()).as("gone with the child, killed or not").doesNotExist();

        s.launch();
        assertThat(s.tmpDir()).as("made again for the next launch").isDirectory();
        s.process().waitFor();
        s.close();
        assertThat(s.tmpDir()).doesNotExist();
        assertThat(tmp.resolve("logs")).as("the log stays").isDirectoryContaining(p -> p.getFileName().toString().equals("server.log"));
    }

    @Test
    void aChildThatExitsWhileStartingFailsTheWaitQuotingItsLog() {
        // a "service" that is the JVM asked for its version: it prints and exits at once
        ServerProcess s = ServerProcess.classpath(System.getProperty("java.class.path"), "-version").dataDir(tmp.resolve("data"))
                .log(tmp.resolve("logs/server.log")).build();
        assertThatThrownBy(() -> s.launch().awaitUp(Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with").hasMessageContaining(tmp.resolve("logs/server.log").toString());
        assertThat(s.output()).isNotEmpty();
        s.kill();
        s.close();
    }
}
