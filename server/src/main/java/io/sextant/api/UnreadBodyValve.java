package io.sextant.api;

import io.sextant.auth.AuthInterceptor;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * An error answered to a caller without a valid key leaves the rest of a large body unread.
 *
 * <p>Tomcat reads ("swallows") what is left of a body after the response, to keep the connection
 * for the next request; ingestion sets no limit on that ({@code server.tomcat.max-swallow-size=-1})
 * so that a client sending too much still reads its 413: a client still sending when the server
 * closes the connection gets a reset and often loses the answer. But then a caller without a key
 * could make the server read a 300 MB body to the end after its 401 (or the 404 of an unknown
 * route). So for an error (4xx, 5xx) to a request that no key authenticated, whose body was not
 * read to its end and is larger than {@link #SWALLOWED} (or of unknown, chunked, length), the rest
 * is left unread and the connection is closed after the answer. A small body is still read, as
 * Tomcat would by default: closing on unread bytes makes the client's TCP stack see a reset, and a
 * client often loses the answer then.
 */
final class UnreadBodyValve extends ValveBase {

    /** The largest body of an unauthenticated error that is still read (Tomcat's default swallow size). */
    static final long SWALLOWED = 2 * 1024 * 1024;

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() >= 400 && !request.isAsync() && request.getAttribute(AuthInterceptor.KEY_ATTRIBUTE) == null) {
            AtomicBoolean fullyRead = new AtomicBoolean(true);
            request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
            long length = request.getContentLengthLong();
            if (!fullyRead.get() && (length < 0 || length > SWALLOWED)) {
                response.finishResponse(); // the whole answer first (a chunked one with its last chunk)
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }
}
