package io.sextant.ingest;

import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.event.EventBatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

@RestController
@Tag(name = "Ingestion", description = "Events from a chatbot runtime")
class IngestController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestController.class);

    static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final EventParser parser;
    private final Clock clock;
    private final long maxBytes;

    IngestController(IngestService ingest, ObjectMapper json, SextantProperties props, Clock clock) {
        this.ingest = ingest;
        this.parser = new EventParser(json, props.ingest().maxEvents());
        this.clock = clock;
        this.maxBytes = props.ingest().maxBytes();
    }

    @PostMapping("/v1/chatbots/{chatbotId}/statistics/events")
    @RequiresPermission(Grants.INGEST)
    @Operation(operationId = "ingestEvents", summary = "Ingest a batch of events",
            description = "Body: a JSON array of events, or NDJSON with Content-Type application/x-ndjson. "
                    + "At most 10,000 events and 10 MiB. All-or-nothing; idempotent by event id (the first version wins). "
                    + "Answered only after the events are durably committed.")
    // the request body (read raw below, for its byte limit and strict decoding) is described by IngestOpenApi
    @ApiResponse(responseCode = "200", description = "Stored: {\"accepted\": n, \"duplicates\": n}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IngestService.Result.class)))
    @ApiResponse(responseCode = "400", description = "Malformed body or invalid events; details name each bad event's index")
    @ApiResponse(responseCode = "413", description = "More than 10,000 events or 10 MiB")
    @ApiResponse(responseCode = "415", description = "Content type is neither JSON nor NDJSON")
    IngestService.Result ingest(@PathVariable String chatbotId,
            HttpServletRequest request) throws IOException {
        if (chatbotId.isBlank() || chatbotId.codePointCount(0, chatbotId.length()) > EventParser.MAX_STRING) {
            throw ApiException.badRequest("chatbotId must be 1 to " + EventParser.MAX_STRING + " characters, not blank");
        }
        boolean ndjson = isNdjson(request.getContentType());
        byte[] body = readLimited(request);
        var events = parser.validate(parser.read(body, ndjson), clock.millis());
        return ingest.ingest(new EventBatch(chatbotId, events));
    }

    private static boolean isNdjson(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type '" + contentType + "' is not valid");
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return false;
        }
        if (type.isCompatibleWith(MediaType.parseMediaType(NDJSON))) {
            return true;
        }
        throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "content type '" + contentType + "' is not supported; send application/json or " + NDJSON);
    }

    private byte[] readLimited(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            // The client went away (or broke the chunking) mid-body: not a fault of the service, and
            // nobody is there to read an answer. One line in the log, no stack trace.
            log.info("An ingestion request's body ended early, nothing of it was stored: {}", e.toString());
            throw ApiException.badRequest("the request body ended before it was complete; nothing of it was stored");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request body is larger than " + maxBytes + " bytes");
    }
}
