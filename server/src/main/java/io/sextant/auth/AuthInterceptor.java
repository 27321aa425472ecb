package io.sextant.auth;

import io.sextant.store.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks the {@code x-chatcaptain-key} header of every endpoint marked {@link RequiresPermission},
 * before any parameter is read: 401 without an active key, 403 when the key lacks the permission on
 * the resource. Only then does the endpoint look at the chatbot (404) and its parameters (400), so a
 * caller without access learns nothing about a chatbot.
 */
@Component
public class AuthInterceptor implements HandlerInterceptor {

    public static final String HEADER = "x-chatcaptain-key";
    /** The request attribute that holds the request's authenticated {@link ApiKey}, allowed or not. */
    public static final String KEY_ATTRIBUTE = AuthInterceptor.class.getName() + ".key";

    private final ApiKeyService keys;

    AuthInterceptor(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
        if (required == null) {
            return true;
        }
        ApiKey key = keys.requireKey(request.getHeader(HEADER), "in the " + HEADER + " header");
        request.setAttribute(KEY_ATTRIBUTE, key); // authenticated, if perhaps not allowed: see UnreadBodyValve
        String resource = required.global() ? Grants.ALL_RESOURCES : Grants.chatbot(chatbotId(request));
        ApiKeyService.requirePermission(key, required.value(), resource);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static String chatbotId(HttpServletRequest request) {
        var vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = vars == null ? null : vars.get("chatbotId");
        if (id == null) {
            throw new IllegalStateException("endpoint " + request.getRequestURI() + " has no {chatbotId}");
        }
        return id;
    }
}
