package io.sextant.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse cluster (ZooKeeper, 2 shards × 2 replicas) started by the project's own
 * {@code bin/sextant-cluster} in a directory of its own, for tests and the benchmark: {@link #start}
 * waits until it is ready and reads the {@code export SEXTANT_…} lines it prints, which
 * {@link #env()} gives back for a {@link ServerProcess} (or a Spring test's properties).
 *
 * <p>{@link #shared()} is one cluster for a whole test JVM, started at the first call and stopped
 * when the JVM exits; tests that share it keep apart by using chatbot ids of their own, or a
 * database of their own ({@link #envWithDatabase}).
 */
public final class ClickHouseCluster implements AutoCloseable {

    private static final Pattern EXPORT = Pattern.compile("(?m)^export (SEXTANT_[A-Z_]+)=(.*)$");
    private static ClickHouseCluster shared;
    /** The servers of a cluster, each with its directory (and pid file) in the cluster's. */
    private static final List<String> SERVERS = List.of("clickhouse-1", "clickhouse-2", "clickhouse-3", "clickhouse-4", "zookeeper");
    /** The shared cluster's directory under {@code target/}: this, then the JVM's pid. */
    private static final String SHARED_DIR_PREFIX = "clickhouse-cluster-";

    private final Path script;
    private final Path dir;
    private final Map<String, String> env;
    private final int basePort;

    private ClickHouseCluster(Path script, Path dir, int basePort, Map<String, String> env) {
        this.script = script;
        this.dir = dir;
        this.basePort = basePort;
        this.env = Map.copyOf(env);
    }

    /**
     * The cluster of this JVM: started in {@code target/clickhouse-cluster-<pid>} at the first call,
     * killed at exit. Its data is never used again, and a graceful stop waits for the idle
     * keep-alive connections this JVM still holds (17 s with ClickHouse 18.16), which made Surefire
     * kill the forked JVM 30 s after its {@code System.exit}. The directory stays after the run, with
     * the servers' logs for a failed test; the next run deletes those of JVMs that are gone, so that
     * repeated runs in one checkout keep one (about 450 MB each) instead of adding up.
     */
    public static synchronized ClickHouseCluster shared() {
        if (shared == null) {
            Path dir = Path.of("target", SHARED_DIR_PREFIX + ProcessHandle.current().pid()).toAbsolutePath();
            deleteClustersOfEndedRuns(dir.getParent());
            shared = start(dir, freeBasePort());
            ClickHouseCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::kill, "clickhouse-cluster-kill"));
        }
        return shared;
    }

    /**
     * Deletes the {@code clickhouse-cluster-<pid>} directories in {@code parent} whose JVM has ended
     * and none of whose servers runs (a JVM killed before its exit hook leaves them running: they
     * and their directory are left alone).
     */
    static void deleteClustersOfEndedRuns(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        Pattern name = Pattern.compile(Pattern.quote(SHARED_DIR_PREFIX) + "(\\d+)");
        try (var dirs = Files.list(parent)) {
            for (Path d : dirs.toList()) {
                Matcher m = name.matcher(d.getFileName().toString());
                if (m.matches() && Files.isDirectory(d) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && SERVERS.stream().noneMatch(server -> running(pidFile(d, server)))) {
                    Directories.deleteTree(d);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the clusters of earlier runs in " + parent + ": " + e.getMessage());
        }
    }

    /** Whether the process a pid file names is alive (a file that cannot be read: taken as alive). */
    private static boolean running(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return false;
        }
        try {
            return ProcessHandle.of(readPid(pidFile)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true;
        }
    }

    /** Starts (or starts again) the cluster in {@code dir} with ports from {@code basePort}. */
    public static ClickHouseCluster start(Path dir, int basePort) {
        Path script = script();
        Run r = run(script, "start", "--dir", dir.toString(), "--base-port", Integer.toString(basePort));
        if (r.exit != 0) {
            throw new IllegalStateException("bin/sextant-cluster start failed (exit " + r.exit + "):\n" + r.out);
        }
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = EXPORT.matcher(r.out);
        while (m.find()) {
            env.put(m.group(1), m.group(2).strip());
        }
        if (!env.containsKey("SEXTANT_CLICKHOUSE_URLS")) {
            throw new IllegalStateException("bin/sextant-cluster start printed no SEXTANT_CLICKHOUSE_URLS:\n" + r.out);
        }
        return new ClickHouseCluster(script, dir, basePort, env);
    }

    /** What points a Sextant node at this cluster: {@code SEXTANT_STORE}, {@code SEXTANT_CLICKHOUSE_*}. */
    public Map<String, String> env() {
        return env;
    }

    /** {@link #env()} with another database: an empty store of its own on the same cluster. */
    public Map<String, String> envWithDatabase(String database) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("SEXTANT_CLICKHOUSE_DATABASE", database);
        return e;
    }

    /** The HTTP endpoints of the nodes, in node order (node 1 and 2: shard 1; 3 and 4: shard 2). */
    public List<String> urls() {
        return List.of(env.get("SEXTANT_CLICKHOUSE_URLS").split(","));
    }

    public Path dir() {
        return dir;
    }

    public int basePort() {
        return basePort;
    }

    /** The pid of a server of the cluster: {@code zookeeper} or {@code clickhouse-N} (N = 1..4). */
    public long pid(String server) {
        try {
            return readPid(pidFile(dir, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the cluster in {@code clusterDir} keeps the pid of {@code server}. */
    private static Path pidFile(Path clusterDir, String server) {
        return clusterDir.resolve(server).resolve("pid");
    }

    private static long readPid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Starts whatever of the cluster is not running (after a test stopped a server). */
    public void restartStopped() {
        Run r = run(script, "start", "--dir", dir.toString());
        if (r.exit != 0) {
            throw new IllegalStateException("bin/sextant-cluster start failed (exit " + r.exit + "):\n" + r.out);
        }
    }

    @Override
    public void close() {
        run(script, "stop", "--dir", dir.toString());
    }

    /** Kills the cluster's servers at once (SIGKILL): for a cluster whose data is thrown away. */
    public void kill() {
        for (String server : SERVERS) {
            if (Files.exists(pidFile(dir, server))) {
                ProcessHandle.of(pid(server)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Stops whatever of a cluster in {@code dir} runs, such as one whose {@link #start} failed half-way. */
    public static void stop(Path dir) {
        run(script(), "stop", "--dir", dir.toString());
    }

    private record Run(int exit, String out) {}

    private static Run run(Path script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sextant-cluster", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("bin/sextant-cluster " + String.join(" ", args) + " did not finish in 10 minutes");
                }
                return new Run(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code bin/sextant-cluster} of this checkout: found from the working directory upwards. */
    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("bin").resolve("sextant-cluster");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("bin/sextant-cluster not found above " + Path.of("").toAbsolutePath());
    }

    /** A base port whose 45 ports from it are free now. */
    public static int freeBasePort() {
        for (int base = 21000 + (int) (ProcessHandle.current().pid() % 300) * 50; base < 60000; base += 50) {
            if (allFree(base, 45)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of 45 ports");
    }

    private static boolean allFree(int from, int count) {
        for (int port = from; port < from + count; port++) {
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
