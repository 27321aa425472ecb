package io.sextant.segment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes the repeatable {@code filter} query parameter ({@link SegmentParser}).
 * The handler reads the values itself ({@code getParameterValues}: Spring would split a single value
 * at its commas), and {@link SegmentOpenApi} documents the parameter of every endpoint so marked.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Filtered {}
