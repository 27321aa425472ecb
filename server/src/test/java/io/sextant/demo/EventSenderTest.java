package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.auth.Grants;
import io.sextant.support.ApiTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sender against the real ingestion endpoint: totals, progress, a second send, and failures. */
class EventSenderTest extends ApiTest {

    @Test
    void sendsEverythingOnceAndReportsProgress() {
        // seed 11 and this end instant tag the conversation ids: no other test sends these events
        TrafficModel model = new TrafficModel(new TrafficModel.Scale(1, 2, 150), 11, clock.instant());
        String key = new TrafficLoader(api.base(), api.adminKey())
                .createKey("sender test", List.of(Grants.INGEST), model.chatbots()).secret();
        long[] expected = {0};
        model.generate((bot, events) -> expected[0] += events.size());

        AtomicLong progressed = new AtomicLong();
        AtomicLong progressedConversations = new AtomicLong();
        EventSender sender = new EventSender(api.base(), key, 500, 2);
        EventSender.Result first = sender.send(model, (c, e) -> {
            progressedConversations.addAndGet(c);
            progressed.addAndGet(e);
        });
        assertThat(first.conversations()).isEqualTo(150);
        assertThat(first.accepted()).isEqualTo(expected[0]);
        assertThat(first.duplicates()).isZero();
        assertThat(progressed.get()).isEqualTo(expected[0]);
        assertThat(progressedConversations.get()).isEqualTo(150);

        EventSender.Result again = sender.send(model, (c, e) -> { });
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(expected[0]);
    }

    @Test
    void stopsAtTheFirstRefusedBatchWithTheServiceMessage() {
        TrafficModel model = new TrafficModel(new TrafficModel.Scale(1, 1, 50), 3, clock.instant());
        assertThatThrownBy(() -> new EventSender(api.base(), "CCSB-not-a-key", 200, 2).send(model, (c, e) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("for chatbot 'demo-shop' answered 401: unknown or revoked API key");
    }

    @Test
    void refusesBatchesAboveTheServiceLimit() {
        assertThatThrownBy(() -> new EventSender(api.base(), "k", 9_001, 1)).hasMessageContaining("batchEvents must be 1 to 9,000");
        assertThatThrownBy(() -> new EventSender(api.base(), "k", 100, 0)).hasMessageContaining("senders must be 1 or more");
    }
}
