package io.sextant.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that needs an API key holding {@code value} on its resource: the chatbot of the
 * path ({@code chatbots/{chatbotId}}), or {@code *} when {@link #global()} is set.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresPermission {
    String value();

    boolean global() default false;
}
