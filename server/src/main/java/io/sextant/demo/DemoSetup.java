package io.sextant.demo;

import io.sextant.api.SecretFiles;
import io.sextant.auth.Grants;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code bin/sextant demo} does once the service is up: on a fresh data directory it sets
 * each demo chatbot's statistics settings (fallback intents, understood threshold), generates
 * {@link TrafficModel.Scale#demo() the demo traffic} and ingests it over HTTP, showing a progress
 * bar; on a filled one it only serves. Either way it prints the dashboard URL, the demo
 * chatbot ids and a key that can read and export them.
 *
 * <p>Two files in the data directory make a second run behave: {@value #STATE_FILE} holds the
 * seed, scale and end instant of the generated traffic and whether it was ingested completely (an
 * interrupted run is resumed: ingestion skips the events already stored), and {@value #KEY_FILE}
 * holds the reader key, readable by the owner only, since the store keeps only hashes.
 */
public final class DemoSetup {

    public static final String KEY_FILE = "demo.key";
    public static final String STATE_FILE = "demo.properties";

    private DemoSetup() {}

    /**
     * Prepares the demo on the running service and prints how to use it.
     *
     * @param baseUrl the running service, such as {@code http://localhost:8080}
     * @param dataDir its data directory
     * @param freshDatabase true when the service created its database on this start
     * @param seed seed of the traffic, used when it is generated now
     */
    public static void run(String baseUrl, Path dataDir, boolean freshDatabase, Clock clock, long seed, PrintStream out) {
        run(baseUrl, dataDir, freshDatabase, clock, seed, TrafficModel.Scale.demo(), out);
    }

    /** The same with another scale of traffic (tests use a small one). */
    static void run(String baseUrl, Path dataDir, boolean freshDatabase, Clock clock, long seed, TrafficModel.Scale scale,
            PrintStream out) {
        Path stateFile = dataDir.resolve(STATE_FILE);
        Properties state = Files.exists(stateFile) ? load(stateFile) : null;
        if (state == null && !freshDatabase) {
            out.printf("%nThis data directory holds data the demo did not generate; serving it as it is.%n"
                    + "  Dashboard:  %s/%n  Admin key:  in %s%n%n", baseUrl, dataDir.resolve("admin.key").toAbsolutePath());
            return;
        }
        if (state == null) {
            state = new Properties();
            state.setProperty("seed", Long.toString(seed));
            state.setProperty("end", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            state.setProperty("chatbots", Integer.toString(scale.chatbots()));
            state.setProperty("days", Integer.toString(scale.days()));
            state.setProperty("conversationsPerChatbot", Long.toString(scale.conversationsPerChatbot()));
            state.setProperty("complete", "false");
            store(stateFile, state);
        }
        TrafficModel model = new TrafficModel(
                new TrafficModel.Scale(Integer.parseInt(state.getProperty("chatbots")), Integer.parseInt(state.getProperty("days")),
                        Long.parseLong(state.getProperty("conversationsPerChatbot"))),
                Long.parseLong(state.getProperty("seed")), Instant.parse(state.getProperty("end")));

        TrafficLoader loader = new TrafficLoader(baseUrl, readKey(dataDir.resolve("admin.key")));
        Path keyFile = dataDir.resolve(KEY_FILE);
        String readerKey;
        if (Files.exists(keyFile)) {
            readerKey = readKey(keyFile);
        } else {
            readerKey = loader.createKey("demo dashboard", List.of(Grants.GET, Grants.EXPORT), model.chatbots()).secret();
            SecretFiles.writeOwnerOnly(keyFile, readerKey + "\n");
        }

        if (!Boolean.parseBoolean(state.getProperty("complete"))) {
            loader.applySettings(model.chatbots());
            ingest(loader, model, out);
            state.setProperty("complete", "true");
            store(stateFile, state);
        }
        printBanner(baseUrl, model.chatbots(), readerKey, keyFile, out);
    }

    private static void ingest(TrafficLoader loader, TrafficModel model, PrintStream out) {
        out.printf("%nGenerating %,d conversations of %d chatbots over %d days and ingesting them over HTTP...%n",
                model.conversations(), model.chatbots().size(), model.scale().days());
        AtomicLong events = new AtomicLong();
        EventSender.Result result;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Demo traffic")
                .setInitialMax(model.conversations())
                .setUnit(" conv.", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setMaxRenderedLength(100)
                .showSpeed()
                .build()) {
            result = loader.load(model, (conversations, n) -> {
                bar.stepBy(conversations);
                bar.setExtraMessage(String.format(" | %,d events", events.addAndGet(n)));
            });
        }
        out.printf("Ingested %,d events (%,d conversations) in %.1f s: %,.0f events/s.%s%n",
                result.events(), result.conversations(), result.elapsed().toMillis() / 1000.0, result.eventsPerSecond(),
                result.duplicates() == 0 ? "" : String.format(" %,d of them were already stored.", result.duplicates()));
    }

    private static void printBanner(String baseUrl, List<DemoChatbot> chatbots, String key, Path keyFile, PrintStream out) {
        String ids = chatbots.stream().map(DemoChatbot::id).collect(Collectors.joining(","));
        out.printf("%nSextant demo is ready.%n%n");
        out.printf("  Dashboard:  %s/#key=%s&chatbots=%s%n", baseUrl, key, ids);
        out.printf("  Chatbots:   %s%n", chatbots.stream().map(b -> b.id() + " (" + b.name() + ")").collect(Collectors.joining(", ")));
        out.printf("  API key:    %s%n", key);
        out.printf("              may read and export these chatbots; kept in %s%n", keyFile.toAbsolutePath());
        out.printf("  Try:        curl -H 'x-chatcaptain-key: %s' %s/v1/chatbots/%s/statistics/channels%n%n",
                key, baseUrl, chatbots.get(0).id());
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String required : List.of("seed", "end", "chatbots", "days", "conversationsPerChatbot", "complete")) {
            if (p.getProperty(required) == null) {
                throw new IllegalStateException(file + " lacks '" + required + "'; delete the data directory to generate the demo anew");
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Sextant demo: the generated traffic (do not edit)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key in " + file, e);
        }
    }

}
