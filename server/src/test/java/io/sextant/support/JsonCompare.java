package io.sextant.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Compares an expected JSON tree with an actual one: same field names, same array lengths, equal
 * strings, booleans and nulls. Numbers: an expected whole number needs an actual whole number that
 * is equal; an expected fraction needs a number within 1e-9 (relative to its size, at least 1):
 * sums and medians of doubles may differ in the last bits between engines, while every fraction the
 * contract defines (shares to 4 decimals, medians of at most millions of values) differs in far
 * larger steps.
 */
public final class JsonCompare {

    public static final double TOLERANCE = 1e-9;

    private JsonCompare() {}

    /** The first difference as "path: expected … but was …", or empty when equivalent. */
    public static Optional<String> difference(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>(1);
        compare("$", expected, actual, out);
        return out.stream().findFirst();
    }

    private static boolean compare(String path, JsonNode e, JsonNode a, List<String> out) {
        if (a == null || a.isMissingNode()) {
            return fail(out, path + ": expected " + e + " but it is missing");
        }
        if (e.isNumber()) {
            if (!a.isNumber()) {
                return fail(out, path + ": expected number " + e + " but was " + a);
            }
            if (e.isIntegralNumber()) {
                return a.isIntegralNumber() && a.longValue() == e.longValue()
                        || fail(out, path + ": expected " + e + " but was " + a);
            }
            double x = e.doubleValue();
            double y = a.doubleValue();
            return Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))
                    || fail(out, path + ": expected " + e + " but was " + a);
        }
        if (e.isObject()) {
            if (!a.isObject()) {
                return fail(out, path + ": expected an object but was " + a);
            }
            List<String> en = names(e);
            List<String> an = names(a);
            if (!new java.util.HashSet<>(en).equals(new java.util.HashSet<>(an))) {
                return fail(out, path + ": expected fields " + en + " but were " + an);
            }
            for (String n : en) {
                if (!compare(path + "." + n, e.get(n), a.get(n), out)) {
                    return false;
                }
            }
            return true;
        }
        if (e.isArray()) {
            if (!a.isArray() || a.size() != e.size()) {
                return fail(out, path + ": expected " + e + " but was " + a);
            }
            for (int i = 0; i < e.size(); i++) {
                if (!compare(path + "[" + i + "]", e.get(i), a.get(i), out)) {
                    return false;
                }
            }
            return true;
        }
        return e.equals(a) || fail(out, path + ": expected " + e + " but was " + a);
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.propertyNames().iterator();
        it.forEachRemaining(names::add);
        return names;
    }

    private static boolean fail(List<String> out, String message) {
        out.add(message);
        return false;
    }
}
