package io.sextant.cli;

import io.sextant.SextantApplication;
import io.sextant.demo.DemoSetup;
import io.sextant.store.ChannelStore;
import io.sextant.store.DataDirectoryInUseException;
import io.sextant.store.StoreSelection;
import io.sextant.store.duckdb.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code serve}, {@code demo} and {@code admin-key}. ({@code test} lives in bin/sextant; {@code bench}
 * is the benchmark's own program in the bench module, which bin/sextant runs beside the service jar.)
 */
@Command(name = "sextant", mixinStandardHelpOptions = true, version = "sextant 0.1.0",
        description = "Self-hostable statistics service for chatbots and voicebots.",
        subcommands = {SextantCli.Serve.class, SextantCli.Demo.class, SextantCli.AdminKey.class})
public final class SextantCli implements Runnable {

    /** Exit code a command returns when it started the server and the process must keep running. */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Runs the command line; returns the exit code, or {@link #KEEP_RUNNING}. */
    public static int run(String[] args) {
        return new CommandLine(new SextantCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /** Options shared by every command that starts the server. */
    public static class ServerOptions {
        @Option(names = "--port", description = "HTTP port (default: $SEXTANT_PORT or 8080)")
        Integer port;

        @Option(names = "--data-dir", description = "data directory (default: $SEXTANT_DATA_DIR or ./data; demo: ./demo-data)")
        Path dataDir;

        /** Spring arguments for these options; they outrank every other source of settings. */
        public List<String> springArgs() {
            List<String> args = new ArrayList<>();
            if (port != null) {
                args.add("--server.port=" + port);
            }
            if (dataDir != null) {
                args.add("--sextant.data-dir=" + dataDir);
            }
            return args;
        }

        public Path dataDirOr(String fallback) {
            if (dataDir != null) {
                return dataDir;
            }
            String env = System.getenv("SEXTANT_DATA_DIR");
            return Path.of(env != null && !env.isBlank() ? env : fallback);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the service on the data directory.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ServerOptions options = new ServerOptions();

        @Override
        public Integer call() {
            return start(options.dataDirOr("./data"), options.springArgs()) == null ? 1 : KEEP_RUNNING;
        }
    }

    /** Bean and context exceptions only wrap the failure that matters. */
    private static boolean isSpringWrapper(Throwable t) {
        String pkg = t.getClass().getPackageName();
        return pkg.startsWith("org.springframework.beans") || pkg.startsWith("org.springframework.context");
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the service on generated demo traffic (generated when the data directory is empty; default ./demo-data).")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        ServerOptions options = new ServerOptions();

        @Option(names = "--seed", description = "seed of the generated traffic (default: ${DEFAULT-VALUE})")
        long seed = 1;

        @Override
        public Integer call() {
            Path dataDir = options.dataDirOr("./demo-data");
            List<String> args = new ArrayList<>(options.springArgs());
            if (options.dataDir == null) {
                args.add("--sextant.data-dir=" + dataDir);
            }
            ConfigurableApplicationContext context = start(dataDir, args);
            if (context == null) {
                return 1;
            }
            try {
                // DuckDB: the database was created on this start. Another engine (a shared cluster):
                // none of the demo's chatbots exists yet.
                Database db = context.getBeanProvider(Database.class).getIfAvailable();
                boolean fresh = db != null ? db.created() : !context.getBean(ChannelStore.class).chatbotExists("demo-shop");
                DemoSetup.run("http://localhost:" + context.getEnvironment().getProperty("local.server.port"), dataDir,
                        fresh, context.getBean(Clock.class), seed, System.out);
                return KEEP_RUNNING;
            } catch (RuntimeException e) {
                System.err.println("sextant demo: " + e.getMessage());
                context.close();
                return 1;
            }
        }
    }

    @Command(name = "admin-key", mixinStandardHelpOptions = true,
            description = {"With the service stopped, mint a new API key with every permission on every resource into"
                    + " <data-dir>/admin.key (owner only, replacing the old file): the way back in when no key can use the admin API."})
    static final class AdminKey implements Callable<Integer> {
        @Option(names = "--data-dir", description = "data directory (default: $SEXTANT_DATA_DIR or ./data)")
        Path dataDir;

        @Override
        public Integer call() {
            ServerOptions where = new ServerOptions();
            where.dataDir = dataDir;
            try {
                Path file = AdminKeyRecovery.mint(where.dataDirOr("./data"), Clock.systemUTC());
                System.out.println("sextant: a new admin API key is in " + file + "; start the service again to use it");
                return 0;
            } catch (DataDirectoryInUseException e) {
                System.err.println("sextant: " + e.getMessage());
                return 1;
            } catch (RuntimeException e) {
                System.err.println("sextant admin-key: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code sextant.store} as the service will read it: the arguments, then system properties and the environment. */
    static String store(List<String> springArgs) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(springArgs.toArray(String[]::new)));
        return env.getProperty(StoreSelection.PROPERTY, StoreSelection.DEFAULT);
    }

    /**
     * Starts the service; null when it could not start (the reason is already printed, without a
     * stack trace for the expected ones such as a data directory in use).
     */
    public static ConfigurableApplicationContext start(Path dataDir, List<String> springArgs) {
        try {
            if (StoreSelection.DEFAULT.equals(store(springArgs))) {
                Database.checkAvailable(dataDir); // another process holds the DuckDB file: say so before anything starts
            }
            return SpringApplication.run(SextantApplication.class, springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            Throwable reason = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DataDirectoryInUseException inUse) {
                    System.err.println("sextant: " + inUse.getMessage());
                    return null;
                }
                if (reason == null && !isSpringWrapper(t)) {
                    reason = t;
                }
            }
            // Spring Boot has already logged what went wrong; one line here instead of a stack
            // trace on the console.
            System.err.println("sextant: could not start: " + (reason == null ? e : reason).getMessage());
            return null;
        }
    }
}
