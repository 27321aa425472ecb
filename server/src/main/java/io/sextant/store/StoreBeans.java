package io.sextant.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store's engine-neutral beans, the same whichever engine answers: the {@link ChangeLog} that
 * every engine's writes record into and the report cache listens to, and the writer's
 * {@link StoreHealth}; and the check of {@code sextant.store} ({@link StoreSelection}).
 */
@Configuration(proxyBeanMethods = false)
class StoreBeans {

    /** Checks {@code sextant.store} before any bean is made (static: it is a bean factory post-processor). */
    @Bean
    static StoreSelection storeSelection() {
        return new StoreSelection();
    }

    @Bean
    ChangeLog changeLog() {
        return new ChangeLog();
    }

    /** The writer's health: part of {@code /actuator/health}, DOWN while writes fail. */
    @Bean
    StoreHealth storeHealth() {
        return new StoreHealth();
    }
}
