package io.sextant.ingest;

import io.sextant.api.ApiException;
import io.sextant.api.ErrorBody;
import io.sextant.event.Direction;
import io.sextant.event.Event;
import io.sextant.event.Event.CallEnded;
import io.sextant.event.Event.ConversationLanguage;
import io.sextant.event.Event.ConversationStarted;
import io.sextant.event.Event.Goal;
import io.sextant.event.Event.InboxAssigned;
import io.sextant.event.Event.InboxClosed;
import io.sextant.event.Event.InboxOpened;
import io.sextant.event.Event.Intent;
import io.sextant.event.Event.Interaction;
import io.sextant.event.Event.Message;
import io.sextant.event.Event.Rating;
import io.sextant.event.Event.Step;
import io.sextant.event.EventType;
import io.sextant.event.Syntax;
import java.time.Duration;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * Reads an ingestion body (a JSON array or NDJSON) and validates every event against the contract.
 * A batch with any invalid event is rejected whole, with the index and reason of each bad one.
 */
final class EventParser {

    static final int MAX_STRING = 200;
    private static final Duration MAX_FUTURE = Duration.ofHours(24);
    /** The earliest event time accepted, the Unix epoch: anything earlier is a broken clock (docs/foundation.md). */
    static final long MIN_TIMESTAMP = 0;
    /** The longest call, in seconds (11.6 days): bounded so that sums and medians stay finite. */
    static final long MAX_DURATION_SECONDS = 1_000_000;
    /** The longest message in code points: no text longer than the largest body fits in a batch. */
    static final int MAX_LENGTH = 10_485_760;
    /** The most user inputs in one call. */
    static final int MAX_USER_INPUTS = 1_000_000;
    /** The most attributes one {@code conversation.started} carries. */
    static final int MAX_ATTRIBUTES = 20;
    static final int MAX_ATTRIBUTE_KEY = Syntax.MAX_ATTRIBUTE_KEY;
    /** The largest goal value (an amount): bounded so that sums stay exact in a double. */
    static final double MAX_GOAL_VALUE = 1e12;
    /** The longest rating comment, in code points (only its length is kept). */
    static final int MAX_COMMENT = 10_000;

    private final ObjectMapper json;
    private final int maxEvents;

    EventParser(ObjectMapper json, int maxEvents) {
        this.json = json;
        this.maxEvents = maxEvents;
    }

    /**
     * The string values of one body, one instance per distinct value, each with its hash computed.
     *
     * <p>Ingestion has one writer, and it keys its maps by these strings (the event's id, its
     * conversation and channel, an intent, a step): a string parsed anew for each event has its hash
     * computed there, for each event. That took 5 % of the writer's time in a profile of the
     * benchmark's ingestion (docs/benchmark.md). Here, on the request's thread, a batch's events
     * share their conversation's, channel's and labels' instances, whose hashes are computed once and
     * kept in the string, and each id's hash is computed as it goes into the map.
     */
    private static final class BatchStrings extends JsonNodeFactory {
        private final Map<String, String> seen = new HashMap<>();

        @Override
        public StringNode stringNode(String text) {
            if (text == null) {
                return super.stringNode(null);
            }
            String first = seen.putIfAbsent(text, text);
            return super.stringNode(first == null ? text : first);
        }
    }

    /** Splits the body into one JSON node per event; 400 when it is not JSON of the right form, 413 past the limit. */
    List<JsonNode> read(byte[] body, boolean ndjson) {
        List<JsonNode> nodes = new ArrayList<>();
        ObjectReader reader = json.reader().with(new BatchStrings());
        if (ndjson) {
            int line = 0;
            // Lines are split on the byte \n, which never occurs inside a UTF-8 sequence, then each is
            // decoded strictly: a replacement character could make two different ids one.
            for (int start = 0; start <= body.length; ) {
                line++;
                int end = start;
                while (end < body.length && body[end] != '\n') {
                    end++;
                }
                int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
                String l = utf8(body, start, stop, line);
                start = end + 1;
                if (l.isBlank()) {
                    continue;
                }
                if (nodes.size() == maxEvents) {
                    throw tooMany();
                }
                try {
                    nodes.add(reader.readTree(l));
                } catch (JacksonException e) {
                    throw ApiException.badRequest("line " + line + " of the NDJSON body is not valid JSON");
                }
            }
            return nodes;
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("request body is not valid JSON");
        }
        if (root == null || !root.isArray()) {
            throw ApiException.badRequest("request body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson)");
        }
        if (root.size() > maxEvents) {
            throw tooMany();
        }
        root.forEach(nodes::add);
        return nodes;
    }

    /** Decodes {@code body[from, to)} as UTF-8, strictly: 400 naming the 1-based line on a malformed sequence. */
    private static String utf8(byte[] body, int from, int to, int line) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body, from, to - from)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("line " + line + " of the NDJSON body is not valid UTF-8");
        }
    }

    private ApiException tooMany() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "a batch holds at most " + maxEvents + " events");
    }

    /** Validates every node; throws 400 with details when any is invalid. */
    List<Event> validate(List<JsonNode> nodes, long nowMillis) {
        List<Event> events = new ArrayList<>(nodes.size());
        List<ErrorBody.Detail> details = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                events.add(toEvent(nodes.get(i), nowMillis));
            } catch (Invalid e) {
                details.add(new ErrorBody.Detail(i, e.getMessage()));
            }
        }
        if (!details.isEmpty()) {
            String message = details.size() == 1
                    ? "event " + details.get(0).index() + " is invalid: " + details.get(0).error()
                    : details.size() + " events are invalid; the first, event " + details.get(0).index() + ": " + details.get(0).error();
            throw new ApiException(HttpStatus.BAD_REQUEST, message + " (nothing of the batch was stored)", details);
        }
        return events;
    }

    /** One field's problem; the message names the field. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one event: its envelope first, then the fields of its type (the first problem found is the one reported). */
    Event toEvent(JsonNode n, long nowMillis) {
        if (!n.isObject()) {
            throw new Invalid("an event must be a JSON object");
        }
        String id = requiredString(n, "id");
        String typeName = requiredString(n, "type");
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new Invalid("type '" + typeName + "' is unknown; expected one of " + EventType.wireNames()));
        long ts = timestamp(n, nowMillis);
        String channelId = requiredString(n, "channelId");
        String conversationId = requiredString(n, "conversationId");
        Envelope env = new Envelope(id, ts, channelId, conversationId);
        return switch (type) {
            case CONVERSATION_STARTED -> new ConversationStarted(id, ts, channelId, conversationId, language(n, false),
                    attributes(n));
            case CONVERSATION_LANGUAGE -> new ConversationLanguage(id, ts, channelId, conversationId, language(n, true));
            case MESSAGE -> message(env, n);
            case INTENT -> intent(env, n);
            case STEP -> new Step(id, ts, channelId, conversationId, requiredString(n, "stepId"), optionalString(n, "stepName"));
            case INTERACTION -> new Interaction(id, ts, channelId, conversationId, optionalString(n, "kind"));
            case CALL_ENDED -> callEnded(env, n);
            case INBOX_OPENED -> new InboxOpened(id, ts, channelId, conversationId);
            case INBOX_ASSIGNED -> new InboxAssigned(id, ts, channelId, conversationId, requiredString(n, "agentId"));
            case INBOX_CLOSED -> new InboxClosed(id, ts, channelId, conversationId, optionalString(n, "agentId"));
            case GOAL -> goal(env, n);
            case RATING -> rating(env, n);
        };
    }

    /** The fields every event has, read and validated (in this order) before those of its type. */
    private record Envelope(String id, long ts, String channelId, String conversationId) {}

    private static Message message(Envelope env, JsonNode n) {
        String dir = requiredString(n, "direction");
        Direction direction = Direction.fromWireName(dir)
                .orElseThrow(() -> new Invalid("direction '" + dir + "' is unknown; expected user, bot or agent"));
        boolean hasLength = present(n, "length");
        boolean hasText = present(n, "text");
        if (hasLength == hasText) {
            throw new Invalid(hasLength ? "give length or text, not both" : "length or text is required");
        }
        int length;
        if (hasLength) {
            length = wholeNumber(n, "length", MAX_LENGTH);
        } else {
            JsonNode text = n.get("text");
            if (!text.isString()) {
                throw new Invalid("text must be a string");
            }
            String s = text.asString();
            length = s.codePointCount(0, s.length());
        }
        String agentId = direction == Direction.AGENT ? requiredString(n, "agentId") : optionalString(n, "agentId");
        return new Message(env.id(), env.ts(), env.channelId(), env.conversationId(), direction, length, agentId);
    }

    private static Intent intent(Envelope env, JsonNode n) {
        String intent = requiredString(n, "intent");
        double score = number(n, "score");
        if (score < 0 || score > 1) {
            throw new Invalid("score must be between 0 and 1");
        }
        return new Intent(env.id(), env.ts(), env.channelId(), env.conversationId(), intent, score);
    }

    private static CallEnded callEnded(Envelope env, JsonNode n) {
        double duration = number(n, "durationSeconds");
        inRange("durationSeconds", duration, MAX_DURATION_SECONDS);
        int userInputs = present(n, "userInputs") ? wholeNumber(n, "userInputs", MAX_USER_INPUTS) : 0;
        String endReason = requiredString(n, "endReason");
        String exitStep = optionalString(n, "exitStep");
        String transferTarget = optionalString(n, "transferTarget");
        return new CallEnded(env.id(), env.ts(), env.channelId(), env.conversationId(), duration, userInputs, endReason,
                exitStep, transferTarget);
    }

    /** {@code attributes}: optional; a flat object of at most 20 short strings by simple keys. */
    private static java.util.Map<String, String> attributes(JsonNode n) {
        if (!present(n, "attributes")) {
            return java.util.Map.of();
        }
        JsonNode a = n.get("attributes");
        if (!a.isObject()) {
            throw new Invalid("attributes must be a JSON object of strings, such as {\"campaign\":\"spring\"}");
        }
        if (a.size() > MAX_ATTRIBUTES) {
            throw new Invalid("attributes holds at most " + MAX_ATTRIBUTES + " entries");
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var entry : a.properties()) {
            String key = entry.getKey();
            if (!Syntax.ATTRIBUTE_KEY.matcher(key).matches()) {
                throw new Invalid("attribute key '" + shortened(key) + "' must be 1 to " + MAX_ATTRIBUTE_KEY
                        + " characters of A-Z, a-z, 0-9, _, . and -");
            }
            JsonNode v = entry.getValue();
            if (v == null || !v.isString()) {
                throw new Invalid("attribute '" + key + "' must be a string");
            }
            out.put(key, string(a, key, "attribute '" + key + "'"));
        }
        return out;
    }

    private static String shortened(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static Goal goal(Envelope env, JsonNode n) {
        String goalId = requiredString(n, "goalId");
        Double value = null;
        if (present(n, "value")) {
            value = number(n, "value");
            if (value < 0) {
                throw new Invalid("value must be 0 or more");
            }
            if (value > MAX_GOAL_VALUE) {
                throw new Invalid("value must be at most 1e12");
            }
        }
        return new Goal(env.id(), env.ts(), env.channelId(), env.conversationId(), goalId, value);
    }

    private static Rating rating(Envelope env, JsonNode n) {
        boolean hasScore = present(n, "score");
        boolean hasThumbs = present(n, "thumbs");
        if (hasScore == hasThumbs) {
            throw new Invalid(hasScore ? "give score or thumbs, not both" : "score (1 to 5) or thumbs (up or down) is required");
        }
        Integer score = null;
        Event.Thumbs thumbs = null;
        if (hasScore) {
            // A whole number written as 4 or 4.0: score is a double in the event schema (an intent's
            // score shares the field), so generated clients send a rating's score as 4.0.
            JsonNode v = n.get("score");
            double d = v.isNumber() ? v.asDouble() : Double.NaN;
            if (!(d >= 1 && d <= 5) || d != Math.rint(d)) {
                throw new Invalid("score must be a whole number from 1 to 5");
            }
            score = (int) d;
        } else {
            JsonNode v = n.get("thumbs");
            String t = v.isString() ? v.asString() : null;
            if (!"up".equals(t) && !"down".equals(t)) {
                throw new Invalid("thumbs must be \"up\" or \"down\"");
            }
            thumbs = "up".equals(t) ? Event.Thumbs.UP : Event.Thumbs.DOWN;
        }
        Integer commentLength = null;
        if (present(n, "comment")) {
            JsonNode c = n.get("comment");
            if (!c.isString()) {
                throw new Invalid("comment must be a string");
            }
            String text = c.asString();
            int length = text.codePointCount(0, text.length());
            if (length > MAX_COMMENT) {
                throw new Invalid("comment must be at most " + MAX_COMMENT + " characters");
            }
            commentLength = length; // the text itself is never kept
        }
        return new Rating(env.id(), env.ts(), env.channelId(), env.conversationId(), score, thumbs, commentLength);
    }

    private static boolean present(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull();
    }

    static String requiredString(JsonNode n, String field) {
        if (!present(n, field)) {
            throw new Invalid(field + " is required");
        }
        return string(n, field);
    }

    static String optionalString(JsonNode n, String field) {
        return present(n, field) ? string(n, field) : null;
    }

    private static String string(JsonNode n, String field) {
        return string(n, field, field);
    }

    /** The string {@code n.field}, 1 to 200 characters and not blank; problems name it {@code what}. */
    private static String string(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (!v.isString()) {
            throw new Invalid(what + " must be a string");
        }
        String s = v.asString();
        int len = s.codePointCount(0, s.length());
        if (len < 1 || len > MAX_STRING) {
            throw new Invalid(what + " must be 1 to " + MAX_STRING + " characters");
        }
        if (s.isBlank()) {
            throw new Invalid(what + " must not be blank");
        }
        return s;
    }

    private static long timestamp(JsonNode n, long nowMillis) {
        String raw = requiredString(n, "timestamp");
        long ts;
        try {
            ts = IsoTimestamp.toEpochMilli(raw);
        } catch (DateTimeException | ArithmeticException e) {
            throw new Invalid("timestamp '" + raw + "' is not an ISO-8601 time with offset, such as 2025-01-04T23:00:00.000Z");
        }
        if (ts > nowMillis + MAX_FUTURE.toMillis()) {
            throw new Invalid("timestamp '" + raw + "' is more than 24 h in the future");
        }
        if (ts < MIN_TIMESTAMP) {
            throw new Invalid("timestamp '" + raw + "' is before 1970-01-01T00:00:00Z");
        }
        return ts;
    }

    private static String language(JsonNode n, boolean required) {
        String raw = required ? requiredString(n, "language") : optionalString(n, "language");
        if (raw == null) {
            return null;
        }
        return Syntax.language(raw)
                .orElseThrow(() -> new Invalid("language '" + raw + "' is not a language tag such as de or de-DE"));
    }

    private static double number(JsonNode n, String field) {
        if (!present(n, field)) {
            throw new Invalid(field + " is required");
        }
        JsonNode v = n.get(field);
        if (!v.isNumber()) {
            throw new Invalid(field + " must be a number");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new Invalid(field + " must be a finite number");
        }
        return d;
    }

    /** Refuses a value outside [0, max]: the bounds keep every sum and median finite. */
    private static void inRange(String field, double value, long max) {
        if (value < 0) {
            throw new Invalid(field + " must be 0 or more");
        }
        if (value > max) {
            throw new Invalid(field + " must be at most " + max);
        }
    }

    private static int wholeNumber(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new Invalid(field + " must be a whole number from 0 to " + max);
        }
        inRange(field, v.asInt(), max);
        return v.asInt();
    }
}
