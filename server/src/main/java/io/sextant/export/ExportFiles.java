package io.sextant.export;

import io.sextant.OwnerOnly;
import io.sextant.report.TimeWindow;
import io.sextant.store.ExportDataStore;
import io.sextant.store.Segment;
import io.sextant.store.ExportDataStore.ConversationRow;
import io.sextant.store.ExportDataStore.DailyRow;
import io.sextant.store.ExportDataStore.Days;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes export files: RFC 4180 CSV in UTF-8 with a header row, one record per streamed row, so
 * the heap holds one row at a time however long the file gets.
 */
final class ExportFiles {

    static final String[] DAILY_COLUMNS = {"bucketStart", "bucketEnd", "channelId", "channelName", "channelType",
        "conversations", "messages", "userMessages", "botMessages", "agentMessages", "interactions", "stepExecutions",
        "intentHits", "intentScoreMedian", "messagesPerConversationMedian", "userMessageLengthMedian", "calls",
        "callDurationSeconds", "callDurationMedian", "inboxOpened", "inboxClosed"};

    static final String[] CONVERSATION_COLUMNS = {"conversationId", "channelId", "channelType", "startedAt", "language",
        "messages", "userMessages", "botMessages", "agentMessages", "intentHits", "topIntent", "stepExecutions",
        "interactions", "callDurationSeconds", "callEndReason", "handedOver", "firstResponseSeconds", "resolutionSeconds"};

    private ExportFiles() {}

    /** A writer of a new file that only its owner can read (a stale part file is replaced). */
    private static Writer ownerOnlyWriter(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, OwnerOnly.fileAttribute());
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** The window as the store takes it: from, to and each bucket's bounds. */
    static ExportDataStore.Days days(TimeWindow window) {
        return new ExportDataStore.Days(window.from(), window.to(),
                window.buckets().stream().map(TimeWindow.Bucket::start).toList(),
                window.buckets().stream().map(TimeWindow.Bucket::end).toList());
    }

    /**
     * Writes the daily file of the window into {@code file}, reporting the fraction of rows written.
     *
     * @param kept the days kept from earlier exports, which the file takes instead of computing them
     * @param segment the conversations whose events count
     * @param channels the chatbot's channel count: the rows of each day
     */
    static void writeDaily(ExportDataStore data, KeptDays kept, String chatbotId, TimeWindow window, Segment segment, long channels,
            Path file, DoubleConsumer progress) throws IOException {
        Days days = days(window);
        long rows = window.buckets().size() * channels;
        if (!writeDaily(file, rows, progress, sink -> kept.daily(data, chatbotId, days, segment, channels, sink))) {
            // a commit reached a kept day while the others were computed: one state, from one statement
            writeDaily(file, rows, progress, sink -> {
                data.daily(chatbotId, days, segment, sink);
                return true;
            });
        }
    }

    /** Writes (over) {@code file} with the rows {@code rows} streams; returns what it returns. */
    private static boolean writeDaily(Path file, long rows, DoubleConsumer progress, Predicate<Consumer<DailyRow>> source)
            throws IOException {
        long total = Math.max(1, rows);
        try (Writer out = ownerOnlyWriter(file);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(DAILY_COLUMNS).get())) {
            long[] written = {0};
            return source.test(r -> {
                print(csv, daily(r));
                progress.accept(++written[0] / (double) total);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes the conversations file of [from, to] into {@code file}, reporting the fraction of rows written.
     *
     * @param segment the conversations to write (those of it started in the window)
     * @param conversations the number of those, for progress
     */
    static void writeConversations(ExportDataStore data, String chatbotId, long from, long to, Segment segment, long conversations,
            Path file, DoubleConsumer progress) throws IOException {
        long total = Math.max(1, conversations);
        try (Writer out = ownerOnlyWriter(file);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CONVERSATION_COLUMNS).get())) {
            long[] written = {0};
            data.conversations(chatbotId, from, to, segment, r -> {
                print(csv, conversation(r));
                progress.accept(++written[0] / (double) total);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static String[] daily(DailyRow r) {
        return new String[] {
            CsvCells.instant(r.bucketStart()), CsvCells.instant(r.bucketEnd()), CsvCells.text(r.channelId()),
            CsvCells.text(r.channelName()), CsvCells.text(r.channelType()), CsvCells.count(r.conversations()),
            CsvCells.count(r.messages()), CsvCells.count(r.userMessages()), CsvCells.count(r.botMessages()),
            CsvCells.count(r.agentMessages()), CsvCells.count(r.interactions()), CsvCells.count(r.stepExecutions()),
            CsvCells.count(r.intentHits()), CsvCells.decimal(r.intentScoreMedian()),
            CsvCells.decimal(r.messagesPerConversationMedian()), CsvCells.decimal(r.userMessageLengthMedian()),
            CsvCells.count(r.calls()), CsvCells.decimal(r.callDurationSeconds()), CsvCells.decimal(r.callDurationMedian()),
            CsvCells.count(r.inboxOpened()), CsvCells.count(r.inboxClosed())
        };
    }

    static String[] conversation(ConversationRow r) {
        return new String[] {
            CsvCells.text(r.conversationId()), CsvCells.text(r.channelId()), CsvCells.text(r.channelType()),
            CsvCells.instant(r.startedAt()), CsvCells.text(r.language()), CsvCells.count(r.messages()),
            CsvCells.count(r.userMessages()), CsvCells.count(r.botMessages()), CsvCells.count(r.agentMessages()),
            CsvCells.count(r.intentHits()), CsvCells.text(r.topIntent()), CsvCells.count(r.stepExecutions()),
            CsvCells.count(r.interactions()), CsvCells.decimal(r.callDurationSeconds()), CsvCells.text(r.callEndReason()),
            Boolean.toString(r.handedOver()), CsvCells.seconds(r.firstResponseMillis()), CsvCells.seconds(r.resolutionMillis())
        };
    }

    private static void print(CSVPrinter csv, String[] cells) {
        try {
            csv.printRecord((Object[]) cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
