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
        int[] next = {0};
        String text = outsideLiterals(template, (t, i, out) -> {
            if (t.charAt(i) != '?') {
                out.append(t.charAt(i));
                return i + 1;
            }
            if (next[0] == values.length) {
                throw new IllegalArgumentException("more ? than values (" + values.length + ") in: " + template);
            }
            out.append(literal(values[next[0]++]));
            return i + 1;
        });
        if (next[0] != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + next[0] + " ? in: " + template);
        }
        return new Sql(text);
    }

    /** What a scan does at a character of the SQL outside string literals. */
    interface Code {
        /** Appends what stands for the text at {@code i} to {@code out}; returns the index to go on from (after {@code i}). */
        int at(String text, int i, StringBuilder out);
    }

    /**
     * Copies {@code text}, string literals ({@code '…'}, with backslash escapes) unchanged and every
     * other character through {@code code}: the one scan both ways of binding values
     * ({@code ?} here, {@code :name} in {@link NamedSql}) share, so neither binds inside a literal.
     */
    static String outsideLiterals(String text, Code code) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == '\'') {
                    inString = false;
                }
                i++;
            } else if (c == '\'') {
                inString = true;
                out.append(c);
                i++;
            } else {
                i = code.at(text, i, out);
            }
        }
        return out.toString();
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
