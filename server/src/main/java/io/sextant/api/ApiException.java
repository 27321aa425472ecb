package io.sextant.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A failure to answer with a status and a JSON error body. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<ErrorBody.Detail> details;

    public ApiException(HttpStatus status, String message) {
        this(status, message, null);
    }

    public ApiException(HttpStatus status, String message, List<ErrorBody.Detail> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public HttpStatus status() {
        return status;
    }

    public List<ErrorBody.Detail> details() {
        return details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }
}
