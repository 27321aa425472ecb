package io.sextant.report;

import io.sextant.api.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time window of one request, built once and shared by everything that answers it.
 *
 * <p>All times are epoch milliseconds, both ends inclusive. The window W is [from, to]; the
 * previous period P is [from − L, from − 1 ms] with L = to − from + 1 ms.
 *
 * <p>Buckets: without a zone, bucket k is [from + k·I, from + (k+1)·I − 1 ms] cut at {@code to}.
 * With a zone, the first bucket starts at {@code from} and every later one at a local boundary:
 * an instant at which the local wall clock reads a whole hour (hourly) or midnight (daily), or at
 * which the local hour (or date) changes without passing one — the first instant of a local hour
 * or day whose start a DST gap skipped (America/Santiago's missing midnight, Australia/Lord_Howe's
 * half-hour jumps). So a local day is 23 or 25 hours long across a DST change, and a fall-back day
 * has 25 hourly buckets (the repeated hour is two buckets).
 */
public record TimeWindow(long from, long to, Interval interval, Optional<ZoneId> zone, List<Bucket> buckets) {
    // interval is null only for a plain range (see range(from, to)).

    /** One bucket: [start, end], both inclusive, epoch milliseconds. */
    public record Bucket(long start, long end) {}

    /** The bucket width a report asks for. */
    public enum Interval {
        HOUR(3600, 744, ChronoUnit.HOURS),
        DAY(86400, 1098, ChronoUnit.DAYS);

        private final int seconds;
        private final int maxBuckets;
        private final ChronoUnit unit;

        Interval(int seconds, int maxBuckets, ChronoUnit unit) {
            this.seconds = seconds;
            this.maxBuckets = maxBuckets;
            this.unit = unit;
        }

        public int seconds() {
            return seconds;
        }

        public long millis() {
            return seconds * 1000L;
        }

        public int maxBuckets() {
            return maxBuckets;
        }

        public static Interval parse(String raw) {
            if (raw == null) {
                throw ApiException.badRequest("missing required parameter 'interval' (3600 or 86400)");
            }
            return switch (raw.strip()) {
                case "3600" -> HOUR;
                case "86400" -> DAY;
                default -> throw ApiException.badRequest("interval '" + raw + "' is invalid; expected 3600 or 86400");
            };
        }
    }

    public TimeWindow {
        buckets = List.copyOf(buckets);
    }

    /** Length of the window in milliseconds, L = to − from + 1 ms. */
    public long length() {
        return to - from + 1;
    }

    public long previousFrom() {
        return from - length();
    }

    public long previousTo() {
        return from - 1;
    }

    /** Parses and validates the request parameters; 400 naming the parameter on any fault. */
    public static TimeWindow parse(String from, String to, String interval, String timezone) {
        return of(instant("from", from), instant("to", to), Interval.parse(interval), zoneOf(timezone), Integer.MAX_VALUE);
    }

    /** As {@link #parse} with a tighter bucket limit (exports allow 366 days). */
    public static TimeWindow parse(String from, String to, String interval, String timezone, int maxBuckets) {
        return of(instant("from", from), instant("to", to), Interval.parse(interval), zoneOf(timezone), maxBuckets);
    }

    /**
     * A plain window [from, to] without buckets, for answers that are not split by time (inbox
     * statistics): the same parsing and 400s as {@link #parse}, no interval and no zone.
     */
    public static TimeWindow range(String from, String to) {
        long f = instant("from", from);
        long t = instant("to", to);
        if (t < f) {
            throw ApiException.badRequest("to (" + Instant.ofEpochMilli(t) + ") is before from (" + Instant.ofEpochMilli(f) + ")");
        }
        return new TimeWindow(f, t, null, Optional.empty(), List.of());
    }

    /**
     * Builds the window; 400 when {@code to} is before {@code from} or there are more buckets than
     * the interval allows (744 hourly, 1,098 daily) or than {@code maxBuckets}.
     */
    public static TimeWindow of(long from, long to, Interval interval, Optional<ZoneId> zone, int maxBuckets) {
        if (to < from) {
            throw ApiException.badRequest("to (" + Instant.ofEpochMilli(to) + ") is before from (" + Instant.ofEpochMilli(from) + ")");
        }
        int limit = Math.min(maxBuckets, interval.maxBuckets());
        List<Bucket> buckets = zone.isEmpty()
                ? fixedBuckets(from, to, interval, limit)
                : localBuckets(from, to, interval, zone.get(), limit);
        return new TimeWindow(from, to, interval, zone, buckets);
    }

    private static List<Bucket> fixedBuckets(long from, long to, Interval interval, int limit) {
        long width = interval.millis();
        long count = (to - from) / width + 1; // = ceil((to − from + 1) / width)
        if (count > limit) {
            throw tooMany(interval, count, limit);
        }
        List<Bucket> list = new ArrayList<>((int) count);
        for (long start = from; start <= to; start += width) {
            list.add(new Bucket(start, Math.min(start + width - 1, to)));
        }
        return list;
    }

    private static List<Bucket> localBuckets(long from, long to, Interval interval, ZoneId zone, int limit) {
        ZoneRules rules = zone.getRules();
        List<Bucket> list = new ArrayList<>();
        long start = from;
        while (true) {
            long next = nextBoundary(start, interval.unit, rules);
            if (list.size() == limit) {
                throw tooMany(interval, list.size() + 1L, limit);
            }
            if (next > to) {
                list.add(new Bucket(start, to));
                return list;
            }
            list.add(new Bucket(start, next - 1));
            start = next;
        }
    }

    /** The first local boundary strictly after {@code t} (see the class comment). */
    static long nextBoundary(long t, ChronoUnit unit, ZoneRules rules) {
        Instant cur = Instant.ofEpochMilli(t);
        while (true) {
            ZoneOffset offset = rules.getOffset(cur);
            LocalDateTime local = LocalDateTime.ofInstant(cur, offset);
            Instant candidate = unitStart(local, unit).plus(1, unit).toInstant(offset);
            ZoneOffsetTransition transition = rules.nextTransition(cur);
            if (transition == null || candidate.isBefore(transition.getInstant())) {
                return candidate.toEpochMilli();
            }
            Instant at = transition.getInstant();
            if (isBoundary(at, unit, rules)) {
                return at.toEpochMilli();
            }
            cur = at;
        }
    }

    /** True when a zone transition instant starts a bucket: the clock shows a unit start, or the unit changed. */
    private static boolean isBoundary(Instant at, ChronoUnit unit, ZoneRules rules) {
        LocalDateTime after = LocalDateTime.ofInstant(at, rules.getOffset(at));
        Instant justBefore = at.minusMillis(1);
        LocalDateTime before = LocalDateTime.ofInstant(justBefore, rules.getOffset(justBefore));
        return after.equals(unitStart(after, unit)) || !unitStart(after, unit).equals(unitStart(before, unit));
    }

    private static LocalDateTime unitStart(LocalDateTime local, ChronoUnit unit) {
        return local.truncatedTo(unit);
    }

    private static ApiException tooMany(Interval interval, long count, int limit) {
        return ApiException.badRequest("the window from/to holds " + (count > limit ? "more than " + limit : String.valueOf(count))
                + " buckets of interval " + interval.seconds() + "; at most " + limit + " are allowed");
    }

    static long instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("missing required parameter '" + name + "'");
        }
        try {
            return OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest(name + " '" + raw + "' is not an ISO-8601 instant with offset, such as 2025-01-04T23:00:00.000Z");
        }
    }

    static Optional<ZoneId> zoneOf(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(raw.strip()));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("timezone '" + raw + "' is not an IANA time zone such as Europe/Berlin");
        }
    }
}
