package io.sextant.auth;

import io.sextant.api.ApiException;
import io.sextant.api.ErrorBody;
import io.sextant.store.ApiKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus} needs a key with {@link Grants#METRICS} on {@code *}: the metrics hold
 * no tenant data, but request rates and sizes are still nobody else's business. Prometheus sends it
 * as {@code Authorization: Bearer <key>} ({@code authorization: {credentials: ...}} in its scrape
 * config); the {@code x-chatcaptain-key} header works too. Health stays open for load balancers.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccessFilter {

    static final String PATH = "/actuator/prometheus";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> metricsAccess(ApiKeyService keys) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    ApiKey key = keys.requireKey(secret(request), "as Authorization: Bearer <key> or in the " + AuthInterceptor.HEADER + " header");
                    ApiKeyService.requirePermission(key, Grants.METRICS, Grants.ALL_RESOURCES);
                } catch (ApiException e) {
                    deny(response, e.status().value(), e.getMessage());
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns(PATH, PATH + "/*");
        return registration;
    }

    /** The key of the request, from x-chatcaptain-key or a bearer token; null when there is none. */
    static String secret(HttpServletRequest request) {
        String header = request.getHeader(AuthInterceptor.HEADER);
        if (header != null && !header.isBlank()) {
            return header;
        }
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : null;
    }

    private static void deny(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(new ErrorBody(message)));
    }
}
