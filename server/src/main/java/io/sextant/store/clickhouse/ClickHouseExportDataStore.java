package io.sextant.store.clickhouse;

import io.sextant.store.ExportDataStore;
import java.util.function.Consumer;

/** PLACEHOLDER of the write-side branch: the read side's branch brings the real class. Never merge alone. */
final class ClickHouseExportDataStore implements ExportDataStore {

    ClickHouseExportDataStore(ClickHouseHttp ch) {}

    @Override
    public long channelCount(String chatbotId) {
        throw new UnsupportedOperationException("ClickHouseExportDataStore is a placeholder of the write-side branch");
    }

    @Override
    public void daily(String chatbotId, Days days, Consumer<DailyRow> sink) {
        throw new UnsupportedOperationException("ClickHouseExportDataStore is a placeholder of the write-side branch");
    }

    @Override
    public long conversationCount(String chatbotId, long from, long to) {
        throw new UnsupportedOperationException("ClickHouseExportDataStore is a placeholder of the write-side branch");
    }

    @Override
    public void conversations(String chatbotId, long from, long to, Consumer<ConversationRow> sink) {
        throw new UnsupportedOperationException("ClickHouseExportDataStore is a placeholder of the write-side branch");
    }
}
