package io.sextant.privacy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies every chatbot's retention period ({@link PrivacyService#applyRetention}) once the service
 * is ready and then every {@link #EVERY}, on a thread of its own. The times it compares are the
 * service's {@link java.time.Clock}'s, so an event is dropped at the first run after it grew older
 * than the period: it lives at most the period and one day. With several API nodes on one store,
 * each runs it; the runs of one chatbot are serialised by its writer, and a second finds nothing.
 */
@Component
class RetentionJob implements AutoCloseable {

    static final Duration EVERY = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final PrivacyService privacy;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sextant-retention").daemon(true).factory());

    RetentionJob(PrivacyService privacy) {
        this.privacy = privacy;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::runQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            PrivacyService.RetentionRun run = privacy.applyRetention();
            if (run.chatbots() > 0) {
                log.info("retention: {} chatbot(s) with a retention period, {} events dropped, {} failed", run.chatbots(),
                        run.droppedEvents(), run.failed());
            }
        } catch (RuntimeException e) {
            log.warn("retention: the run failed; the next one tries again: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
