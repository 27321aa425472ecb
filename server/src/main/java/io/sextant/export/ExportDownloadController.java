package io.sextant.export;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The download of a completed export. Deliberately without an API key (and without
 * {@code @RequiresPermission}): the signature of the link is the authorisation, so the link can be
 * handed to a browser or a spreadsheet. A tampered or expired link is 403.
 */
@RestController
@Tag(name = "Exports")
class ExportDownloadController {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=utf-8");

    private final ExportService exports;

    ExportDownloadController(ExportService exports) {
        this.exports = exports;
    }

    @GetMapping("/v1/exports/{exportId}/download")
    @Operation(operationId = "downloadExport", summary = "Downloads a completed export (the signed downloadUrl of its status; no API key)")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "The CSV file (text/csv, attachment)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "403", description = "Tampered or expired link")
    @ApiResponse(responseCode = "404", description = "Unknown export")
    ResponseEntity<Resource> download(@PathVariable String exportId,
            @RequestParam(required = false) String expires,
            @RequestParam(required = false) String signature) {
        ExportService.Download d = exports.download(exportId, expires, signature);
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(d.fileName()).build().toString())
                .body(d.file());
    }
}
