package io.sextant.store.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The fixed SQL of the ClickHouse read stores, kept readable as {@code .sql} files beside this class
 * ({@code src/main/resources/io/sextant/store/clickhouse/NAME.sql}); the twin of DuckDB's
 * {@code SqlResource}, with the same rules.
 *
 * <p>A file starts with a comment block whose first line is {@code -- NAME} and whose further
 * {@code --} lines say what the statement does and which slots it has; the block is not part of the
 * statement. A slot {@code {{slot}}} is filled with a fixed text (another resource, a constant
 * condition), a form {@code {{form argument}}} with what the caller's function of that name makes of
 * the argument. Never request text: values are named {@code :name} and bound by {@link NamedSql}.
 */
final class SqlResource {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResource() {}

    /** The statement of {@code NAME.sql}; it must have no slots. */
    static String load(String name) {
        return load(name, Map.of(), Map.of());
    }

    /** The statement with each {@code {{slot}}} replaced by its text. */
    static String load(String name, Map<String, String> slots) {
        return load(name, slots, Map.of());
    }

    /** The statement with its slots filled and each {@code {{form argument}}} replaced by {@code forms.get(form)} of the argument. */
    static String load(String name, Map<String, String> slots, Map<String, UnaryOperator<String>> forms) {
        String sql = CACHE.computeIfAbsent(name, SqlResource::read);
        for (var slot : slots.entrySet()) {
            String token = "{{" + slot.getKey() + "}}";
            if (!sql.contains(token)) {
                throw new IllegalArgumentException(name + ".sql has no slot " + token);
            }
            sql = sql.replace(token, slot.getValue());
        }
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (int open; (open = sql.indexOf("{{", at)) >= 0; ) {
            int close = sql.indexOf("}}", open);
            int space = sql.indexOf(' ', open);
            if (close < 0 || space < 0 || space > close) {
                throw new IllegalArgumentException(name + ".sql: slot left unfilled at "
                        + sql.substring(open, Math.min(sql.length(), open + 40)));
            }
            UnaryOperator<String> form = forms.get(sql.substring(open + 2, space));
            if (form == null) {
                throw new IllegalArgumentException(name + ".sql: no form for " + sql.substring(open, close + 2));
            }
            out.append(sql, at, open).append(form.apply(sql.substring(space + 1, close)));
            at = close + 2;
        }
        return out.append(sql.substring(at)).toString();
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
