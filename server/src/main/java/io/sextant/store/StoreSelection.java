package io.sextant.store;

import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Which engine answers the store contracts: the property {@code sextant.store}
 * ({@code SEXTANT_STORE}), {@value #DEFAULT} unless set.
 *
 * <p>Each engine's configuration classes carry
 * {@code @ConditionalOnProperty(name = "sextant.store", havingValue = "<engine>")} (DuckDB's also
 * {@code matchIfMissing = true}), so exactly the chosen engine's stores are wired. This check runs
 * once the configuration is read and before any bean is made, so a value no engine answers to
 * stops the start with one plain sentence instead of a missing-bean error. A new engine adds its
 * name to {@link #ENGINES} and its configuration beside DuckDB's.
 */
public final class StoreSelection implements BeanFactoryPostProcessor, EnvironmentAware {

    public static final String PROPERTY = "sextant.store";
    public static final String DEFAULT = "duckdb";
    /** The engines of this build. */
    public static final List<String> ENGINES = List.of(DEFAULT, "clickhouse");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment.getProperty(PROPERTY, DEFAULT));
    }

    /** Throws {@link UnknownStoreException} unless {@code store} is an engine of this build. */
    public static void check(String store) {
        if (!ENGINES.contains(store)) {
            throw new UnknownStoreException(store, ENGINES);
        }
    }

    /** {@code sextant.store} names no engine of this build. */
    public static final class UnknownStoreException extends IllegalStateException {
        UnknownStoreException(String store, List<String> engines) {
            super(PROPERTY + " '" + store + "' is unknown; this build has: " + String.join(", ", engines));
        }
    }
}
