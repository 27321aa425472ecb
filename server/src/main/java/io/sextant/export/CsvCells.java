package io.sextant.export;

import io.sextant.api.Instants;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How values are written into export cells. */
final class CsvCells {

    static final int DECIMAL_PLACES = 6;

    private CsvCells() {}

    /**
     * A text cell; null is an empty cell. Text beginning with {@code =}, {@code +}, {@code -},
     * {@code @}, tab or carriage return is prefixed with {@code '} so that a spreadsheet shows it
     * instead of evaluating it as a formula.
     */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return switch (s.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + s;
            default -> s;
        };
    }

    static String count(long n) {
        return Long.toString(n);
    }

    /**
     * A decimal rounded to six places (half up) in plain notation without trailing zeros: 12, 12.5,
     * 0.283. The rounding hides binary noise (0.28300000000000003) and keeps a file the same from
     * run to run, whatever order a parallel sum added its terms in. Null is an empty cell.
     */
    static String decimal(Double d) {
        if (d == null) {
            return "";
        }
        BigDecimal v = BigDecimal.valueOf(d).setScale(DECIMAL_PLACES, RoundingMode.HALF_UP).stripTrailingZeros();
        return v.signum() == 0 ? "0" : v.toPlainString();
    }

    /** Milliseconds as seconds with three decimals, 12345 → 12.345; null is an empty cell. */
    static String seconds(Long millis) {
        return millis == null ? "" : BigDecimal.valueOf(millis, 3).toPlainString();
    }

    static String instant(long epochMillis) {
        return Instants.format(epochMillis);
    }
}
