package io.sextant.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks an answer of the service against the service's own OpenAPI document ({@code /v3/api-docs},
 * fetched once per server): the status must be documented for the operation, the content type
 * must be one of its media types, and a JSON body must match the schema (required properties,
 * nullable, additionalProperties, formats, enums). {@link Api} calls this for every answer to a
 * {@code /v1} request, so every HTTP test is also a test of the description.
 *
 * <p>A request to a path or method the document does not have (an unknown route, the 405 of a
 * known path) has no operation to check against; its answer must then be a 404 or 405 whose body
 * is an {@code ErrorBody}.
 */
public final class OpenApiValidation {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

    private OpenApiValidation() {}

    /** The validator of the document that the server at {@code base} serves. */
    public static OpenApiInteractionValidator validator(String base) {
        return VALIDATORS.computeIfAbsent(base, b -> OpenApiInteractionValidator.createForInlineApiSpecification(document(b)).build());
    }

    /** The OpenAPI document the server at {@code base} serves. */
    public static String document(String base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + base + "/v3/api-docs answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Throws an {@link AssertionError} naming every mismatch when the answer to {@code method rawPath}
     * (the path without the query, as sent) is not what the document of the server at {@code base} describes.
     */
    public static void check(String base, String method, String rawPath, Api.Response response) {
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        SimpleResponse.Builder b = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach((name, values) -> {
            if (!name.equals(":status")) {
                b.withHeader(name, values);
            }
        });
        if (contentType != null) {
            b.withContentType(contentType);
        }
        if (response.body() != null && !response.body().isEmpty()) {
            b.withBody(response.body());
        }
        ValidationReport report = validator(base).validateResponse(rawPath, Request.Method.valueOf(method), b.build());
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
        if (!errors.isEmpty() && errors.stream().allMatch(m -> NO_OPERATION.contains(m.getKey()))) {
            checkUndocumentedOperation(method, rawPath, response, contentType);
            return;
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("The answer to " + method + " " + rawPath + " does not match /v3/api-docs: "
                    + errors.stream().map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("; "))
                    + "\nanswer: " + response.status() + " " + contentType + " " + abbreviate(response.body()));
        }
    }

    private static void checkUndocumentedOperation(String method, String rawPath, Api.Response response, String contentType) {
        String where = method + " " + rawPath + " (not an operation of /v3/api-docs) answered " + response.status();
        if (response.status() != 404 && response.status() != 405) {
            throw new AssertionError(where + "; only 404 or 405 can be the answer there");
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new AssertionError(where + " with Content-Type " + contentType + " instead of application/json");
        }
        JsonNode body = response.json();
        if (!body.isObject() || !body.path("error").isString() || !Set.of("error", "details").containsAll(body.propertyNames())) {
            throw new AssertionError(where + " with a body that is no ErrorBody: " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }
}
