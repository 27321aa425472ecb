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
 * order below. A second table takes every appender the writer creates and flushes, whatever the
 * part, and sorts those samples by what DuckDB does with them: in DuckDB 2.0 a flush is an
 * {@code INSERT} that it parses, binds, plans and optimises at every flush, before it moves the
 * rows. A program of its own, not part of the build:
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
        PARTS.put("`COMMIT`: a checkpoint", s -> s.contains("DuckDBConnection.commit") && s.contains("CreateCheckpoint"));
        PARTS.put("`COMMIT`: the rest (the WAL, the rows into the tables)", s -> s.contains("DuckDBConnection.commit"));
        PARTS.put("compacting `event_rollups` (`DELETE … RETURNING`)", s -> s.contains("EventRollups.takeRows"));
        PARTS.put("appender flushes of `event_rollups`", s -> s.contains("EventRollups.update") && flushing(s));
        PARTS.put("folding the group into `event_rollups`' sums", s -> s.contains("EventRollups.update"));
        // since 2026-12-07 the event tables' appenders live over a group's rounds and are closed (flushed) in append
        PARTS.put("appender flushes of the event tables",
                s -> (s.contains("DuckDbEventStore.appendRows") || s.contains("DuckDbEventStore$Appenders.close")) && flushing(s));
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

    /** What DuckDB does in an appender's creation or flush, in the order the rules are tried. */
    private static final Map<String, Predicate<String>> APPENDER_STEPS = new LinkedHashMap<>();

    static {
        APPENDER_STEPS.put("creating the appender", s -> s.contains("createAppender"));
        APPENDER_STEPS.put("parsing the flush's `INSERT`", s -> s.contains("duckdb::BaseAppender::ParseStatement"));
        APPENDER_STEPS.put("binding and planning it", s -> s.contains("duckdb::Planner::CreatePlan"));
        APPENDER_STEPS.put("optimising it", s -> s.contains("duckdb::Planner::Optimize") || s.contains("duckdb::Optimizer::Optimize"));
        APPENDER_STEPS.put("its physical plan and the rest of preparing it",
                s -> s.contains("duckdb::ClientContext::CreatePreparedStatement"));
        APPENDER_STEPS.put("executing it (moving the rows into the transaction's storage)",
                s -> s.contains("duckdb::Executor::") || s.contains("duckdb::QueryResult::CompleteInternal"));
        APPENDER_STEPS.put("the rest of the flush (the rows into DuckDB's buffers, handing them over)", s -> true);
    }

    /** Whether a sample is inside an appender's creation or flush, in any part of the group. */
    private static boolean inAppender(String s) {
        return s.contains("createAppender") || s.contains("duckdb::BaseAppender::Flush");
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java WriterProfile.java PROFILE.collapsed");
            System.exit(2);
        }
        Map<String, Long> byPart = new LinkedHashMap<>();
        Map<String, Long> byStep = new LinkedHashMap<>();
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
            if (inAppender(stack)) {
                for (var step : APPENDER_STEPS.entrySet()) {
                    if (step.getValue().test(stack)) {
                        byStep.merge(step.getKey(), n, Long::sum);
                        break;
                    }
                }
            }
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
        long appenders = byStep.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%nEvery appender's creation and flushes, in any part: %.1f %% of the writer%n%n", 100.0 * appenders / writer);
        System.out.println("| what DuckDB does | of the writer | of the appenders' samples |");
        System.out.println("|---|---|---|");
        for (String step : APPENDER_STEPS.keySet()) {
            long n = byStep.getOrDefault(step, 0L);
            System.out.printf("| %s | %.1f %% | %.1f %% |%n", step, 100.0 * n / writer, 100.0 * n / appenders);
        }
    }
}
