package io.sextant.privacy;

import io.sextant.api.ApiException;
import io.sextant.export.ExportService;
import io.sextant.store.ChannelStore;
import io.sextant.store.ChatbotSettings;
import io.sextant.store.ChatbotSettingsStore;
import io.sextant.store.ErasureStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A chatbot's data subjects and its retention period: erasing one conversation's events on request,
 * and dropping the events past the retention period ({@link RetentionJob} runs it daily).
 *
 * <p>Both remove the events for good through the {@link ErasureStore}, which corrects everything kept
 * beside them (rollups, step labels, cached reports), and withdraw the chatbot's finished exports
 * that may hold them ({@link ExportService#withdraw}). Both are logged without personal data: never
 * a conversation id, only a short prefix of a SHA-256 ({@link #fingerprint}), and counts.
 */
@Service
public class PrivacyService {

    private static final Logger log = LoggerFactory.getLogger(PrivacyService.class);
    static final int MAX_ID = 200;
    static final long DAY_MILLIS = 86_400_000L;

    private final ErasureStore store;
    private final ChannelStore channels;
    private final ChatbotSettingsStore settings;
    private final ExportService exports;
    private final Clock clock;

    public PrivacyService(ErasureStore store, ChannelStore channels, ChatbotSettingsStore settings, ExportService exports, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.settings = settings;
        this.exports = exports;
        this.clock = clock;
    }

    /**
     * Erases every event of one conversation of the chatbot. Idempotent: a conversation (or a
     * chatbot) with nothing stored answers 0.
     *
     * @return the number of events erased
     */
    public long erase(String chatbotId, String conversationId) {
        checkId("chatbotId", chatbotId);
        checkId("conversationId", conversationId);
        long erased = channels.chatbotExists(chatbotId) ? store.eraseConversation(chatbotId, conversationId) : 0;
        if (erased > 0) {
            exports.withdraw(chatbotId, Long.MAX_VALUE);
        }
        log.info("erased {} events of one conversation (sha256 prefix {}) of chatbot {}", erased,
                fingerprint(chatbotId, conversationId), chatbotId);
        return erased;
    }

    /** What one run of the retention did. */
    public record RetentionRun(int chatbots, long droppedEvents, int failed) {}

    /**
     * Drops, for every chatbot with a retention period, its events older than the period: those
     * with a time before now (the {@link Clock}) minus the period's days of 24 hours. A chatbot whose
     * drop fails is logged and tried again at the next run; the others go on.
     */
    public RetentionRun applyRetention() {
        long now = clock.millis();
        int chatbots = 0;
        int failed = 0;
        long dropped = 0;
        for (ChatbotSettings s : settings.all()) {
            Integer days = s.retentionDays();
            if (days == null) {
                continue;
            }
            chatbots++;
            long cutoff = now - days * DAY_MILLIS;
            try {
                long n = store.dropBefore(s.chatbotId(), cutoff);
                dropped += n;
                if (n > 0) {
                    exports.withdraw(s.chatbotId(), cutoff);
                }
                log.info("retention: dropped {} events older than {} days (before {}) of chatbot {}", n, days,
                        Instant.ofEpochMilli(cutoff), s.chatbotId());
            } catch (RuntimeException e) {
                failed++;
                log.warn("retention: dropping the events older than {} days of chatbot {} failed; the next run tries again: {}",
                        days, s.chatbotId(), e.getMessage());
            }
        }
        return new RetentionRun(chatbots, dropped, failed);
    }

    /**
     * What the log says instead of a conversation id: the first 12 hex digits of the SHA-256 of
     * {@code chatbotId + "/" + conversationId} (UTF-8). Whoever knows the id can tell its lines;
     * the line alone does not give the id.
     */
    static String fingerprint(String chatbotId, String conversationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((chatbotId + "/" + conversationId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void checkId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " must be a non-blank string");
        }
        if (value.codePointCount(0, value.length()) > MAX_ID) {
            throw ApiException.badRequest(field + " must be 1 to " + MAX_ID + " characters");
        }
    }
}
