package io.sextant.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.channel.ChannelService;
import io.sextant.store.Channel;
import io.sextant.store.ChannelStore;
import io.sextant.store.ExportDataStore;
import io.sextant.store.ExportDataStore.Days;
import io.sextant.store.ExportJobStore;
import io.sextant.store.ExportKind;
import io.sextant.store.ExportStatus;
import io.sextant.store.Segment;
import io.sextant.store.duckdb.LocalExportFiles;
import io.sextant.support.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.store.ChangeLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job runner with in-memory stores: failures, the partial file, and what a restart picks up. */
class ExportServiceTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock();
    private final MemoryJobs jobs = new MemoryJobs();
    private ExportService service;

    @AfterEach
    void close() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aFailingQueryMarksTheJobFailedAndLeavesNoFile() throws Exception {
        ExportDataStore failing = new RowsThenFailure();
        service = new ExportService(jobs, failing, keptDays(), files(), channels(), new ExportLinks(files()), clock, props());
        ExportJobStore.Job job = service.create("bot-1", "2025-01-01T00:00:00Z", "2025-01-02T23:59:59.999Z", null, null, List.of());
        ExportJobStore.Job done = awaitFinished(job.id());
        assertThat(done.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(done.error()).isEqualTo("the export could not be computed; see the server log");
        assertThat(service.visibleStatus(done)).isEqualTo(ExportStatus.FAILED);
        try (var files = Files.list(dataDir.resolve("exports"))) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> service.find("bot-2", job.id())).isInstanceOf(ApiException.class).hasMessageContaining("unknown export");
    }

    @Test
    void unfinishedJobsOfAPreviousProcessRunAgainAndPartialFilesAreDiscarded() throws Exception {
        Files.createDirectories(dataDir.resolve("exports"));
        Files.writeString(dataDir.resolve("exports/left-over.csv.part"), "half a file");
        long created = clock.millis();
        jobs.insert(new ExportJobStore.Job("j-running", "bot-1", ExportKind.DAILY, 0, 86_400_000L - 1, null, ExportStatus.RUNNING, 0.4, created, null, null, null, 1, List.of()));
        jobs.insert(new ExportJobStore.Job("j-pending", "bot-1", ExportKind.CONVERSATIONS, 0, 86_400_000L - 1, null, ExportStatus.PENDING, 0, created + 1, null, null, null, 0, List.of()));
        jobs.insert(new ExportJobStore.Job("j-failed", "bot-1", ExportKind.DAILY, 0, 1, null, ExportStatus.FAILED, 0, created + 2, null, null, "boom", 1, List.of()));
        jobs.insert(new ExportJobStore.Job("j-crashing", "bot-1", ExportKind.DAILY, 0, 1, null, ExportStatus.RUNNING, 0, created + 3, null, null, null, 3, List.of()));
        service = new ExportService(jobs, new EmptyData(), keptDays(), files(), channels(), new ExportLinks(files()), clock, props());
        assertThat(dataDir.resolve("exports/left-over.csv.part")).doesNotExist();
        service.resumeUnfinished();
        assertThat(awaitFinished("j-running").status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(awaitFinished("j-pending").status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(jobs.find("j-failed").orElseThrow().status()).isEqualTo(ExportStatus.FAILED);
        ExportJobStore.Job crashing = awaitFinished("j-crashing");
        assertThat(crashing.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(crashing.error()).contains("interrupted 3 times");
        assertThat(jobs.find("j-running").orElseThrow().attempts()).isEqualTo(2);
        assertThat(Files.readString(files().file("j-running"))).startsWith("bucketStart,bucketEnd,channelId");
        assertThat(Files.readString(files().file("j-pending"))).startsWith("conversationId,channelId");
        ExportJobStore.Job done = jobs.find("j-running").orElseThrow();
        assertThat(done.expiresAt() - done.completedAt()).isEqualTo(Duration.ofHours(24).toMillis());
    }

    @Test
    void theStatusOfAJobRunningHereComesFromMemoryWithTheProgressOfEveryRow() throws Exception {
        HalfThenWait data = new HalfThenWait();
        service = new ExportService(jobs, data, keptDays(), files(), channels(), new ExportLinks(files()), clock, props());
        ExportJobStore.Job job = service.create("bot-1", "2025-01-01T00:00:00Z", "2025-01-02T23:59:59.999Z", null, null, List.of());
        assertThat(data.halfWritten.await(10, TimeUnit.SECONDS)).isTrue();
        int readsBefore = jobs.reads.get();
        ExportJobStore.Job seen = service.find("bot-1", job.id());
        assertThat(seen.status()).isEqualTo(ExportStatus.RUNNING);
        assertThat(seen.progress()).isEqualTo(0.5); // one of two days; the store is written every half second only
        assertThat(seen.attempts()).isEqualTo(1);
        assertThat(jobs.find(job.id()).orElseThrow().progress()).isZero();
        assertThat(jobs.reads.get() - readsBefore).isEqualTo(1); // the line above, not the status
        assertThatThrownBy(() -> service.find("bot-2", job.id())).isInstanceOf(ApiException.class).hasMessageContaining("unknown export");

        data.release.countDown();
        assertThat(awaitFinished(job.id()).status()).isEqualTo(ExportStatus.COMPLETED);
        ExportJobStore.Job done = service.find("bot-1", job.id()); // from the store again
        assertThat(done.status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.expiresAt()).isNotNull();
    }

    private ExportJobStore.Job awaitFinished(String id) throws InterruptedException {
        for (int i = 0; i < 2400; i++) {
            ExportJobStore.Job j = jobs.find(id).orElseThrow();
            if (j.status() != ExportStatus.PENDING && j.status() != ExportStatus.RUNNING) {
                return j;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("job " + id + " did not finish within a minute");
    }

    private LocalExportFiles files() {
        return new LocalExportFiles(dataDir);
    }

    private KeptDays keptDays() {
        return new KeptDays(new ChangeLog(), props(), new SimpleMeterRegistry());
    }

    private SextantProperties props() {
        return new SextantProperties(dataDir, "", "", "", 1, "", new SextantProperties.Ingest(10_000, 10_485_760, 200_000),
                new SextantProperties.Report(1024, 1_000_000, 1_000_000), new SextantProperties.Inbox(1024), new SextantProperties.Export(1, Duration.ofHours(24), Duration.ofMinutes(1), 100_000));
    }

    private ChannelService channels() {
        Channel web = new Channel("bot-1", "web-1", "web-1", "unknown", null, null, 0, 0);
        return new ChannelService(new ChannelStore() {
            @Override
            public boolean chatbotExists(String chatbotId) {
                return chatbotId.startsWith("bot-");
            }

            @Override
            public Optional<Channel> find(String chatbotId, String channelId) {
                return Optional.of(web);
            }

            @Override
            public List<Channel> list(String chatbotId) {
                return List.of(web);
            }

            @Override
            public Channel put(ChannelStore.Metadata channel, long now) {
                throw new UnsupportedOperationException();
            }
        }, clock);
    }

    /** Streams a row, then fails as a broken query would. */
    private static final class RowsThenFailure extends EmptyData {
        @Override
        public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
            sink.accept(new DailyRow(0, 1, "web-1", "web-1", "unknown", 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0, null, 0, 0));
            throw new IllegalStateException("the database went away");
        }
    }

    /** Streams the first of two days, then waits to be released before the second. */
    private static final class HalfThenWait extends EmptyData {
        final CountDownLatch halfWritten = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {
            sink.accept(new DailyRow(0, 1, "web-1", "web-1", "unknown", 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0, null, 0, 0));
            halfWritten.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sink.accept(new DailyRow(86_400_000L, 1, "web-1", "web-1", "unknown", 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0, null, 0, 0));
        }
    }

    private static class EmptyData implements ExportDataStore {
        @Override
        public long channelCount(String chatbotId) {
            return 1;
        }

        @Override
        public void daily(String chatbotId, Days days, Segment segment, Consumer<DailyRow> sink) {}

        @Override
        public long conversationCount(String chatbotId, long from, long to, Segment segment) {
            return 0;
        }

        @Override
        public void conversations(String chatbotId, long from, long to, Segment segment, Consumer<ConversationRow> sink) {}
    }

    /** The job store in memory, with the same transitions as the DuckDB one. */
    private static final class MemoryJobs implements ExportJobStore {
        private final Map<String, Job> jobs = new ConcurrentHashMap<>();
        /** How often a job was read. */
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void insert(Job job) {
            jobs.put(job.id(), job);
        }

        @Override
        public Optional<Job> find(String id) {
            reads.incrementAndGet();
            return Optional.ofNullable(jobs.get(id));
        }

        @Override
        public List<Job> unfinished() {
            List<Job> out = new ArrayList<>(jobs.values().stream()
                    .filter(j -> j.status() == ExportStatus.PENDING || j.status() == ExportStatus.RUNNING).toList());
            out.sort(Comparator.comparingLong(Job::createdAt).thenComparing(Job::id));
            return out;
        }

        @Override
        public void markRunning(String id) {
            update(id, Job::running);
        }

        @Override
        public void progress(String id, double progress) {
            update(id, j -> j.withProgress(progress));
        }

        @Override
        public void markCompleted(String id, long completedAt, long expiresAt) {
            update(id, j -> with(j, ExportStatus.COMPLETED, 1, completedAt, expiresAt, null));
        }

        @Override
        public void markFailed(String id, String error) {
            update(id, j -> with(j, ExportStatus.FAILED, j.progress(), null, null, error));
        }

        @Override
        public List<Job> expiredBefore(long now) {
            return jobs.values().stream().filter(j -> j.status() == ExportStatus.COMPLETED && j.expiresAt() < now).toList();
        }

        @Override
        public void markExpired(String id) {
            update(id, j -> with(j, ExportStatus.EXPIRED, j.progress(), j.completedAt(), j.expiresAt(), j.error()));
        }

        private void update(String id, java.util.function.UnaryOperator<Job> f) {
            jobs.computeIfPresent(id, (k, j) -> f.apply(j));
        }

        private static Job with(Job j, ExportStatus status, double progress, Long completedAt, Long expiresAt, String error) {
            return new Job(j.id(), j.chatbotId(), j.kind(), j.from(), j.to(), j.timezone(), status, progress, j.createdAt(),
                    completedAt, expiresAt, error, j.attempts(), j.filters());
        }
    }
}
