package io.sextant.store.duckdb;

import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;
import io.sextant.store.ExportDataStore;
import io.sextant.store.InboxStore;
import io.sextant.store.ReportStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DuckDB's stores opened offline on a directory, for tests of other packages that compare another
 * engine's answers with DuckDB's (the reference implementation) over the same events.
 */
public final class DuckDbStoresForTests implements AutoCloseable {

    private final Database db;
    private final DuckDbEventStore events;

    public DuckDbStoresForTests(Path dir) {
        this.db = Database.open(dir, "512MB");
        this.events = new DuckDbEventStore(db, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC), new ChangeLog());
    }

    /** Appends one batch; returns the number of events accepted (not duplicates). */
    public int append(String chatbotId, List<Event> batch) {
        return events.append(List.of(new EventBatch(chatbotId, batch)))[0];
    }

    public void putChannel(ChannelStore.Metadata channel, long now) {
        events.putChannel(channel, now);
    }

    public ReportStore reports() {
        return new DuckDbReportStore(db.readDataSource(), db.conversationReach(), db.latestEvents(), db.rollupChanges(), 1_000_000);
    }

    public InboxStore inbox() {
        return new DuckDbInboxStore(JdbcClient.create(db.readDataSource()));
    }

    public ExportDataStore exports() {
        return new DuckDbExportDataStore(db.readDataSource());
    }

    @Override
    public void close() {
        events.close();
        db.close();
    }
}
