package io.sextant.bench;

import io.sextant.demo.TrafficEvent;
import io.sextant.demo.TrafficModel;
import io.sextant.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The floor of ingestion, as {@link Floor} is the floor of a read: how fast one thread of this
 * host stores the benchmark's events durably in DuckDB when it does nothing else. The first
 * {@code events} events of the run's traffic go, in groups of {@link #GROUP_EVENTS}, through an
 * appender into one table of the six columns every event has (chatbot, id, conversation, channel,
 * type, time), a commit after each group, with the service's checkpoint threshold; no idempotency,
 * no rollups, no HTTP.
 *
 * <p>The service's writer is one thread as well, so the two follow the host together: on this
 * machine the same jar ingested 54,200–106,469 events/s on different hours. The ingestion target
 * stays absolute, as the issue set it; this floor tells what the host gave on the hour of the run
 * (docs/benchmark.md, the append floor).
 *
 * <p>Measured after the server stopped, in {@link Floor#ROUNDS} rounds a {@link Floor#PAUSE}
 * apart, each on a fresh file after an untimed round that warms this JVM's code: the floor is the
 * fastest round. Only the appends and the commits are timed, not the making of the events.
 *
 * @param events the events of each round
 * @param groupEvents the events of each commit
 * @param eventsPerSecond the fastest round's
 * @param roundsEventsPerSecond each round's, in the order they ran
 */
record AppendFloor(long events, int groupEvents, double eventsPerSecond, List<Double> roundsEventsPerSecond) {

    /** Events of a commit: about the service's commit group under the benchmark's load (4,069–4,074 in the runs of 2026-12-06). */
    static final int GROUP_EVENTS = 4_000;

    /** Events of a round: about ten seconds of the service's ingestion. */
    static final int EVENTS = 1_000_000;

    /** Events of the untimed round before the timed ones. */
    static final int WARM_EVENTS = 300_000;

    /** The service's default {@code sextant.checkpoint-threshold}. */
    static final String CHECKPOINT_THRESHOLD = "256MB";

    static final String TABLE = "CREATE TABLE events (chatbot_id VARCHAR, event_id VARCHAR, conversation_id VARCHAR, "
            + "channel_id VARCHAR, type VARCHAR, ts BIGINT)";

    /** One event as the floor stores it. */
    record Row(String chatbotId, String eventId, String conversationId, String channelId, String type, long ts) {}

    /** The first {@code n} events of {@code model}, in the order it makes them. */
    static List<Row> firstEvents(TrafficModel model, int n) {
        List<Row> rows = new ArrayList<>(n);
        class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }
        try {
            model.generate((chatbotId, events) -> {
                for (TrafficEvent e : events) {
                    if (rows.size() == n) {
                        throw new Enough();
                    }
                    rows.add(new Row(chatbotId, e.id(), e.conversationId(), e.channelId(), e.type(), e.timestamp()));
                }
            });
        } catch (Enough stop) {
            // the model makes far more than a floor needs
        }
        return rows;
    }

    /** Measures the floor in {@code dir} (its files are deleted afterwards) over the first {@value #EVENTS} events of {@code model}. */
    static AppendFloor measure(Path dir, TrafficModel model) {
        return measure(dir, firstEvents(model, EVENTS), GROUP_EVENTS, WARM_EVENTS);
    }

    static AppendFloor measure(Path dir, List<Row> rows, int groupEvents, int warmEvents) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an append floor needs events");
        }
        try {
            Files.createDirectories(dir);
            round(dir.resolve("warm.duckdb"), rows.subList(0, Math.min(warmEvents, rows.size())), groupEvents);
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < Floor.ROUNDS; i++) {
                if (i > 0) {
                    Http.pause(Floor.PAUSE.toMillis());
                }
                Round r = round(dir.resolve("round-" + i + ".duckdb"), rows, groupEvents);
                rates.add(rows.size() / (r.nanos() / 1e9));
            }
            return new AppendFloor(rows.size(), groupEvents, Collections.max(rates), rates);
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("measuring the append floor in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            Directories.deleteTree(dir);
        }
    }

    /** A round: the time its appends and commits took, and the rows its table held afterwards. */
    record Round(long nanos, long stored) {}

    /** Stores {@code rows} in a new database {@code file}, a commit every {@code groupEvents}; the file is deleted afterwards. */
    static Round round(Path file, List<Row> rows, int groupEvents) throws SQLException {
        Properties props = new Properties();
        props.setProperty("checkpoint_threshold", CHECKPOINT_THRESHOLD);
        try (DuckDBConnection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props).unwrap(DuckDBConnection.class)) {
            try (Statement st = c.createStatement()) {
                st.execute(TABLE);
            }
            c.setAutoCommit(false);
            long nanos = 0;
            for (int from = 0; from < rows.size(); from += groupEvents) {
                List<Row> group = rows.subList(from, Math.min(rows.size(), from + groupEvents));
                long began = System.nanoTime();
                try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                    for (Row r : group) {
                        a.beginRow().append(r.chatbotId()).append(r.eventId()).append(r.conversationId()).append(r.channelId())
                                .append(r.type()).append(r.ts()).endRow();
                    }
                }
                c.commit();
                nanos += System.nanoTime() - began;
            }
            long stored;
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                stored = rs.getLong(1);
            }
            c.rollback();
            if (stored != rows.size()) {
                throw new IllegalStateException("the append floor stored " + stored + " of " + rows.size() + " events");
            }
            return new Round(nanos, stored);
        } finally {
            Directories.deleteTree(file);
            Directories.deleteTree(file.resolveSibling(file.getFileName() + ".wal"));
        }
    }

    /** What the service's ingestion made of this floor: its events per second over the floor's. */
    double share(double ingestionEventsPerSecond) {
        return ingestionEventsPerSecond / eventsPerSecond;
    }

    /** As the results have it, with the share of the run's ingestion. */
    BenchmarkResults.AppendFloorResult result(double ingestionEventsPerSecond) {
        return new BenchmarkResults.AppendFloorResult(TABLE, events, groupEvents, Math.round(eventsPerSecond),
                roundsEventsPerSecond.stream().map(Math::round).toList(), Math.round(share(ingestionEventsPerSecond) * 1000) / 1000.0);
    }

    /** The rounds' rates, as printed: {@code 612,000, 598,431 and 640,112 events/s}. */
    String rounds() {
        List<String> each = roundsEventsPerSecond.stream().map(r -> String.format("%,.0f", r)).toList();
        return each.size() == 1 ? each.getFirst() + " events/s"
                : String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.getLast() + " events/s";
    }
}
