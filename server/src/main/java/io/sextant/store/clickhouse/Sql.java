package io.sextant.store.clickhouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One ClickHouse statement with its values bound. ClickHouse 18.16 has no query parameters
 * ({@code {name:Type}} came later), so the values are bound here, as literals: every {@code ?}
 * outside a string literal of the template takes the next value, rendered by {@link #literal}, which
 * escapes strings completely. A template is written by Sextant's code, never assembled from input;
 * input only ever reaches the SQL through a value.
 */
public record Sql(String text) {

    public Sql {
        Objects.requireNonNull(text);
    }

    /** Binds {@code values} to the {@code ?}s of {@code template}, in order. */
    public static Sql of(String template, Object... values) {
        StringBuilder out = new StringBuilder(template.length() + 16 * values.length);
        int next = 0;
        boolean inString = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < template.length()) {
                    out.append(template.charAt(++i));
                } else if (c == '\'') {
                    inString = false;
                }
            } else if (c == '\'') {
                inString = true;
                out.append(c);
            } else if (c == '?') {
                if (next == values.length) {
                    throw new IllegalArgumentException("more ? than values (" + values.length + ") in: " + template);
                }
                out.append(literal(values[next++]));
            } else {
                out.append(c);
            }
        }
        if (next != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + next + " ? in: " + template);
        }
        return new Sql(out.toString());
    }

    /**
     * A value as a ClickHouse literal: a string quoted with every quote, backslash and control
     * character escaped; an integer as its digits; a double in full precision (never NaN or
     * infinite); a boolean as 1 or 0; a collection as a parenthesised list (for {@code IN}; an empty
     * one as {@code (NULL)}, which matches nothing); null as {@code NULL}.
     */
    public static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> quote(s);
            case Long l -> Long.toString(l);
            case Integer i -> Integer.toString(i);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    throw new IllegalArgumentException("not a finite number: " + d);
                }
                yield Double.toString(d);
            }
            case Boolean b -> b ? "1" : "0";
            case Collection<?> c -> {
                if (c.isEmpty()) {
                    yield "(NULL)";
                }
                List<String> parts = new ArrayList<>(c.size());
                for (Object o : c) {
                    parts.add(literal(o));
                }
                yield "(" + String.join(", ", parts) + ")";
            }
            default -> throw new IllegalArgumentException("no literal for " + value.getClass().getName());
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\0' -> b.append("\\0");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
