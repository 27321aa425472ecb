package io.sextant.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.event.EventBatch;
import io.sextant.store.EventStore;
import io.sextant.store.PartialAppendException;
import io.sextant.store.StorageFullException;
import io.sextant.store.StoreException;
import io.sextant.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Commits ingested batches in groups.
 *
 * <p>Requests hand their validated batch to one writer thread and wait. The writer takes every
 * batch that is waiting (up to {@code sextant.ingest.max-group-events} events) and stores them in
 * one transaction, then answers all of them. While one group commits, the next one gathers, so
 * concurrent clients share commits instead of queueing for one each, and throughput grows with
 * concurrency. A store may also take the batches that arrive while it writes a group into that
 * group ({@link EventStore#append(List, Supplier)}; DuckDB does, between the rounds in which it
 * settles ids and appends events), so that a commit's fixed cost is shared by more batches. A
 * request is answered only after its batch is durably committed. Each batch is all or nothing;
 * whether the batches of one group share their fate is the engine's (see
 * {@link EventStore#append}): a batch that was not stored is answered with its own failure.
 */
@Service
public class IngestService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /** What one request added: new events, and events skipped as already stored. */
    @Schema(name = "IngestResult", requiredProperties = {"accepted", "duplicates"})
    public record Result(@Schema(description = "New events stored") int accepted,
            @Schema(description = "Events skipped: their id was already stored for the chatbot, or came earlier in the batch") int duplicates) {}

    private record Pending(EventBatch batch, CompletableFuture<Result> done) {}

    private final EventStore store;
    private final int maxGroupEvents;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Counter acceptedCounter;
    private final Counter duplicateCounter;
    private final DistributionSummary groupSize;
    private final Timer commitTime;
    private final Object lifecycle = new Object();
    private volatile boolean open = true;

    public IngestService(EventStore store, SextantProperties props, MeterRegistry metrics) {
        this.store = store;
        this.maxGroupEvents = props.ingest().maxGroupEvents();
        this.acceptedCounter = Counter.builder("sextant.ingest.events").tag("outcome", "accepted").register(metrics);
        this.duplicateCounter = Counter.builder("sextant.ingest.events").tag("outcome", "duplicate").register(metrics);
        this.groupSize = DistributionSummary.builder("sextant.ingest.commit.group.events")
                .description("events committed per transaction").register(metrics);
        this.commitTime = Timer.builder("sextant.ingest.commit")
                .description("the writer's time per commit group, from taking its batches to answering them; its sum's rate is "
                        + "the share of the time the writer was busy, and near 1 ingestion is at the writer's ceiling")
                .register(metrics);
        io.micrometer.core.instrument.Gauge.builder("sextant.store.upkeep.pending", store, s -> s.upkeepPending() ? 1 : 0)
                .description("1 while the store has upkeep waiting for ingestion to pause (rollup tables to put in chatbot order), else 0")
                .register(metrics);
        this.writer = Thread.ofPlatform().name("sextant-writer").unstarted(this::run);
        this.writer.start();
    }

    /** Stores the batch and returns once it is durably committed. */
    public Result ingest(EventBatch batch) {
        if (batch.events().isEmpty()) {
            return new Result(0, 0);
        }
        Pending p = new Pending(batch, new CompletableFuture<>());
        // Checked and queued under the lock close() takes, so that nothing is queued after the
        // writer's last look at the queue: every queued batch is committed or answered.
        synchronized (lifecycle) {
            if (!open) {
                throw shuttingDown();
            }
            queue.add(p);
        }
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            if (e.getCause() instanceof StorageFullException || e.getCause() instanceof StoreUnavailableException) {
                throw (StoreException) e.getCause(); // 507 or 503, with the cause named
            }
            throw new IllegalStateException("storing the batch failed", e.getCause());
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                if (!open && queue.isEmpty()) {
                    break; // closed, and nothing can be queued any more: all is committed
                }
                idle();
                continue;
            }
            long taken = System.nanoTime();
            group.add(first);
            commit(group);
            commitTime.record(System.nanoTime() - taken, TimeUnit.NANOSECONDS);
            group.clear();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(shuttingDown());
        }
    }

    /**
     * Adds the batches waiting in the queue to the group, while the group stays within
     * {@code maxGroupEvents} ({@code events} holds the group's events).
     */
    private void gather(List<Pending> group, int[] events) {
        Pending next;
        while (events[0] < maxGroupEvents && (next = queue.peek()) != null
                && events[0] + next.batch().events().size() <= maxGroupEvents) {
            group.add(queue.poll());
            events[0] += next.batch().events().size();
        }
    }

    /** Lets the store do its upkeep while no batch waits; a failure of it must not stop ingestion. */
    private void idle() {
        try {
            store.idle();
        } catch (RuntimeException e) {
            log.warn("The store's upkeep between commits failed", e);
        }
    }

    /**
     * Commits the group (its first batch, and those waiting). The store may take more batches into
     * it while it writes: those that arrived meanwhile ({@code more} adds them to the group). Every
     * batch of the group is answered.
     */
    private void commit(List<Pending> group) {
        int[] events = {group.getFirst().batch().events().size()};
        gather(group, events);
        Supplier<List<EventBatch>> more = () -> {
            int before = group.size();
            gather(group, events);
            return group.subList(before, group.size()).stream().map(Pending::batch).toList();
        };
        try {
            int[] accepted = store.append(group.stream().map(Pending::batch).toList(), more);
            groupSize.record(events[0]);
            for (int i = 0; i < group.size(); i++) {
                stored(group.get(i), accepted[i]);
            }
        } catch (PartialAppendException e) {
            // An engine that commits per chatbot stored some batches and not others: each batch is
            // answered for itself (the stored ones 200, the others with their own failure).
            int[] accepted = e.accepted();
            log.warn("Committing {} ingestion batches: {} were not stored: {}", group.size(), e.failures().size(), e.getMessage());
            for (int i = 0; i < group.size(); i++) {
                RuntimeException failure = e.failures().get(i);
                if (failure != null) {
                    group.get(i).done().completeExceptionally(failure);
                } else {
                    stored(group.get(i), accepted[i]);
                }
            }
        } catch (StorageFullException | StoreUnavailableException e) {
            // Expected while the disk is full, and the store logged the cause: no stack trace per group.
            log.warn("Committing {} ingestion batches failed; none of them was stored: {}", group.size(), e.getMessage());
            for (Pending p : group) {
                p.done().completeExceptionally(e);
            }
        } catch (RuntimeException | Error e) {
            // An Error too: the writer must answer every waiting request and live on, or they hang.
            log.error("Committing {} ingestion batches failed; none of them was stored", group.size(), e);
            for (Pending p : group) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /** Answers a stored batch: {@code accepted} of its events were new, the others duplicates. */
    private void stored(Pending p, int accepted) {
        int total = p.batch().events().size();
        acceptedCounter.increment(accepted);
        duplicateCounter.increment(total - accepted);
        p.done().complete(new Result(accepted, total - accepted));
    }

    /** False once {@link #close()} began: new batches are refused. */
    boolean accepting() {
        return open;
    }

    /** Batches waiting for the writer (for tests and diagnostics). */
    int queuedBatches() {
        return queue.size();
    }

    private static ApiException shuttingDown() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the service is shutting down; send the batch again later");
    }

    /** Refuses new batches (503), commits every queued one, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        synchronized (lifecycle) {
            open = false;
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
        if (writer.isAlive()) {
            log.warn("The ingestion writer did not finish its last commit within 30 s");
        }
    }
}
