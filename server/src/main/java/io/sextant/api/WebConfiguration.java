package io.sextant.api;

import io.sextant.auth.AuthInterceptor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AuthInterceptor auth;

    WebConfiguration(AuthInterceptor auth) {
        this.auth = auth;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Every path: the interceptor acts on @RequiresPermission alone, wherever the endpoint lives.
        registry.addInterceptor(auth);
    }

    /**
     * Failures Tomcat answers itself (a malformed URI, say) answer JSON too, never its HTML page; an
     * error answered before its body was read leaves the body unread ({@link UnreadBodyValve}).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
            factory.addContextValves(new UnreadBodyValve());
        };
    }

    @Bean
    OpenAPI sextantOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Sextant statistics API").version("v1")
                        .description("Statistics for chatbots and voicebots: ingestion, reports, inbox statistics, "
                                + "channels, exports and API keys. Every error answers {\"error\": \"...\"}."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(AuthInterceptor.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
