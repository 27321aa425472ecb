package io.sextant.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The real service in a process of its own ({@code SextantApplication serve}), started with the
 * java binary of the running JVM and the application's classpath (without the test classes).
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final int port;
    final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Path dataDir, Path log) throws IOException {
        return start(dataDir, freePort(), log);
    }

    static ServerProcess start(Path dataDir, int port, Path log) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", applicationClasspath(), "io.sextant.SextantApplication",
                "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SEXTANT_MEMORY_LIMIT", "256MB");
        return new ServerProcess(pb.start(), port, log);
    }

    /** The classpath of this JVM, unfolded from surefire's manifest-only jar, without test classes. */
    static String applicationClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith("surefirebooter") && p.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest m = jar.getManifest();
                    for (String url : m.getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(p.getParent().toUri().resolve(url)).toString());
                        }
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries.stream()
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/")).toList());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** Waits until /actuator/health answers UP; fails when the process exits first or after the deadline. */
    ServerProcess awaitUp(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not come up within " + deadline + ":\n" + output());
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: graceful shutdown
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    @Override
    public String toString() {
        return "server pid " + process.pid() + " on port " + port + ", log " + log;
    }
}
