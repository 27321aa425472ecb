package io.sextant.store.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The fixed SQL of the DuckDB stores, kept readable as {@code .sql} files beside this class
 * ({@code src/main/resources/io/sextant/store/duckdb/NAME.sql}).
 *
 * <p>A file starts with a comment block whose first line is {@code -- NAME}, its own name (so a
 * copied file that kept another's name fails at once), and whose further {@code --} lines say what
 * the statement does and which slots it has. The block is not part of the statement. A slot is
 * written {@code {{slot}}} and is filled with a fixed text by plain replacement: another resource,
 * or a constant condition; never request text, which is always bound as a parameter. A form is
 * written {@code {{form argument}}} and is filled with what the caller's function of that name
 * makes of the argument (a column, say): one statement, written once, for variants that differ only
 * in how they spell one thing.
 */
final class SqlResource {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResource() {}

    /** The statement of {@code NAME.sql}, without its leading comment block; it must have no slots. */
    static String load(String name) {
        return fill(name, Map.of());
    }

    /** The statement of {@code NAME.sql} with each {@code {{slot}}} replaced by its text in {@code slots}. */
    static String load(String name, Map<String, String> slots) {
        return fill(name, slots);
    }

    /**
     * As {@link #load(String, Map)}, with each {@code {{form argument}}} replaced by what the
     * function {@code forms.get(form)} makes of {@code argument}.
     */
    static String load(String name, Map<String, String> slots, Map<String, UnaryOperator<String>> forms) {
        String sql = CACHE.computeIfAbsent(name, SqlResource::read);
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (int open; (open = sql.indexOf("{{", at)) >= 0; ) {
            int close = sql.indexOf("}}", open);
            int space = sql.indexOf(' ', open);
            if (close < 0 || space < 0 || space > close) { // a plain slot: left for fill
                out.append(sql, at, close < 0 ? sql.length() : close + 2);
                at = close < 0 ? sql.length() : close + 2;
                continue;
            }
            UnaryOperator<String> form = forms.get(sql.substring(open + 2, space));
            if (form == null) {
                throw new IllegalArgumentException(name + ".sql: no form for " + sql.substring(open, close + 2));
            }
            out.append(sql, at, open).append(form.apply(sql.substring(space + 1, close)));
            at = close + 2;
        }
        out.append(sql.substring(at));
        return fill(name, out.toString(), slots);
    }

    private static String fill(String name, Map<String, String> slots) {
        return fill(name, CACHE.computeIfAbsent(name, SqlResource::read), slots);
    }

    private static String fill(String name, String sql, Map<String, String> slots) {
        for (var slot : slots.entrySet()) {
            String token = "{{" + slot.getKey() + "}}";
            if (!sql.contains(token)) {
                throw new IllegalArgumentException(name + ".sql has no slot " + token);
            }
            sql = sql.replace(token, slot.getValue());
        }
        int open = sql.indexOf("{{");
        if (open >= 0) {
            throw new IllegalArgumentException(name + ".sql: slot left unfilled at " + sql.substring(open, Math.min(sql.length(), open + 40)));
        }
        return sql;
    }

    private static String read(String name) {
        String file = name + ".sql";
        try (InputStream in = SqlResource.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no SQL resource " + file + " beside " + SqlResource.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("-- " + name + "\n")) {
                throw new IllegalStateException(file + " must start with the line '-- " + name + "'");
            }
            int body = 0;
            while (text.startsWith("--", body)) {
                int eol = text.indexOf('\n', body);
                body = eol < 0 ? text.length() : eol + 1;
            }
            return text.substring(body).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
