package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct reading of the common timestamp form agrees with {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} on every string. */
class IsoTimestampTest {

    private static Long formatter(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Long ours(String s) {
        try {
            return IsoTimestamp.toEpochMilli(s);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheFormatterOnGeneratedStringsAndReadsTheCommonFormItself() {
        Random r = new Random(42);
        int direct = 0;
        int valid = 0;
        for (int i = 0; i < 300_000; i++) {
            String s = generate(r);
            Long expected = formatter(s);
            assertThat(ours(s)).as(s).isEqualTo(expected);
            long d = IsoTimestamp.direct(s);
            if (d != Long.MIN_VALUE) {
                direct++;
                assertThat(expected).as("read directly but refused by the formatter: %s", s).isNotNull();
            }
            if (expected != null) {
                valid++;
            }
        }
        // most valid generated strings are in the common form: the direct path does the work
        assertThat(valid).isGreaterThan(100_000);
        assertThat(direct).isGreaterThan(valid * 3 / 5);
    }

    @Test
    void edges() {
        assertThat(IsoTimestamp.toEpochMilli("1970-01-01T00:00:00Z")).isZero();
        assertThat(IsoTimestamp.toEpochMilli("1969-12-31T23:59:59.9999Z")).isEqualTo(-1); // rounded down, as Instant does
        assertThat(IsoTimestamp.toEpochMilli("2024-02-29T12:00:00.5+05:30")).isEqualTo(formatter("2024-02-29T12:00:00.5+05:30"));
        assertThat(IsoTimestamp.direct("2024-02-29T12:00:00.5+05:30")).isNotEqualTo(Long.MIN_VALUE);
        assertThat(IsoTimestamp.toEpochMilli("2025-01-04T23:00Z")).isEqualTo(formatter("2025-01-04T23:00Z")); // no seconds: the formatter's form
        assertThat(IsoTimestamp.toEpochMilli("2025-01-04t23:00:00z")).isEqualTo(formatter("2025-01-04t23:00:00z"));
        assertThat(IsoTimestamp.toEpochMilli("2025-01-04T23:00:00.Z")).isEqualTo(formatter("2025-01-04T23:00:00.Z")); // a point without digits: accepted
        for (String bad : new String[] {"2025-02-29T00:00:00Z", "2025-01-04T24:00:00Z", "2025-01-04T23:60:00Z", "2025-01-04T23:00:60Z",
                "2025-01-04T23:00:00+18:01", "2025-01-04T23:00:00+01:60", "2025-01-04T23:00:00.1234567890Z",
                "2025-01-04T23:00:00", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-01-04 23:00:00Z", "+2025-01-04T23:00:00Z"}) {
            assertThatThrownBy(() -> IsoTimestamp.toEpochMilli(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }

    private static String generate(Random r) {
        StringBuilder s = new StringBuilder();
        s.append(pick(r, String.format("%04d", r.nextInt(10_000)), "1970", "2024", "2025", "0000", "9999"));
        s.append('-').append(two(r, 13)).append('-').append(two(r, 32));
        s.append(pick(r, "T", "T", "T", "T", "t", " "));
        s.append(two(r, 25)).append(':').append(two(r, 61));
        if (r.nextInt(10) > 0) {
            s.append(':').append(two(r, 61));
        }
        if (r.nextBoolean()) {
            s.append('.');
            int digits = r.nextInt(11);
            for (int k = 0; k < digits; k++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
        }
        switch (r.nextInt(8)) {
            case 0, 1, 2 -> s.append('Z');
            case 3 -> s.append(pick(r, "z", "", "+0530", "+05", "+05:30:15", "-00:00", "+00:00"));
            default -> s.append(r.nextBoolean() ? '+' : '-').append(two(r, 20)).append(':').append(pick(r, "00", "30", "45", two(r, 61)));
        }
        if (r.nextInt(50) == 0) { // a stray character anywhere
            s.setCharAt(r.nextInt(s.length()), pick(r, "x", "-", ":", "9", ".").charAt(0));
        }
        return s.toString();
    }

    private static String two(Random r, int bound) {
        return String.format("%02d", r.nextInt(10) == 0 ? r.nextInt(100) : r.nextInt(bound));
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
