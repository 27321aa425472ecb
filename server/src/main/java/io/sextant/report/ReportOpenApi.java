package io.sextant.report;

import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Documents the {@code components} parameter of each report with its ID and name list, from the
 * registry, and {@code interval} as a number with the values {@link TimeWindow.Interval} accepts.
 */
@Configuration(proxyBeanMethods = false)
class ReportOpenApi {

    @Bean
    OperationCustomizer reportComponentLists() {
        return (operation, handler) -> {
            if (handler.getBeanType() != ReportController.class || operation.getParameters() == null) {
                return operation;
            }
            ReportKind kind = handler.getMethod().getName().equals("channel") ? ReportKind.CHANNEL : ReportKind.OVERVIEW;
            for (Parameter p : operation.getParameters()) {
                if ("components".equals(p.getName())) {
                    p.setDescription(description(kind));
                } else if ("interval".equals(p.getName())) {
                    NumberSchema seconds = new NumberSchema();
                    for (TimeWindow.Interval i : TimeWindow.Interval.values()) {
                        seconds.addEnumItem(BigDecimal.valueOf(i.seconds()));
                    }
                    p.setSchema(seconds);
                }
            }
            return operation;
        };
    }

    static String description(ReportKind kind) {
        StringBuilder sb = new StringBuilder("Comma-separated list of component IDs (names are accepted too; blanks around "
                + "items are allowed, duplicates collapse). Example: 0,1,2\n\n");
        for (Component c : kind.components()) {
            sb.append("- ").append(kind.id(c)).append(": ").append(kind.name(c)).append(" (").append(c.shape().name().toLowerCase()).append(")\n");
        }
        return sb.toString();
    }
}
