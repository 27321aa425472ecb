package io.sextant.export;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.SextantProperties;
import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.segment.SegmentOpenApi;
import io.sextant.segment.SegmentParser;
import io.sextant.store.ExportJobStore.Job;
import io.sextant.store.ExportStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@Tag(name = "Exports", description = "CSV exports of a chatbot's statistics, made in the background")
class ExportController {

    private final ExportService exports;
    private final String publicUrl;

    ExportController(ExportService exports, SextantProperties props) {
        this.exports = exports;
        this.publicUrl = props.publicUrl().strip().replaceAll("/+$", "");
    }

    /** The optional body of a request for an export. */
    @Schema(name = "ExportRequest", description = "Optional: without a body (or without filters) the export covers every conversation")
    record ExportRequest(
            @ArraySchema(schema = @Schema(pattern = SegmentOpenApi.PATTERN), maxItems = SegmentParser.MAX_FILTERS,
                    arraySchema = @Schema(description = "A segment: the export counts (and lists) only the conversations that "
                            + "meet all these filters, in the grammar of the reports' filter parameter (key:value, such as "
                            + "language:de, handover:no, attr.campaign:spring). The job keeps them."))
            List<String> filters) {}

    @Schema(name = "ExportCreated", requiredProperties = {"exportId", "status"})
    record Created(String exportId, @Schema(allowableValues = ExportStatus.Names.PENDING) String status) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ExportStatus", requiredProperties = {"exportId", "status", "progress", "createdAt"},
            description = "Fields that do not apply to the status are left out, never null")
    record Status(String exportId,
            @Schema(allowableValues = {ExportStatus.Names.PENDING, ExportStatus.Names.RUNNING, ExportStatus.Names.COMPLETED,
                    ExportStatus.Names.FAILED, ExportStatus.Names.EXPIRED}) String status,
            @Schema(minimum = "0", maximum = "1", description = "Fraction of rows written") double progress,
            @Schema(format = "date-time") String createdAt,
            @Schema(format = "date-time", description = "completed and expired only") String completedAt,
            @Schema(format = "date-time", description = "completed and expired only: when the link and the file expire") String expiresAt,
            @Schema(format = "uri", description = "completed only: absolute, signed, works without an API key until expiresAt") String downloadUrl,
            @Schema(description = "failed only: why") String error) {}

    @PostMapping("/v1/chatbots/{chatbotId}/statistics/export")
    @RequiresPermission(Grants.EXPORT)
    @Operation(operationId = "createExport", summary = "Creates an export of statistics",
            description = "kind=daily (default): one row per daily bucket and channel; kind=conversations: one row per "
                    + "conversation started in [from, to]. At most 366 daily buckets. An optional JSON body "
                    + "{\"filters\": [\"language:de\", …]} restricts the export to a segment of conversations, as the "
                    + "filter parameter of the reports does. Poll the Location for the status.")
    @ApiResponse(responseCode = "202", description = "Export job has been started",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "The URL of the export's status",
                    schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "400", description = "Missing or invalid from, to, timezone or kind, more than 366 days, "
            + "or a malformed filter; the message names it")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot")
    ResponseEntity<Created> create(@PathVariable String chatbotId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String timezone,
            @RequestParam(required = false) String kind,
            @RequestBody(required = false) ExportRequest body) {
        List<String> filters = body == null || body.filters() == null ? List.of() : body.filters();
        if (filters.stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiException.badRequest("filters must be a list of strings, not hold null");
        }
        Job job = exports.create(chatbotId, from, to, timezone, kind, filters);
        URI location = UriComponentsBuilder.fromUriString(base())
                .path("/v1/chatbots/{chatbotId}/statistics/export/{exportId}")
                .buildAndExpand(chatbotId, job.id()).encode().toUri();
        return ResponseEntity.accepted().location(location).body(new Created(job.id(), job.status().wireName()));
    }

    @GetMapping("/v1/chatbots/{chatbotId}/statistics/export/{exportId}")
    @RequiresPermission(Grants.EXPORT)
    @Operation(operationId = "getExport", summary = "Retrieves the status of a statistics export",
            description = "status is pending, running, completed, failed or expired; progress is the fraction of rows "
                    + "written (0 to 1); downloadUrl (completed only) works without an API key until expiresAt.")
    @ApiResponse(responseCode = "200", description = "The current status of the export job")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot, or unknown export of this chatbot")
    Status status(@PathVariable String chatbotId,
            @PathVariable String exportId) {
        Job job = exports.find(chatbotId, exportId);
        ExportStatus status = exports.visibleStatus(job);
        boolean finished = status == ExportStatus.COMPLETED || status == ExportStatus.EXPIRED;
        return new Status(job.id(), status.wireName(), job.progress(), Instants.format(job.createdAt()),
                finished ? Instants.format(job.completedAt()) : null,
                finished ? Instants.format(job.expiresAt()) : null,
                status == ExportStatus.COMPLETED ? exports.downloadUrl(base(), job) : null,
                status == ExportStatus.FAILED ? job.error() : null);
    }

    /** Base of absolute links: sextant.public-url when set, else this request's scheme, host, port and context path. */
    private String base() {
        return publicUrl.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : publicUrl;
    }
}
