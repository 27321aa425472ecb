package io.sextant.store.clickhouse;

import io.sextant.store.InboxStore;
import java.util.List;
import java.util.function.Consumer;

/** PLACEHOLDER of the write-side branch: the read side's branch brings the real class. Never merge alone. */
final class ClickHouseInboxStore implements InboxStore {

    ClickHouseInboxStore(ClickHouseHttp ch) {}

    @Override
    public void threads(String chatbotId, String channelId, long from, long to, Consumer<InboxThread> sink) {
        throw new UnsupportedOperationException("ClickHouseInboxStore is a placeholder of the write-side branch");
    }

    @Override
    public List<AgentCounts> agentCounts(String chatbotId, String channelId, long from, long to) {
        throw new UnsupportedOperationException("ClickHouseInboxStore is a placeholder of the write-side branch");
    }
}
