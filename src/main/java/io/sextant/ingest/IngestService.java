package io.sextant.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.event.EventBatch;
import io.sextant.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * concurrency. A request is answered only after its group is durably committed.
 */
@Service
public class IngestService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /** What one request added: new events, and events skipped as already stored. */
    public record Result(int accepted, int duplicates) {}

    private record Pending(EventBatch batch, CompletableFuture<Result> done) {}

    private final EventStore store;
    private final int maxGroupEvents;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Counter acceptedCounter;
    private final Counter duplicateCounter;
    private final DistributionSummary groupSize;
    private volatile boolean open = true;

    public IngestService(EventStore store, SextantProperties props, MeterRegistry metrics) {
        this.store = store;
        this.maxGroupEvents = props.ingest().maxGroupEvents();
        this.acceptedCounter = Counter.builder("sextant.ingest.events").tag("outcome", "accepted").register(metrics);
        this.duplicateCounter = Counter.builder("sextant.ingest.events").tag("outcome", "duplicate").register(metrics);
        this.groupSize = DistributionSummary.builder("sextant.ingest.commit.group.events")
                .description("events committed per transaction").register(metrics);
        this.writer = Thread.ofPlatform().name("sextant-writer").unstarted(this::run);
        this.writer.start();
    }

    /** Stores the batch and returns once it is durably committed. */
    public Result ingest(EventBatch batch) {
        if (batch.events().isEmpty()) {
            return new Result(0, 0);
        }
        Pending p = new Pending(batch, new CompletableFuture<>());
        if (!open) {
            throw shuttingDown();
        }
        queue.add(p);
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("storing the batch failed", e.getCause());
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.batch().events().size();
                Pending next;
                while (events < maxGroupEvents && (next = queue.peek()) != null
                        && events + next.batch().events().size() <= maxGroupEvents) {
                    group.add(queue.poll());
                    events += next.batch().events().size();
                }
                commit(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(shuttingDown());
        }
    }

    private void commit(List<Pending> group, int events) {
        try {
            int[] accepted = store.append(group.stream().map(Pending::batch).toList());
            groupSize.record(events);
            for (int i = 0; i < group.size(); i++) {
                int total = group.get(i).batch().events().size();
                acceptedCounter.increment(accepted[i]);
                duplicateCounter.increment(total - accepted[i]);
                group.get(i).done().complete(new Result(accepted[i], total - accepted[i]));
            }
        } catch (RuntimeException e) {
            log.error("Committing {} ingestion batches failed; none of them was stored", group.size(), e);
            for (Pending p : group) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private static ApiException shuttingDown() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the service is shutting down; send the batch again later");
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
