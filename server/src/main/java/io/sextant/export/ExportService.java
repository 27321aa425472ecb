package io.sextant.export;

import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.channel.ChannelService;
import io.sextant.report.TimeWindow;
import io.sextant.segment.SegmentParser;
import io.sextant.store.ExportDataStore;
import io.sextant.store.ExportFileStore;
import io.sextant.store.ExportJobStore;
import io.sextant.store.ExportJobStore.Job;
import io.sextant.store.ExportKind;
import io.sextant.store.ExportStatus;
import io.sextant.store.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Export jobs (SPEC §6): created by a request, kept in the store, run by a bounded pool of
 * {@code sextant.export.workers} threads, written to a local part file and published whole to the
 * {@link ExportFileStore} when complete (DuckDB: {@code <data-dir>/exports/<id>.csv}; ClickHouse: a
 * table on every node, so any node serves the download).
 *
 * <p>A job runs only while this process holds its {@link ExportJobStore#claim claim}, so of several
 * API nodes one runs it. A job that was pending or running when its process stopped (crash, kill,
 * shutdown) is run again from the start: by the next process once it is ready, and by any node
 * whose periodic sweep (every {@code sextant.export.cleanup-interval}) finds it unclaimed; its
 * partial file is discarded. A job whose
 * run was interrupted {@value #MAX_ATTEMPTS} times fails instead, so that an export that brings the
 * process down cannot do so at every start. A completed
 * job's link and file live {@code sextant.export.link-ttl}; a cleanup every
 * {@code sextant.export.cleanup-interval} deletes expired files and marks their jobs expired. When
 * events of a chatbot are removed for good (erasure, retention), its exports that may hold them are
 * withdrawn ({@link #withdraw}).
 */
@Service
public class ExportService implements AutoCloseable {

    /** At most this many daily buckets per export. */
    static final int MAX_DAYS = 366;
    /** Runs a job may start; one the service stopped during this often is failed rather than run again. */
    static final int MAX_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(ExportService.class);
    /** Progress is written to the store at most this often; rows in between only count. */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** A completed export ready to be sent. */
    record Download(Resource file, String fileName) {}

    private final ExportJobStore jobs;
    private final ExportDataStore data;
    private final KeptDays keptDays;
    private final ChannelService channels;
    private final ExportLinks links;
    private final Clock clock;
    private final ExportFileStore files;
    /** Jobs queued or running in this process: never queued twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /**
     * The jobs this process runs now (claimed and marked running), with their progress as of the
     * last row: a client that polls their status is answered from here, without a read of the
     * store, and sees the progress of every row rather than of the last write to the store.
     */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Per chatbot, how often {@link #withdraw} ran; also the lock a job's completion and a withdrawal take. */
    private final Map<String, Long> withdrawals = new HashMap<>();
    private final Duration linkTtl;
    private final ExecutorService workers;
    private final ScheduledExecutorService cleaner;
    private volatile boolean stopping;

    ExportService(ExportJobStore jobs, ExportDataStore data, KeptDays keptDays, ExportFileStore files, ChannelService channels,
            ExportLinks links, Clock clock, SextantProperties props) {
        this.jobs = jobs;
        this.data = data;
        this.keptDays = keptDays;
        this.channels = channels;
        this.links = links;
        this.clock = clock;
        this.files = files;
        this.linkTtl = props.export().linkTtl();
        int workerCount = props.export().workers();
        if (workerCount < 1) {
            throw new IllegalArgumentException("sextant.export.workers must be at least 1, not " + workerCount);
        }
        this.workers = Executors.newFixedThreadPool(workerCount, Thread.ofPlatform().name("sextant-export-", 1).daemon(true).factory());
        this.cleaner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sextant-export-cleanup").daemon(true).factory());
        long every = props.export().cleanupInterval().toMillis();
        cleaner.scheduleWithFixedDelay(this::cleanupQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs again every job that a previous process left pending or running (and no process runs now). */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (Job job : jobs.unfinished()) {
            if (!queued.contains(job.id())) {
                log.info("Resuming export {} ({}) left {}", job.id(), job.kind().wireName(), job.status().wireName());
                submit(job.id());
            }
        }
    }

    /**
     * Creates and queues an export; 404 for an unknown chatbot, 400 naming a bad parameter or filter.
     *
     * @param filters the segment's filters (null or empty: every conversation); the job keeps them
     *     as validated, so a run after a restart exports the same segment
     */
    public Job create(String chatbotId, String from, String to, String timezone, String kind, List<String> filters) {
        channels.requireChatbot(chatbotId);
        ExportKind k = kind(kind);
        TimeWindow window = TimeWindow.parse(from, to, "86400", timezone, MAX_DAYS);
        Segment segment = SegmentParser.parse(filters);
        Job job = new Job(UUID.randomUUID().toString(), chatbotId, k, window.from(), window.to(),
                window.zone().map(ZoneId::getId).orElse(null), ExportStatus.PENDING, 0, clock.millis(), null, null, null, 0,
                segment.filters());
        jobs.insert(job);
        submit(job.id());
        return job;
    }

    /** The kind of a request; absent means daily; anything else is a 400 naming the value. */
    static ExportKind kind(String raw) {
        if (raw == null) {
            return ExportKind.DAILY;
        }
        return ExportKind.fromWireName(raw.strip())
                .orElseThrow(() -> ApiException.badRequest("kind '" + raw + "' is invalid; expected daily or conversations"));
    }

    /** The job of this chatbot; 404 for an unknown chatbot, an unknown id or another chatbot's id. */
    public Job find(String chatbotId, String exportId) {
        channels.requireChatbot(chatbotId);
        Running here = running.get(exportId);
        return (here != null ? Optional.of(here.now()) : jobs.find(exportId)).filter(j -> j.chatbotId().equals(chatbotId))
                .orElseThrow(() -> ApiException.notFound("unknown export '" + exportId + "' of chatbot '" + chatbotId + "'"));
    }

    /** The status a caller sees: a completed job whose link has expired is {@code expired}, even before the cleanup ran. */
    public ExportStatus visibleStatus(Job job) {
        if (job.status() == ExportStatus.COMPLETED && job.expiresAt() != null && clock.millis() > job.expiresAt()) {
            return ExportStatus.EXPIRED;
        }
        return job.status();
    }

    /** The signed download link of a completed job, under {@code base}. */
    public String downloadUrl(String base, Job job) {
        return links.url(base, job.id(), job.expiresAt());
    }

    /**
     * Checks a download link; 403 when the signature does not match or the link expired, 404 when
     * the export is gone from the store.
     */
    public Download download(String exportId, String expires, String signature) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            throw forbidden("download link is invalid: parameter 'expires' is missing or not a number");
        }
        if (signature == null || !links.verify(exportId, expiresAt, signature)) {
            throw forbidden("download link is invalid: its signature does not match");
        }
        if (clock.millis() > expiresAt) {
            throw forbidden("download link expired at " + Instant.ofEpochMilli(expiresAt));
        }
        Job job = jobs.find(exportId).orElseThrow(() -> ApiException.notFound("unknown export '" + exportId + "'"));
        Optional<Resource> file = Optional.empty();
        if (job.status() == ExportStatus.COMPLETED) {
            try {
                file = files.open(job.id());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the file of export " + exportId, e);
            }
        }
        if (file.isEmpty()) {
            throw forbidden("export '" + exportId + "' has expired");
        }
        return new Download(file.get(), fileName(job));
    }

    /**
     * Withdraws the chatbot's exports that may hold events just removed for good (an erasure, or
     * the retention's drop of the events before {@code before}): the file of every completed export
     * of the chatbot whose window starts before {@code before} is deleted and its job marked expired
     * (its link then answers 403), and an export of the chatbot running in this process when this is
     * called computes its file again from the start before it completes. Returns how many completed
     * exports were withdrawn.
     */
    public int withdraw(String chatbotId, long before) {
        int n = 0;
        synchronized (withdrawals) {
            withdrawals.merge(chatbotId, 1L, Long::sum);
            for (Job job : jobs.expiredBefore(Long.MAX_VALUE)) { // every completed job: links that expire at all
                if (!job.chatbotId().equals(chatbotId) || job.from() >= before) {
                    continue;
                }
                try {
                    files.delete(job.id());
                } catch (IOException | RuntimeException e) {
                    log.warn("Cannot delete the file of export {} withdrawn after an erasure: {}", job.id(), e.getMessage());
                    continue;
                }
                jobs.markExpired(job.id());
                n++;
            }
        }
        if (n > 0) {
            log.info("Withdrew {} export(s) of chatbot {} that may hold removed events", n, chatbotId);
        }
        return n;
    }

    /** How often the chatbot's exports were withdrawn in this process (a running job that sees it change computes again). */
    private long withdrawals(String chatbotId) {
        synchronized (withdrawals) {
            return withdrawals.getOrDefault(chatbotId, 0L);
        }
    }

    /** Deletes the files of expired links and marks their jobs expired; returns how many. */
    public int cleanupExpired() {
        int n = 0;
        for (Job job : jobs.expiredBefore(clock.millis())) {
            try {
                files.delete(job.id());
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot delete the expired file of export {}: {}", job.id(), e.getMessage());
                continue;
            }
            jobs.markExpired(job.id());
            n++;
        }
        return n;
    }

    private void cleanupQuietly() {
        try {
            resumeUnfinished(); // jobs whose node died: run them here, unless another node claimed them
        } catch (RuntimeException e) {
            log.warn("Looking for unfinished exports failed: {}", e.getMessage());
        }
        try {
            int n = cleanupExpired();
            if (n > 0) {
                log.info("Deleted {} expired export file(s)", n);
            }
        } catch (RuntimeException e) {
            log.warn("Export cleanup failed: {}", e.getMessage());
        }
    }

    private void submit(String id) {
        if (!queued.add(id)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    runClaimed(id);
                } finally {
                    queued.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the job stays pending and runs after the next start.
            queued.remove(id);
        }
    }

    /** Runs the job if no other process runs it. */
    private void runClaimed(String id) {
        Optional<ExportJobStore.Claim> claim;
        try {
            claim = jobs.claim(id);
        } catch (RuntimeException e) {
            log.warn("Export {} cannot be claimed now ({}); it runs at a later sweep", id, e.getMessage());
            return;
        }
        if (claim.isEmpty()) {
            return; // another node runs it
        }
        try (ExportJobStore.Claim held = claim.get()) {
            run(id);
        }
    }

    private void run(String id) {
        Optional<Job> found = jobs.find(id);
        if (found.isEmpty() || !found.get().status().unfinished()) {
            return;
        }
        Job job = found.get();
        if (job.attempts() >= MAX_ATTEMPTS) {
            log.error("Export {} was interrupted {} times; it is not tried again", id, job.attempts());
            jobs.markFailed(id, "the export was interrupted " + job.attempts() + " times (the service stopped while it ran); "
                    + "it is not tried again");
            return;
        }
        jobs.markRunning(id);
        Running here = new Running(job);
        running.put(id, here);
        Path part = null;
        try {
            Segment segment = SegmentParser.parse(job.filters()); // as validated at creation
            while (true) {
                long withdrawn = withdrawals(job.chatbotId());
                part = files.newPart(id);
                var progress = new ProgressWriter(here);
                if (job.kind() == ExportKind.DAILY) {
                    TimeWindow window = TimeWindow.of(job.from(), job.to(), TimeWindow.Interval.DAY,
                            Optional.ofNullable(job.timezone()).map(ZoneId::of), MAX_DAYS);
                    ExportFiles.writeDaily(data, keptDays, job.chatbotId(), window, segment, data.channelCount(job.chatbotId()), part,
                            progress::report);
                } else {
                    long total = data.conversationCount(job.chatbotId(), job.from(), job.to(), segment);
                    ExportFiles.writeConversations(data, job.chatbotId(), job.from(), job.to(), segment, total, part, progress::report);
                }
                synchronized (withdrawals) { // a withdrawal sees this job completed, or this job sees the withdrawal
                    if (withdrawals(job.chatbotId()) == withdrawn) {
                        files.publish(id, part);
                        long now = clock.millis();
                        jobs.markCompleted(id, now, now + linkTtl.toMillis());
                        break;
                    }
                }
                log.info("Export {} computes its file again: events of its chatbot were removed while it ran", id);
                deleteQuietly(part);
            }
        } catch (Exception e) {
            deleteQuietly(part);
            if (stopping) {
                log.info("Export {} was interrupted by the shutdown; it runs again after the next start", id);
                return;
            }
            log.error("Export {} failed", id, e);
            jobs.markFailed(id, e instanceof IOException
                    ? "the export file could not be written: " + e.getMessage()
                    : "the export could not be computed; see the server log");
        } finally {
            running.remove(id); // after the store holds the outcome: until then a poll sees it running
        }
    }

    /** A job this process runs, as the store marked it running ({@link ExportJobStore#markRunning}), and its progress. */
    private static final class Running {
        private final Job job;
        private volatile double progress;

        /** @param job the job as read before the store marked it running */
        Running(Job job) {
            this.job = job.running();
        }

        /** The job as the store would hold it if every row's progress were written. */
        Job now() {
            return job.withProgress(progress);
        }
    }

    /**
     * Keeps the progress of every row for the status in memory, and writes it to the store (for
     * the other processes of a cluster, and after a restart) every half second at most; never the
     * final 1 (completion does).
     */
    private final class ProgressWriter {
        private final Running job;
        private long last = System.nanoTime();

        /** A new pass over the job's rows (one more after a withdrawal) starts at 0. */
        ProgressWriter(Running job) {
            this.job = job;
            job.progress = 0;
        }

        void report(double fraction) {
            double progress = Math.min(0.99, Math.floor(fraction * 10_000) / 10_000);
            job.progress = progress;
            long now = System.nanoTime();
            if (now - last >= PROGRESS_EVERY_NANOS) {
                last = now;
                jobs.progress(job.job.id(), progress);
            }
        }
    }

    /** {@code sextant-<chatbot>-<kind>-<first day>-<last day>.csv}, days in the export's zone (UTC without one). */
    static String fileName(Job job) {
        ZoneId zone = job.timezone() == null ? ZoneOffset.UTC : ZoneId.of(job.timezone());
        LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(job.from()), zone);
        LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(job.to()), zone);
        String chatbot = job.chatbotId().replaceAll("[^A-Za-z0-9._-]", "_");
        return "sextant-" + chatbot + "-" + job.kind().wireName() + "-" + first + "-" + last + ".csv";
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", p, e.getMessage());
        }
    }

    private static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message);
    }

    /** Stops the workers; a job they were running stays running in the store and runs again after the next start. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        cleaner.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
