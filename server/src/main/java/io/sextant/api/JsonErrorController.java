package io.sextant.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers failures that happen outside Spring MVC (in filters or the servlet container) with the
 * same JSON body as every other error, in place of Spring Boot's HTML or default JSON error page.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = switch (status) {
            case NOT_FOUND -> "no such endpoint";
            case CONTENT_TOO_LARGE -> "request body is too large";
            case BAD_REQUEST -> "bad request";
            case METHOD_NOT_ALLOWED -> "method not allowed";
            default -> status.is5xxServerError() ? "internal error" : status.getReasonPhrase().toLowerCase();
        };
        return ErrorHandling.body(status, new ErrorBody(message));
    }
}
