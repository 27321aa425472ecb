package io.sextant.api;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on a failed request, as JSON instead of its HTML page. It speaks only when
 * nothing else wrote a body: for requests Tomcat rejects before any servlet sees them (a malformed
 * URI, an encoded slash, a bad header); everything else goes through {@link JsonErrorController}.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String message = status == null || status.is5xxServerError() ? "internal error"
                : status == HttpStatus.BAD_REQUEST ? "bad request: the request line, URI or a header is malformed"
                : status.getReasonPhrase().toLowerCase();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(new ErrorBody(message)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already closed: nothing more to say
        }
    }
}
