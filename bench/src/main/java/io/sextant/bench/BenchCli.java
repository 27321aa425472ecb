package io.sextant.bench;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/sextant bench}: the benchmark's own program. It runs the service's executable jar
 * ({@code server/target/sextant.jar}, or {@code --server-jar}) as a child process and measures it
 * over HTTP on loopback. Exit code 0 when it ran (missed targets are results), 1 when it could not
 * run, 2 when a soak failed.
 */
@Command(name = "sextant bench", mixinStandardHelpOptions = true, version = "sextant bench 0.1.0",
        description = {"Benchmark a server child process over HTTP on loopback: ingestion, then report, inbox and export latencies"
                + " warm and first after a restart, against the targets; or, with --soak, a mixed load for a given time.",
                "Results: a table on the terminal and one JSON file per run under --out."})
public final class BenchCli implements Callable<Integer> {

    /** Where bin/sextant builds the service's executable jar, from the root of the checkout. */
    static final Path DEFAULT_SERVER_JAR = Path.of("server", "target", "sextant.jar");

    @Option(names = "--scale", description = "multiplies the traffic: 1 = one chatbot, 1,000,000 conversations in 30 days (default: ${DEFAULT-VALUE})")
    double scale = 1;

    @Option(names = "--soak", paramLabel = "SECONDS", description = "run the soak for this many seconds instead of the benchmark")
    Integer soakSeconds;

    @Option(names = "--requests", description = "timed warm requests of each kind (default: ${DEFAULT-VALUE})")
    int requests = 50;

    @Option(names = "--clients", description = "concurrent clients (default: 8 ingesting in the benchmark, 32 in the soak)")
    Integer clients;

    @Option(names = "--batch", description = "events per ingestion request (default: ${DEFAULT-VALUE})")
    int batchEvents = 1_000;

    @Option(names = "--seed", description = "seed of the generated traffic (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--server-heap", description = "the server's -Xmx (default: ${DEFAULT-VALUE})")
    String serverHeap = "2g";

    @Option(names = "--out", description = "directory of the results, the server log and the data directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("target", "bench");

    @Option(names = "--server-java-option", paramLabel = "OPTION",
            description = "one more option of the server's JVM, such as -XX:StartFlightRecording=filename=x.jfr (repeatable)")
    List<String> serverJavaOptions = new ArrayList<>();

    @Option(names = "--keep-data", description = "keep the data directory after the run")
    boolean keepData;

    @Option(names = "--time-box", paramLabel = "SECONDS", description = "stop the timed requests of a kind after this"
            + " many seconds, once there are at least 5 (the table shows how many were made)")
    Integer timeBoxSeconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", description = "warm each series up with untimed requests for"
            + " this long (at least 3, at most 200 of them) before its timed ones (default: ${DEFAULT-VALUE})")
    int warmUpSeconds = (int) ProbeRunner.WARM_UP.toSeconds();

    @Option(names = "--one-restart", description = "restart the server once before the first requests of all kinds,"
            + " instead of once per kind (quicker; only the first kind is then truly first)")
    boolean oneRestart;

    @Option(names = "--fleet", description = "run the fleet benchmark instead: many chatbots in one store (see --fleet-*)")
    boolean fleet;

    @Option(names = "--fleet-chatbots", description = "chatbots of the fleet, the large one included (default: ${DEFAULT-VALUE})")
    int fleetChatbots = 200;

    @Option(names = "--fleet-conversations", description = "conversations of the fleet's other chatbots together (default: ${DEFAULT-VALUE})")
    long fleetConversations = 1_500_000;

    @Option(names = "--fleet-skew", description = "the others' sizes fall off as rank^-skew (default: ${DEFAULT-VALUE})")
    double fleetSkew = 1.0;

    @Option(names = "--fleet-small-rank", description = "rank among the others of the small chatbot measured in and without the fleet (default: ${DEFAULT-VALUE})")
    int fleetSmallRank = 100;

    @Option(names = "--store", paramLabel = "ENGINE", description = "duckdb (the server's own file) or clickhouse"
            + " (a cluster of 2 shards x 2 replicas and ZooKeeper the run starts under --out and stops; needs bin/sextant-cluster"
            + " above the working directory) (default: ${DEFAULT-VALUE}; the benchmark only, not the soak)")
    String store = "duckdb";

    @Option(names = "--server-jar", paramLabel = "JAR", description = "the service's executable jar to run"
            + " (default: $SEXTANT_SERVER_JAR, which bin/sextant sets, else server/target/sextant.jar)")
    Path serverJar;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args) {
        return new CommandLine(new BenchCli()).execute(args);
    }

    @Override
    public Integer call() {
        try {
            Path jar = serverJar();
            if (soakSeconds != null) {
                if (!store.equals("duckdb")) {
                    throw new IllegalArgumentException("--soak runs on DuckDB only; --store " + store + " is for the benchmark");
                }
                Soak.Outcome outcome = new Soak(new Soak.Options(Duration.ofSeconds(soakSeconds), clients == null ? 32 : clients,
                        batchEvents, seed, out, serverHeap, serverJavaOptions, keepData, jar), System.out).run();
                return outcome.passed() ? 0 : 2;
            }
            if (fleet) {
                if (!store.equals("duckdb")) {
                    throw new IllegalArgumentException("--fleet runs on DuckDB only; --store " + store + " is for the benchmark");
                }
                new Fleet(new Fleet.Options(fleetChatbots, scale, fleetConversations, fleetSkew, fleetSmallRank, requests,
                        clients == null ? 8 : clients, batchEvents, seed, out, serverHeap, serverJavaOptions, keepData, jar,
                        Duration.ofSeconds(warmUpSeconds)), System.out).run();
                return 0;
            }
            new Benchmark(new Benchmark.Options(scale, requests, clients == null ? 8 : clients, batchEvents, seed, out,
                    serverHeap, serverJavaOptions, keepData, !oneRestart,
                    timeBoxSeconds == null ? null : Duration.ofSeconds(timeBoxSeconds), jar, Duration.ofSeconds(warmUpSeconds)),
                    store, System.out).run();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println("sextant bench: " + e.getMessage());
            return 1;
        }
    }

    /** The jar to run: --server-jar, else $SEXTANT_SERVER_JAR, else server/target/sextant.jar; it must exist. */
    Path serverJar() {
        Path jar = serverJar;
        if (jar == null) {
            String env = System.getenv("SEXTANT_SERVER_JAR");
            jar = env != null && !env.isBlank() ? Path.of(env) : DEFAULT_SERVER_JAR;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar.toAbsolutePath()
                    + "; build it (bin/sextant bench does) or name it with --server-jar");
        }
        return jar;
    }
}
