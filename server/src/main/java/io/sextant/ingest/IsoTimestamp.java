package io.sextant.ingest;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads an event's ISO-8601 timestamp with offset ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME})
 * as epoch milliseconds.
 *
 * <p>The common form, {@code 2025-01-04T23:00:00.000Z} or with {@code ±HH:MM} and 0 to 9 fraction
 * digits, is read directly, without the formatter's parse context (which copies a map of fields for
 * every optional section, and was the largest cost of reading an ingestion batch). Every other form,
 * and every form whose values are out of range, goes to the formatter, so the accepted strings,
 * their values and the rejections are exactly the formatter's; {@code IsoTimestampTest} compares the
 * two over generated strings.
 */
final class IsoTimestamp {

    private IsoTimestamp() {}

    /** Epoch milliseconds (the instant's, rounded down); throws {@link DateTimeException} for a string that is not such a time. */
    static long toEpochMilli(String s) {
        long fast = direct(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    }

    /** The common form's value, or {@link Long#MIN_VALUE} when the string is not in it or not valid. */
    static long direct(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return Long.MIN_VALUE;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return Long.MIN_VALUE;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) {
            return Long.MIN_VALUE; // the formatter says what is wrong
        }
        long epochSecond = local.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
        return Math.addExact(Math.multiplyExact(epochSecond, 1000L), nanos / 1_000_000);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
