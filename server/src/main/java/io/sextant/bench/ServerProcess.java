package io.sextant.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sextant server run as a child process on loopback, so that the benchmark measures it over
 * HTTP from the outside and can restart it for real.
 *
 * <p>The child runs the same code as this process: {@code java -jar sextant.jar serve ...} when this
 * process runs from the jar, else the main class on this process's class path (tests, IDE). It
 * inherits the environment; its output goes to a log file beside the data directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern HEAP_PEAK = Pattern.compile("(?m)^sextant_jvm_heap_peak_bytes(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final Path dataDir;
    private final Path log;
    private final String maxHeap;
    private final List<String> javaOptions;
    private final int port;
    private Process process;
    private int starts;
    private String adminKey;

    /**
     * @param dataDir the server's data directory (created by the server when missing)
     * @param log the file that receives the server's output (appended to on restarts)
     * @param maxHeap the child's {@code -Xmx}, such as {@code 2g}
     * @param javaOptions more options of the child's JVM, such as a flight recording
     */
    ServerProcess(Path dataDir, Path log, String maxHeap, List<String> javaOptions) {
        this.dataDir = dataDir;
        this.log = log;
        this.maxHeap = maxHeap;
        this.javaOptions = List.copyOf(javaOptions);
        this.port = freePort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    String adminKey() {
        return adminKey;
    }

    /** Starts the server and returns once {@code /actuator/health} answers UP; returns the time that took. */
    Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server is already running");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + log, e);
        }
        long began = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.redirectErrorStream(true);
        pb.redirectOutput(starts == 0 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server: " + e.getMessage(), e);
        }
        starts++;
        Http probe = new Http(baseUrl(), null);
        long deadline = began + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " while starting; see " + log);
            }
            Http.Response health = probe.tryGet("/actuator/health");
            if (health != null && health.status() == 200 && health.body().contains("\"UP\"")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("the server did not start within " + START_TIMEOUT.toMinutes() + " minutes; see " + log);
            }
            sleep(50);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        try {
            adminKey = Files.readString(dataDir.resolve("admin.key"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the server started but " + dataDir.resolve("admin.key") + " cannot be read", e);
        }
        return took;
    }

    /** Stops the server as an operator would (SIGTERM: graceful shutdown, checkpoint) and waits for it. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops and starts the server again; returns the time the start took. */
    Duration restart() {
        stop();
        return start();
    }

    /** The server's heap high-water mark in bytes, from its Prometheus metrics. */
    long heapPeakBytes() {
        Http.Response r = new Http(baseUrl(), adminKey).get("/actuator/prometheus");
        if (r.status() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + r.status());
        }
        Matcher m = HEAP_PEAK.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("/actuator/prometheus has no sextant_jvm_heap_peak_bytes");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(javaOptions);
        String classPath = System.getProperty("java.class.path");
        if (isExecutableJar(classPath)) {
            cmd.add("-jar");
            cmd.add(classPath);
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add("io.sextant.SextantApplication");
        }
        cmd.addAll(List.of("serve", "--port", Integer.toString(port), "--data-dir", dataDir.toAbsolutePath().toString()));
        return cmd;
    }

    /** True for a Spring Boot executable jar (it names a Start-Class), false for a class path such as surefire's. */
    private static boolean isExecutableJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
