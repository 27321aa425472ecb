package io.sextant.store.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A statement whose values are named, {@code :name}, as in the DuckDB store, so that one text can
 * use a value many times and a snapshot can list the values by name. {@link #bind} turns every name
 * outside a string literal into {@link Sql#of}'s {@code ?}, so every value still reaches ClickHouse
 * as one of its escaped literals; a {@link List} value becomes an array literal {@code [?, ?, …]}
 * (ClickHouse arrays: bucket starts), other collections stay {@link Sql#of}'s {@code IN} lists.
 *
 * @param text the statement with {@code :name}s
 * @param values by name
 */
record NamedSql(String text, Map<String, Object> values) {

    NamedSql {
        values = new TreeMap<>(values);
    }

    /** The statement as sent: every name bound through {@link Sql#of}. */
    Sql bind() {
        List<Object> ordered = new ArrayList<>();
        String text = Sql.outsideLiterals(this.text, (t, i, out) -> {
            char c = t.charAt(i);
            if (c == '?') {
                throw new IllegalArgumentException("a named statement has no ?: " + t);
            }
            if (c != ':' || i + 1 >= t.length() || !Character.isJavaIdentifierStart(t.charAt(i + 1))) {
                out.append(c);
                return i + 1;
            }
            int end = i + 1;
            while (end < t.length() && Character.isJavaIdentifierPart(t.charAt(end))) {
                end++;
            }
            String name = t.substring(i + 1, end);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name + " in: " + t);
            }
            Object v = values.get(name);
            if (v instanceof List<?> list) {
                out.append('[');
                for (int k = 0; k < list.size(); k++) {
                    out.append(k == 0 ? "?" : ", ?");
                    ordered.add(list.get(k));
                }
                out.append(']');
            } else {
                out.append('?');
                ordered.add(v);
            }
            return end;
        });
        return Sql.of(text, ordered.toArray());
    }
}
