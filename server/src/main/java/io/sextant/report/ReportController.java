package io.sextant.report;

import io.sextant.auth.Grants;
import io.sextant.auth.RequiresPermission;
import io.sextant.segment.Filtered;
import io.sextant.segment.SegmentParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The overview and channel reports. Parameters are taken as plain strings and validated by the
 * service, so every 400 names the parameter and its bad value in our own words; {@code filter}, a
 * segment, is read from the request as every value sent ({@link Filtered}). The descriptions of
 * {@code components} (the ID and name lists) and the numeric enum of {@code interval} are filled in by {@link ReportOpenApi}.
 */
@RestController
@Tag(name = "Statistics", description = "Reports over a time window")
class ReportController {

    private static final String FROM = "Start of the window W = [from, to], inclusive: ISO-8601 instant with offset. Example: 2025-01-04T23:00:00.000Z";
    private static final String TO = "End of the window, inclusive (millisecond precision); not before from. Example: 2025-02-01T22:59:59.999Z";
    private static final String INTERVAL = "Bucket width in seconds: 3600 (hourly, at most 744 buckets) or 86400 (daily, at most 1,098 buckets)";
    private static final String TIMEZONE = "Optional IANA time zone (e.g. Europe/Berlin): buckets then start at local hours or local midnights; "
            + "without it, bucket k starts at from + k·interval";

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/v1/chatbots/{chatbotId}/statistics/reports/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getOverviewReport", summary = "Generates an overview report",
            description = "Statistics over all channels of the chatbot. The answer holds exactly the requested components, keyed by name.")
    @ApiResponse(responseCode = "200", description = "The report; its components depend on the request")
    @ApiResponse(responseCode = "400", description = "A missing or invalid parameter; the message names it and the bad value")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot")
    @Filtered
    ReportView overview(@PathVariable String chatbotId,
            @Parameter(description = FROM, required = true) @RequestParam(required = false) String from,
            @Parameter(description = TO, required = true) @RequestParam(required = false) String to,
            @Parameter(description = INTERVAL, required = true)
            @RequestParam(required = false) String interval,
            @Parameter(required = true) @RequestParam(required = false) String components,
            @Parameter(description = TIMEZONE) @RequestParam(required = false) String timezone,
            HttpServletRequest request) {
        return reports.overview(chatbotId, new ReportService.Parameters(from, to, interval, components, timezone, filters(request)));
    }

    @GetMapping(path = "/v1/chatbots/{chatbotId}/statistics/reports/channel", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresPermission(Grants.GET)
    @Operation(operationId = "getChannelReport", summary = "Generates a channel-specific report",
            description = "Statistics over the events of one channel of the chatbot. The answer holds exactly the requested components, keyed by name.")
    @ApiResponse(responseCode = "200", description = "The report; its components depend on the request")
    @ApiResponse(responseCode = "400", description = "A missing or invalid parameter; the message names it and the bad value")
    @ApiResponse(responseCode = "404", description = "Unknown chatbot, or a channel the chatbot does not have")
    @Filtered
    ReportView channel(@PathVariable String chatbotId,
            @Parameter(description = "The ID of the channel to report on", required = true) @RequestParam(required = false) String channelId,
            @Parameter(description = FROM, required = true) @RequestParam(required = false) String from,
            @Parameter(description = TO, required = true) @RequestParam(required = false) String to,
            @Parameter(description = INTERVAL, required = true)
            @RequestParam(required = false) String interval,
            @Parameter(required = true) @RequestParam(required = false) String components,
            @Parameter(description = TIMEZONE) @RequestParam(required = false) String timezone,
            HttpServletRequest request) {
        return reports.channel(chatbotId, channelId, new ReportService.Parameters(from, to, interval, components, timezone, filters(request)));
    }

    /** Every {@code filter} value as sent, commas and all (documented by {@link Filtered}). */
    private static List<String> filters(HttpServletRequest request) {
        String[] values = request.getParameterValues(SegmentParser.PARAMETER);
        return values == null ? List.of() : List.of(values);
    }
}
