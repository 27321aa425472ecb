package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.EventBatch;
import io.sextant.store.EventStore;
import io.sextant.store.PartialAppendException;
import io.sextant.store.StorageFullException;
import io.sextant.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;

/** The group-commit writer on a stand-in store: answers, failures and shutdown draining. */
class IngestServiceTest {

    /** Every wait is bounded, so a writer that hangs fails the test instead of the build. */
    private static final long GUARD_SECONDS = 30;

    private final List<List<EventBatch>> committed = new CopyOnWriteArrayList<>();
    private IngestService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    private static SextantProperties props() {
        return props(Map.of());
    }

    private static SextantProperties props(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("sextant", SextantProperties.class);
    }

    private IngestService start(EventStore store) {
        service = new IngestService(store, props(), new SimpleMeterRegistry());
        return service;
    }

    /** A store that accepts every event of every batch and remembers each group. */
    private int[] acceptAll(List<EventBatch> batches) {
        committed.add(List.copyOf(batches));
        return batches.stream().mapToInt(b -> b.events().size()).toArray();
    }

    private static EventBatch batch(String bot, int events) {
        List<Event> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            list.add(new Event.Message(bot + "-" + i, 0L, "web", "c", Direction.USER, 1, null));
        }
        return new EventBatch(bot, list);
    }

    private CompletableFuture<Object> submit(EventBatch b) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return service.ingest(b);
            } catch (RuntimeException e) {
                return e;
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private void awaitQueued(int n) throws InterruptedException {
        while (service.queuedBatches() < n) {
            Thread.sleep(5);
        }
    }

    @Test
    void answersEachRequestWithItsOwnCounts() throws Exception {
        start(batches -> {
            committed.add(List.copyOf(batches));
            // the store says: the first event of every batch was new, the rest were duplicates
            return batches.stream().mapToInt(b -> 1).toArray();
        });
        List<CompletableFuture<Object>> answers = IntStream.rangeClosed(1, 20).mapToObj(i -> submit(batch("bot" + i, i))).toList();
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(1, i));
        }
        assertThat(committed.stream().mapToInt(List::size).sum()).isEqualTo(20);
    }

    @Test
    void aFullDiskOrAFailedStoreReachesTheCallerAsItIsForItsOwnStatus() {
        List<RuntimeException> failures = new ArrayList<>(List.of(
                new StorageFullException("the data directory's disk is full", null),
                new StoreUnavailableException("the store is unavailable", null)));
        start(batches -> {
            if (!failures.isEmpty()) {
                throw failures.removeFirst();
            }
            return acceptAll(batches);
        });
        assertThatThrownBy(() -> service.ingest(batch("a", 1))).isInstanceOf(StorageFullException.class);
        assertThatThrownBy(() -> service.ingest(batch("b", 1))).isInstanceOf(StoreUnavailableException.class);
        assertThat(service.ingest(batch("c", 2))).isEqualTo(new IngestService.Result(2, 0));
    }

    @Test
    void aGroupThatWasStoredInPartAnswersEachBatchForItself() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StoreUnavailableException shardDown = new StoreUnavailableException("the shard of chatbot down is unavailable", null);
        start(batches -> {
            inStore.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            committed.add(List.copyOf(batches));
            if (batches.size() == 1) {
                return acceptAll(batches);
            }
            // an engine that commits per chatbot: the batches of "down" were not stored, the others were
            int[] accepted = new int[batches.size()];
            Map<Integer, RuntimeException> failures = new java.util.HashMap<>();
            for (int i = 0; i < batches.size(); i++) {
                if (batches.get(i).chatbotId().equals("down")) {
                    failures.put(i, shardDown);
                } else {
                    accepted[i] = batches.get(i).events().size() - 1; // one duplicate each
                }
            }
            throw new PartialAppendException(accepted, failures);
        });
        CompletableFuture<Object> first = submit(batch("first", 1));
        assertThat(inStore.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        // while the writer is busy these three gather into one group
        CompletableFuture<Object> up = submit(batch("up", 3));
        CompletableFuture<Object> down = submit(batch("down", 2));
        CompletableFuture<Object> alsoUp = submit(batch("also-up", 4));
        awaitQueued(3);
        release.countDown();
        assertThat(first.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(1, 0));
        assertThat(up.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(2, 1));
        assertThat(down.get(GUARD_SECONDS, TimeUnit.SECONDS)).isSameAs(shardDown);
        assertThat(alsoUp.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(3, 1));
        assertThat(committed.getLast()).hasSize(3);
    }

    @Test
    void anEmptyBatchNeverReachesTheStore() {
        start(this::acceptAll);
        assertThat(service.ingest(new EventBatch("bot", List.of()))).isEqualTo(new IngestService.Result(0, 0));
        assertThat(committed).isEmpty();
    }

    @Test
    void aFailingCommitFailsItsRequestsAndTheWriterCarriesOn() throws Exception {
        List<Throwable> failures = new ArrayList<>(List.of(new IllegalStateException("disk full"), new AssertionError("an Error, not an Exception")));
        start(batches -> {
            if (!failures.isEmpty()) {
                Throwable t = failures.removeFirst();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
            return acceptAll(batches);
        });
        assertThat(submit(batch("a", 1)).get(GUARD_SECONDS, TimeUnit.SECONDS))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("disk full");
        assertThat(submit(batch("b", 1)).get(GUARD_SECONDS, TimeUnit.SECONDS))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("an Error, not an Exception");
        // the writer is still alive and commits the next batch
        assertThat(submit(batch("c", 2)).get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(2, 0));
    }

    @Test
    void closeCommitsEveryQueuedBatchThenRefusesNewOnes() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(batches -> {
            inStore.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return acceptAll(batches);
        });
        CompletableFuture<Object> first = submit(batch("first", 1));
        assertThat(inStore.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        // the writer is busy: these wait in the queue
        CompletableFuture<Object> second = submit(batch("second", 2));
        CompletableFuture<Object> third = submit(batch("third", 3));
        awaitQueued(2);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // once closing, new batches are refused with 503 ...
        while (service.accepting()) {
            Thread.sleep(5);
        }
        assertThatThrownBy(() -> service.ingest(batch("late", 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));

        // ... while everything already queued is committed and answered
        release.countDown();
        closing.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(first.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(1, 0));
        assertThat(second.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(2, 0));
        assertThat(third.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(3, 0));
        assertThat(committed.stream().flatMap(List::stream).map(EventBatch::chatbotId)).containsExactlyInAnyOrder("first", "second", "third");
        service = null;
    }

    /**
     * A store that takes more batches while it writes a group gets those that arrived meanwhile,
     * within the group's limit of events; each is answered with its own counts, and what did not
     * fit is the next group's.
     */
    @Test
    void batchesThatArriveWhileAGroupIsWrittenJoinItWithinTheGroupsLimit() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> asked = new CopyOnWriteArrayList<>();
        EventStore store = new EventStore() {
            @Override
            public int[] append(List<EventBatch> batches) {
                throw new AssertionError("the writer lets the store take more");
            }

            @Override
            public int[] append(List<EventBatch> batches, Supplier<List<EventBatch>> more) {
                inStore.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                List<EventBatch> all = new ArrayList<>(batches);
                for (List<EventBatch> m = more.get(); !m.isEmpty(); m = more.get()) {
                    asked.add(m.size());
                    all.addAll(m);
                }
                committed.add(List.copyOf(all));
                // per batch: a batch of one event is new, of more events all but one are
                return all.stream().mapToInt(b -> Math.max(1, b.events().size() - 1)).toArray();
            }
        };
        service = new IngestService(store, props(Map.of("sextant.ingest.max-group-events", "4")), new SimpleMeterRegistry());
        CompletableFuture<Object> first = submit(batch("first", 1));
        assertThat(inStore.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        // the writer is inside the store with the first batch: these arrive meanwhile
        CompletableFuture<Object> second = submit(batch("second", 2));
        awaitQueued(1);
        CompletableFuture<Object> third = submit(batch("third", 3));
        awaitQueued(2);
        release.countDown();

        assertThat(first.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(1, 0));
        assertThat(second.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(1, 1));
        assertThat(third.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(new IngestService.Result(2, 1));
        // 1 + 2 events fit the limit of 4; the third batch's 3 did not, and was the next group's
        assertThat(committed).extracting(g -> g.stream().map(EventBatch::chatbotId).toList())
                .containsExactly(List.of("first", "second"), List.of("third"));
        assertThat(asked).containsExactly(1);
    }

}
