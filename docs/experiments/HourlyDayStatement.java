// Where the time of the hourly day's computed statement goes (docs/benchmark.md, "2026-12-06
// 21:00 UTC"): the statement DuckDbReportStore sends for the benchmark's "overview-hourly-day"
// (the 17 overview components, hourly, the last day, `to` a millisecond earlier at every request),
// run on a store the benchmark kept, in variants alternated request by request on one connection,
// so that the machine's changes of pace (its speed moved by half within a minute on 2026-12-06)
// fall on every variant alike. Not part of the build: it uses the server's package-private
// statements, so it is compiled against the server's classes, here those inside the jar:
//
//   mkdir -p /tmp/fat /tmp/hd && (cd /tmp/fat && unzip -q -o <sextant.jar>)
//   CP="/tmp/fat/BOOT-INF/classes:$(ls /tmp/fat/BOOT-INF/lib/*.jar | tr '\n' ':')"
//   javac -d /tmp/hd -cp "$CP" docs/experiments/HourlyDayStatement.java
//   java --enable-native-access=ALL-UNNAMED -cp "/tmp/hd:$CP" io.sextant.store.duckdb.HourlyDayStatement \
//        <data dir of a run with --keep-data>/sextant.duckdb 200 live,latest,guess,noPedge,nomat,crossOne,mergeP
//
// (copy the database file first: DuckDB opens it read-only, but a server must not hold it). The
// chatbot and the last day are the benchmark's (`demo-cityhall`, the day before the run's end,
// 2026-12-05 at the time); a third and a fourth argument change them. Variants:
//   guess     the statement with the reach's bounds as a guess (both sides of W read, checked)
//   live      the statement with bounds that hold ({@link ConversationReach#loaded}): a window
//             that ends after every message, in a store with no message before a start, reads
//             neither side
//   latest    live, and the ranges after the chatbot's latest row of each table left out, as the
//             writer's {@link LatestEvents} lets a live window do (2026-12-07)
//   noPedge   guess without the ranges that cut P's first hour (not exact: only their share)
//   nomat     guess with its CTEs not materialized
//   crossOne  guess with the crossing conversations found by one scan (first < from OR last > to)
//   mergeP    guess with each series' two event ranges read by one scan (ts in one OR the other)
package io.sextant.store.duckdb;

import io.sextant.report.Component;
import io.sextant.report.ReportKind;
import io.sextant.report.ReportService;
import io.sextant.report.TimeWindow;
import io.sextant.store.ReportQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

public class HourlyDayStatement {

    private static final Map<String, UnaryOperator<String>> ON_GUESS = Map.of(
            "noPedge", HourlyDayStatement::withoutCutsOfP,
            "nomat", s -> s.replace("AS MATERIALIZED (", "AS ("),
            "crossOne", s -> s.replaceAll("(?s)(conversations_crossing_w AS MATERIALIZED \\(\\n.*?start_ts BETWEEN :from AND :to\\n)"
                    + "\\s+AND first_message_ts < :from\\n\\s*UNION ALL\\n.*?first_message_ts IS NULL\\)\\n\\)",
                    "$1      AND (first_message_ts < :from OR last_message_ts > :to)\n)"),
            "mergeP", HourlyDayStatement::cutsOfPInOneScan);

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        List<String> variants = List.of(args[2].split(","));
        String chatbot = args.length > 3 ? args[3] : "demo-cityhall";
        Instant day = Instant.parse(args.length > 4 ? args[4] : "2026-12-05T00:00:00Z");
        long end = day.toEpochMilli() + 86_400_000L - 1;
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        props.setProperty("threads", String.valueOf(Database.THREADS));
        props.setProperty("disabled_optimizers", Database.DISABLED_OPTIMIZERS);
        List<Component> overview = ReportKind.OVERVIEW.components().stream()
                .filter(c -> c.overviewId() != null && c.overviewId() <= 16).toList();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0], props)) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(c, true));
            long[] latest = new long[LatestEvents.TABLES.length]; // as the writer's LatestEvents would hold them
            for (int t = 0; t < latest.length; t++) {
                latest[t] = jdbc.sql("SELECT coalesce(max(" + (t == 0 ? "start_ts" : "ts") + "), " + Long.MIN_VALUE + ") FROM "
                        + LatestEvents.TABLES[t] + " WHERE chatbot_id = ?").param(chatbot).query(Long.class).single();
            }
            Map<String, double[]> ms = new LinkedHashMap<>();
            variants.forEach(v -> ms.put(v, new double[n]));
            for (int i = -50; i < n; i++) { // 50 untimed first
                long to = end - 1 - (i + 50);
                TimeWindow w = TimeWindow.parse(day.toString(), Instant.ofEpochMilli(to).toString(), "3600", null);
                ReportQuery q = ReportService.query(chatbot, null, w, overview);
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + Math.max(i, 0)) % variants.size()); // each variant first as often as the others
                    DuckDbReportStore.Sql sql = switch (v) {
                        case "live" -> DuckDbReportStore.statements(q, true, new long[] {w.from(), w.to()}, true).rest();
                        case "latest" -> DuckDbReportStore.statements(q, true, new long[] {w.from(), w.to()}, true, latest).rest();
                        default -> DuckDbReportStore.statements(q, true, new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, false).rest();
                    };
                    String text = ON_GUESS.getOrDefault(v, s -> s).apply(sql.text());
                    Map<String, Object> params = new HashMap<>(sql.params());
                    params.keySet().removeIf(name -> !text.contains(":" + name));
                    long t0 = System.nanoTime();
                    jdbc.sql(text).params(params).query().listOfRows();
                    if (i >= 0) {
                        ms.get(v)[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            double[] first = sorted(ms.get(variants.get(0)));
            for (String v : variants) {
                double[] x = sorted(ms.get(v));
                System.out.printf("%-9s p50 %6.2f ms  p95 %6.2f ms  p50/%s %.3f  p95/%s %.3f%n", v, x[n / 2], x[(int) (n * 0.95)],
                        variants.get(0), x[n / 2] / first[n / 2], variants.get(0), x[(int) (n * 0.95)] / first[(int) (n * 0.95)]);
            }
        }
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    /** The series' rows of the kind {@code SELECT 'msg' … BETWEEN :msg_events_lo1 AND :msg_events_hi1}, left out. */
    private static String withoutCutsOfP(String s) {
        String[] parts = s.split("\n    UNION ALL\n");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].contains("_events_lo1") || parts[i].contains("\n)\nGROUP BY ALL")) {
                out.append("\n    UNION ALL\n").append(parts[i]);
            }
        }
        return out.toString();
    }

    /** Each series' two event ranges (W's open hour, P's cut first hour) in one scan, the sign from the range. */
    private static String cutsOfPInOneScan(String s) {
        String[][] series = {
                {"cv", "start_ts", "conversations", "chatbot_id = :chatbot AND chatbot_key = :chatbotKey AND channel_id = :rollupChannel", "start_channel"},
                {"msg", "ts", "messages", "chatbot_id = :chatbot", "direction"},
                {"ia", "ts", "interactions", "chatbot_id = :chatbot", "NULL"}};
        for (String[] x : series) {
            String code = x[0];
            String ts = x[1];
            String slot = "CASE WHEN " + ts + " < :from THEN -2 WHEN " + ts + " < :anchor THEN -1 ELSE (" + ts + " - :anchor) // :grain END";
            String head = "    SELECT '" + code + "' AS metric, " + slot + " AS slot, " + x[4] + " AS key, NULL AS num, ";
            String where = "\n    FROM " + x[2] + " WHERE " + x[3] + " AND ";
            String range0 = ts + " BETWEEN :" + code + "_events_lo0 AND :" + code + "_events_hi0";
            String range1 = ts + " BETWEEN :" + code + "_events_lo1 AND :" + code + "_events_hi1";
            String two = head + "1 AS n, 1 AS v" + where + range0 + "\n    UNION ALL\n" + head + "-1 AS n, 1 * -1 AS v" + where + range1 + "\n";
            if (!s.contains(two)) {
                throw new IllegalStateException("the statement changed: no two ranges of " + code);
            }
            String sign = "CASE WHEN " + ts + " >= :" + code + "_events_lo0 THEN 1 ELSE -1 END";
            s = s.replace(two, head + sign + " AS n, " + sign + " AS v" + where + "(" + range0 + " OR " + range1 + ")\n");
        }
        return s;
    }
}
