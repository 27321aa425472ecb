package io.sextant.store.duckdb;

import io.sextant.store.ChangeLog;
import io.sextant.store.ChannelStore;

/**
 * Writes a channel's metadata for {@link DuckDbChannelStore}: DuckDB has one writer connection, so
 * the channel PUT runs on the same writer as the events' commits ({@link DuckDbEventStore}) and
 * never races one that registers the same channel.
 */
interface ChannelWriter {

    /**
     * Creates or replaces the channel's metadata at {@code now} (keeping {@code created}), durably,
     * and records {@link ChangeLog.Change#ALL} for its chatbot in the {@link ChangeLog} before
     * returning, as {@link ChannelStore#put} requires.
     */
    void putChannel(ChannelStore.Metadata channel, long now);
}
