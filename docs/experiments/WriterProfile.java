import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Where the ingestion writer's time goes: the shares of the {@code sextant-writer} thread's samples
 * in an async-profiler profile taken with {@code threads,collapsed}, by the parts of a commit group
 * that docs/benchmark.md names. Each stack counts once, in the first part whose rule matches, in the
 * order below. A program of its own, not part of the build:
 *
 * <pre>
 * java -jar sextant-bench.jar --server-jar sextant.jar --scale 0.3 --requests 5 --time-box 1 --one-restart \
 *   --server-java-option "-agentpath:&lt;async-profiler&gt;/libasyncProfiler.so=start,event=cpu,interval=1ms,threads,file=prof-%p.collapsed,collapsed"
 * java docs/experiments/WriterProfile.java prof-&lt;pid&gt;.collapsed
 * </pre>
 */
public class WriterProfile {

    private static boolean flushing(String s) {
        return s.contains("DuckDBAppender.flush") || s.contains("DuckDBAppender.close") || s.contains("Appenders.close")
                || s.contains("createAppender");
    }

    private static final String OUTSIDE = "outside a group (waiting for work, answers, idle upkeep)";

    /** The parts, in the order their rules are tried. */
    private static final Map<String, Predicate<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("`COMMIT` (the WAL, the checkpoints)", s -> s.contains("DuckDBConnection.commit"));
        PARTS.put("compacting `event_rollups` (`DELETE … RETURNING`)", s -> s.contains("EventRollups.takeRows"));
        PARTS.put("appender flushes of `event_rollups`", s -> s.contains("EventRollups.update") && flushing(s));
        PARTS.put("folding the group into `event_rollups`' sums", s -> s.contains("EventRollups.update"));
        PARTS.put("appender flushes of the event tables", s -> s.contains("DuckDbEventStore.appendRows") && flushing(s));
        PARTS.put("the event tables' appenders, Java side (values into DuckDB's vectors)", s -> s.contains("DuckDbEventStore.appendRows"));
        PARTS.put("the conversations rollup (its statements, folds and flushes)", s -> s.contains("/Rollups.update"));
        PARTS.put("hand-over threads", s -> s.contains("InboxThreads"));
        PARTS.put("clustering", s -> s.contains("Clustering"));
        PARTS.put("fingerprints", s -> s.contains("Fingerprints"));
        PARTS.put("appender flushes of `event_ids`", s -> s.contains("DuckDbEventStore.append") && flushing(s));
        PARTS.put("`event_ids`' appender, Java side", s -> s.contains("DuckDbEventStore.append") && s.contains("DuckDBAppender"));
        PARTS.put("sorting the group", s -> s.contains("DuckDbEventStore.append") && s.contains(".sort"));
        PARTS.put("the rest of a group (its sets, other statements, kept rollup changes)", s -> s.contains("DuckDbEventStore.append"));
        PARTS.put(OUTSIDE, s -> true);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java WriterProfile.java PROFILE.collapsed");
            System.exit(2);
        }
        Map<String, Long> byPart = new LinkedHashMap<>();
        Map<String, Long> byThread = new TreeMap<>();
        long writer = 0;
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String stack = line.substring(0, space);
            long n = Long.parseLong(line.substring(space + 1).trim());
            String thread = stack.split(";", 2)[0];
            byThread.merge(thread.replaceAll(" tid=\\d+", "").replaceAll("-\\d+", "-N"), n, Long::sum);
            if (!thread.contains("sextant-writer")) {
                continue;
            }
            writer += n;
            for (var part : PARTS.entrySet()) {
                if (part.getValue().test(stack)) {
                    byPart.merge(part.getKey(), n, Long::sum);
                    break;
                }
            }
        }
        System.out.println("samples by thread (the largest):");
        byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> System.out.printf("  %9d  %s%n", e.getValue(), e.getKey()));
        long inside = writer - byPart.getOrDefault(OUTSIDE, 0L);
        System.out.printf("the writer's samples: %d, inside commit groups %d%n%n", writer, inside);
        System.out.println("| part of the writer thread's samples | of the writer | of its commit groups |");
        System.out.println("|---|---|---|");
        for (String part : PARTS.keySet()) {
            long n = byPart.getOrDefault(part, 0L);
            if (n > 0) {
                System.out.printf("| %s | %.1f %% | %s |%n", part, 100.0 * n / writer,
                        part.equals(OUTSIDE) ? "" : String.format("%.1f %%", 100.0 * n / inside));
            }
        }
    }
}
