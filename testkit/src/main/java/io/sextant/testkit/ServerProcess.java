package io.sextant.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Sextant service as a child process on loopback ({@code serve --port P --data-dir D}),
 * for tests that crash or restart it and for the benchmark, which measures it over HTTP from the
 * outside.
 *
 * <p>The child runs either a jar ({@link #jar}: {@code java -jar server/target/sextant.jar}) or a
 * main class on a class path ({@link #classpath}, {@link #currentClasspath}: the tests). It runs on
 * the java binary of this JVM, inherits the environment plus what {@link Builder#env} adds, and
 * writes its output to a log file (replaced at the first launch, appended to at every restart).
 * The port stays the same across restarts.
 *
 * <p>The child's temporary files ({@code java.io.tmpdir}) go to a directory of its own beside the
 * log, which is deleted once the child is gone, however it ended: DuckDB's driver unpacks its
 * native library (about 70 MB) into the temporary directory at every start and deletes it only at a
 * normal exit, so every killed child used to leave one in {@code /tmp}.
 */
public final class ServerProcess implements AutoCloseable {

    /** The service's main class. */
    public static final String MAIN_CLASS = "io.sextant.SextantApplication";
    /** What {@link #start()} waits at most for the service to come up. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /**
     * The variable DuckDB's allocator reads its options from when its library loads, and what the
     * child gets unless this process's environment or the builder sets it: as {@code bin/sextant}
     * starts the service (the server's {@code Database.ALLOCATOR_ENV} and {@code ALLOCATOR_CONF},
     * which a test of the server holds equal to these).
     */
    public static final String ALLOCATOR_ENV = "DUCKDB_JE_MALLOC_CONF";
    public static final String ALLOCATOR_CONF = "dirty_decay_ms:10000,muzzy_decay_ms:10000";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The most of the log an exception message quotes. */
    private static final int LOG_QUOTE_CHARS = 20_000;

    /** The child's command line before its arguments: {@code -jar J} or {@code -cp C M}. */
    private final List<String> launch;
    private final Path dataDir;
    private final Path log;
    /** The child's {@code java.io.tmpdir}. */
    private final Path tmpDir;
    private final int port;
    private final String maxHeap;
    private final List<String> javaOptions;
    private final Map<String, String> env;
    private final Duration stopTimeout;
    private Process process;
    private int launches;

    private ServerProcess(Builder b) {
        if (b.dataDir == null || b.log == null) {
            throw new IllegalArgumentException("a server process needs a data directory and a log file");
        }
        this.launch = List.copyOf(b.launch);
        this.dataDir = b.dataDir.toAbsolutePath();
        this.log = b.log.toAbsolutePath();
        this.tmpDir = log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + "-tmp");
        this.port = b.port > 0 ? b.port : freePort();
        this.maxHeap = b.maxHeap;
        this.javaOptions = List.copyOf(b.javaOptions);
        this.env = Map.copyOf(b.env);
        this.stopTimeout = b.stopTimeout;
    }

    /** A server that runs a Spring Boot executable jar such as {@code server/target/sextant.jar}. */
    public static Builder jar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar.toAbsolutePath());
        }
        return new Builder(List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /** A server that runs {@code mainClass} on {@code classpath}. */
    public static Builder classpath(String classpath, String mainClass) {
        return new Builder(List.of("-cp", classpath, mainClass));
    }

    /**
     * A server that runs {@link #MAIN_CLASS} on this JVM's class path without its test classes:
     * the service a test module depends on, built from the sources under test.
     */
    public static Builder currentClasspath() {
        return classpath(applicationClasspath(), MAIN_CLASS);
    }

    /** How the child is started; {@link #build} or {@link #launch} make it. */
    public static final class Builder {
        private final List<String> launch;
        private Path dataDir;
        private Path log;
        private int port;
        private String maxHeap;
        private final List<String> javaOptions = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration stopTimeout = Duration.ofMinutes(2);

        private Builder(List<String> launch) {
            this.launch = launch;
        }

        /** The server's data directory (the server creates it when missing). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The file that receives the server's output. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** The HTTP port; without one, a free port is picked. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The child's {@code -Xmx}, such as {@code 2g}; without one, the JVM's default. */
        public Builder maxHeap(String size) {
            this.maxHeap = size;
            return this;
        }

        /** One more option of the child's JVM, such as {@code -XX:TieredStopAtLevel=1}. */
        public Builder javaOption(String option) {
            this.javaOptions.add(option);
            return this;
        }

        public Builder javaOptions(List<String> options) {
            this.javaOptions.addAll(options);
            return this;
        }

        /** DuckDB's memory limit, such as {@code 256MB} ({@code SEXTANT_MEMORY_LIMIT}). */
        public Builder memoryLimit(String limit) {
            return env("SEXTANT_MEMORY_LIMIT", limit);
        }

        /** One more environment variable of the child, such as {@code SEXTANT_EXPORT_WORKERS}. */
        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        /** How long a graceful stop may take before the process is killed (default 2 minutes). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** The server, not started yet. */
        public ServerProcess build() {
            return new ServerProcess(this);
        }

        /** The server, launched without waiting for it ({@link ServerProcess#awaitUp}). */
        public ServerProcess launch() {
            return build().launch();
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The child's temporary directory ({@code java.io.tmpdir}); it exists only while the child runs. */
    public Path tmpDir() {
        return tmpDir;
    }

    public Path log() {
        return log;
    }

    /** The child process of the latest launch; null before the first. */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the child and returns at once; fails when it is already running. */
    public ServerProcess launch() {
        if (isAlive()) {
            throw new IllegalStateException("the server is already running: " + this);
        }
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directories of " + log, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(launches == 0 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment(pb.environment());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server: " + e.getMessage(), e);
        }
        launches++;
        return this;
    }

    /**
     * Waits until {@code /actuator/health} answers UP; fails, quoting the log, when the process
     * exits first or the deadline passes (a server that does not come up in time is stopped).
     */
    public ServerProcess awaitUp(Duration deadline) {
        if (process == null) {
            throw new IllegalStateException("the server was not launched");
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " while starting; its log "
                        + log + ":\n" + output(LOG_QUOTE_CHARS));
            }
            if (healthy()) {
                return this;
            }
            if (System.nanoTime() > end) {
                stop();
                throw new IllegalStateException("the server did not come up within " + deadline + "; its log " + log + ":\n"
                        + output(LOG_QUOTE_CHARS));
            }
            sleep(50);
        }
    }

    /**
     * Launches the server, waits until it is up (at most {@link #START_TIMEOUT}) and checks that
     * its admin key can be read; returns the time that took.
     */
    public Duration start() {
        long began = System.nanoTime();
        launch().awaitUp(START_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        adminKey();
        return took;
    }

    /** Stops the server gracefully and starts it again on the same port; returns the time the start took. */
    public Duration restart() {
        stop();
        return start();
    }

    /**
     * Stops the server as an operator would (SIGTERM: graceful shutdown, DuckDB checkpoint) and
     * waits for it; kills it when that takes longer than the stop timeout.
     */
    public void stop() {
        if (!isAlive()) {
            removeTmpDir();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            removeTmpDir();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL (kill -9): no shutdown hook, no graceful anything; waits until the process is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + this, e);
        }
        removeTmpDir();
    }

    /**
     * Deletes the child's temporary directory once it is gone. Best effort: a directory that cannot
     * be deleted stays beside the log, where it harms nothing, rather than failing the stop.
     */
    private void removeTmpDir() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Directories.deleteTree(tmpDir);
        } catch (UncheckedIOException e) {
            System.err.println("could not delete the server's temporary directory " + tmpDir + ": " + e.getMessage());
        }
    }

    /** The admin key the service keeps in {@code <data-dir>/admin.key}, read now. */
    public String adminKey() {
        Path file = dataDir.resolve("admin.key");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the admin key " + file + " cannot be read", e);
        }
    }

    /**
     * The server's heap high-water mark in bytes: {@code sextant_jvm_heap_peak_bytes} of
     * {@code /actuator/prometheus}, read with the admin key (the metrics need {@code admin.metrics}).
     */
    public long heapPeakBytes() {
        return (long) gauge(prometheus(), "sextant_jvm_heap_peak_bytes");
    }

    /**
     * The commit groups the writer has committed since the server started, the events they held and
     * the writer's time on them ({@code sextant_ingest_commit_group_events} and {@code
     * sextant_ingest_commit_seconds} of {@code /actuator/prometheus}).
     */
    public CommitGroups commitGroups() {
        String metrics = prometheus(); // one scrape: the count and the sums of the same moment
        double seconds = metric(metrics, "sextant_ingest_commit_seconds_sum");
        return new CommitGroups((long) gauge(metrics, "sextant_ingest_commit_group_events_count"),
                (long) gauge(metrics, "sextant_ingest_commit_group_events_sum"), Double.isNaN(seconds) ? null : seconds);
    }

    /**
     * Commit groups, the events in them and the writer's time on them in seconds (null for a server
     * from before 2026-12-05 15:00 UTC, which did not time them); {@link #minus} gives those of an
     * interval.
     */
    public record CommitGroups(long groups, long events, Double writerSeconds) {
        public CommitGroups minus(CommitGroups before) {
            return new CommitGroups(groups - before.groups, events - before.events,
                    writerSeconds == null || before.writerSeconds == null ? null : writerSeconds - before.writerSeconds);
        }

        public double meanEvents() {
            return groups == 0 ? 0 : (double) events / groups;
        }
    }

    /**
     * The server process's resident memory high-water mark in bytes ({@code VmHWM} of
     * {@code /proc/<pid>/status}): the heap and everything outside it (DuckDB's buffers, direct
     * buffers, the JVM itself) as the operating system counts it; null where there is no such file
     * (not Linux) or the process is not running.
     */
    public Long residentPeakBytes() {
        if (process == null || !process.isAlive()) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip()) * 1024;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits, at most {@code limit}, until the server's store has no upkeep waiting for ingestion to
     * pause ({@code sextant_store_upkeep_pending} 0): a benchmark measures reads after it.
     *
     * @return how long it waited
     */
    public Duration awaitUpkeep(Duration limit) {
        long began = System.nanoTime();
        while (true) {
            double pending = gauge(prometheus(), "sextant_store_upkeep_pending");
            Duration waited = Duration.ofNanos(System.nanoTime() - began);
            if (pending == 0 || waited.compareTo(limit) >= 0) {
                return waited;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The value of the metric {@code name} (with any labels) in a scrape of {@code /actuator/prometheus}. */
    private static double gauge(String metrics, String name) {
        double value = metric(metrics, name);
        if (Double.isNaN(value)) {
            throw new IllegalStateException("/actuator/prometheus has no " + name);
        }
        return value;
    }

    /** The same, or NaN when the scrape has no such metric. */
    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private String prometheus() {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus")).timeout(Duration.ofMinutes(1))
                    .header("x-chatcaptain-key", adminKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET /actuator/prometheus failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + r.statusCode());
        }
        return r.body();
    }

    /** Everything the server wrote to its log so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output(int lastChars) {
        String all = output();
        return all.length() <= lastChars ? all : "…" + all.substring(all.length() - lastChars);
    }

    /** Stops the server gracefully ({@link #stop}). */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "server " + (process == null ? "not started" : "pid " + process.pid()) + " on port " + port + ", log " + log;
    }

    /** Makes {@code inherited}, this process's environment, the child's: the allocator's options unless set, then the builder's. */
    void environment(Map<String, String> inherited) {
        inherited.putIfAbsent(ALLOCATOR_ENV, ALLOCATOR_CONF);
        inherited.putAll(env);
    }

    /** The child's command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (maxHeap != null) {
            cmd.add("-Xmx" + maxHeap);
        }
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Djava.io.tmpdir=" + tmpDir);
        cmd.addAll(javaOptions);
        cmd.addAll(launch);
        cmd.addAll(List.of("serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        return cmd;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this, e);
        }
    }

    /**
     * This JVM's class path, unfolded from surefire's manifest-only jar, without test classes: the
     * application a test module runs on.
     */
    static String applicationClasspath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().startsWith("surefirebooter") && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest m = jar.getManifest();
                    for (String url : m.getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(p.toAbsolutePath().getParent().toUri().resolve(url)).toString());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the class path of " + p, e);
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries.stream()
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes" + File.separator)).toList());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
