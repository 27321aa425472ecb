package io.sextant.api;

import io.sextant.store.StorageFullException;
import io.sextant.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure into a JSON {@code {"error": ...}} answer: never a stack trace, never HTML. */
@RestControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    /** What every 503 and 507 asks the client to wait before sending again (Retry-After). */
    static final int RETRY_AFTER_SECONDS = 10;

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE || e.status() == HttpStatus.INSUFFICIENT_STORAGE) {
            return retryLater(e.status(), e.getMessage()); // e.g. ingestion during shutdown
        }
        return body(e.status(), new ErrorBody(e.getMessage(), e.details()));
    }

    /** A write that failed for lack of space: nothing of it was stored; the writer recovers by itself once space is freed. */
    @ExceptionHandler(StorageFullException.class)
    ResponseEntity<ErrorBody> storageFull(StorageFullException e) {
        return retryLater(HttpStatus.INSUFFICIENT_STORAGE, e.getMessage());
    }

    /** A write the store failed for another reason: nothing of it was stored; the writer starts afresh. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ErrorBody> storeUnavailable(StoreUnavailableException e) {
        log.warn("A write failed: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        return retryLater(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    private static ResponseEntity<ErrorBody> retryLater(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)).body(new ErrorBody(message));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return body(HttpStatus.BAD_REQUEST, new ErrorBody("missing required parameter '" + e.getParameterName() + "'"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e) {
        return body(HttpStatus.BAD_REQUEST, new ErrorBody("missing required header '" + e.getHeaderName() + "'"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, new ErrorBody("parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, new ErrorBody("request body is not valid JSON of the expected form"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return body(HttpStatus.METHOD_NOT_ALLOWED, new ErrorBody("method " + e.getMethod() + " is not allowed here"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, new ErrorBody("content type '" + e.getContentType()
                + "' is not supported; send " + (e.getSupportedMediaTypes().isEmpty() ? "application/json" : MediaType.toString(e.getSupportedMediaTypes()))));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return body(HttpStatus.NOT_ACCEPTABLE, new ErrorBody("no acceptable representation; this API answers JSON"));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorBody> noRoute(HttpServletRequest request) {
        return body(HttpStatus.NOT_FOUND, new ErrorBody("no such endpoint: " + request.getMethod() + " " + request.getRequestURI()));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> tooLarge(MaxUploadSizeExceededException e) {
        return body(HttpStatus.CONTENT_TOO_LARGE, new ErrorBody("request body is too large"));
    }

    /** The client closed the connection while its answer was written: nobody to answer, nothing wrong here. */
    @ExceptionHandler({org.apache.catalina.connector.ClientAbortException.class,
            org.springframework.web.context.request.async.AsyncRequestNotUsableException.class})
    void clientGone(Exception e, HttpServletRequest request) {
        log.info("The client of {} {} went away: {}", request.getMethod(), request.getRequestURI(), e.toString());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, new ErrorBody("internal error"));
    }

    static ResponseEntity<ErrorBody> body(HttpStatus status, ErrorBody body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
