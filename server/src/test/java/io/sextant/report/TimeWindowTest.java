package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.api.ApiException;
import io.sextant.api.Instants;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static List<String> starts(TimeWindow w) {
        return w.buckets().stream().map(b -> Instants.format(b.start())).toList();
    }

    private static void assertContiguous(TimeWindow w) {
        assertThat(w.buckets().getFirst().start()).isEqualTo(w.from());
        assertThat(w.buckets().getLast().end()).isEqualTo(w.to());
        for (int i = 1; i < w.buckets().size(); i++) {
            assertThat(w.buckets().get(i).start()).isEqualTo(w.buckets().get(i - 1).end() + 1);
        }
    }

    @Test
    void fixedBucketsCutAtTo() {
        TimeWindow w = TimeWindow.parse("2025-01-04T23:00:00.000Z", "2025-01-05T01:30:00.000Z", "3600", null);
        assertThat(starts(w)).containsExactly("2025-01-04T23:00:00.000Z", "2025-01-05T00:00:00.000Z", "2025-01-05T01:00:00.000Z");
        assertThat(Instants.format(w.buckets().getLast().end())).isEqualTo("2025-01-05T01:30:00.000Z");
        assertContiguous(w);
    }

    @Test
    void exactlyOneIntervalIsOneBucketAndOneMoreMillisecondIsTwo() {
        assertThat(TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-01T23:59:59.999Z", "86400", null).buckets()).hasSize(1);
        assertThat(TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-02T00:00:00.000Z", "86400", null).buckets()).hasSize(2);
        TimeWindow oneMs = TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "3600", null);
        assertThat(oneMs.buckets()).containsExactly(new TimeWindow.Bucket(oneMs.from(), oneMs.from()));
        assertThat(oneMs.length()).isEqualTo(1);
    }

    @Test
    void previousPeriodHasTheSameLengthAndEndsJustBeforeFrom() {
        TimeWindow w = TimeWindow.parse("2025-02-01T00:00:00Z", "2025-02-01T23:59:59.999Z", "3600", null);
        assertThat(Instants.format(w.previousFrom())).isEqualTo("2025-01-31T00:00:00.000Z");
        assertThat(Instants.format(w.previousTo())).isEqualTo("2025-01-31T23:59:59.999Z");
    }

    @Test
    void berlinSpringForwardDayHas23HoursAndFallBackDay25() {
        TimeWindow spring = TimeWindow.parse("2025-03-30T00:00:00+01:00", "2025-03-30T23:59:59.999+02:00", "3600", "Europe/Berlin");
        assertThat(spring.buckets()).hasSize(23);
        assertContiguous(spring);
        TimeWindow fall = TimeWindow.parse("2025-10-26T00:00:00+02:00", "2025-10-26T23:59:59.999+01:00", "3600", "Europe/Berlin");
        assertThat(fall.buckets()).hasSize(25);
        assertThat(starts(fall)).contains("2025-10-26T00:00:00.000Z", "2025-10-26T01:00:00.000Z"); // 02:00 CEST and 02:00 CET
        assertContiguous(fall);
        TimeWindow days = TimeWindow.parse("2025-10-25T00:00:00+02:00", "2025-10-27T23:59:59.999+01:00", "86400", "Europe/Berlin");
        assertThat(starts(days)).containsExactly("2025-10-24T22:00:00.000Z", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z");
        assertThat(days.buckets().get(1).end() - days.buckets().get(1).start() + 1).isEqualTo(25 * 3600_000L);
    }

    @Test
    void santiagoMissingMidnightStartsTheDayAtOne() {
        ZoneId z = ZoneId.of("America/Santiago");
        // 2025-09-07: clocks jump from 00:00 to 01:00.
        TimeWindow w = TimeWindow.parse("2025-09-06T00:00:00-04:00", "2025-09-08T00:00:00-03:00", "86400", "America/Santiago");
        assertThat(w.buckets()).hasSize(3);
        ZonedDateTime second = Instant.ofEpochMilli(w.buckets().get(1).start()).atZone(z);
        assertThat(second.toLocalDateTime().toString()).isEqualTo("2025-09-07T01:00");
        assertThat(w.buckets().get(1).end() - w.buckets().get(1).start() + 1).isEqualTo(23 * 3600_000L);
        assertContiguous(w);
    }

    @Test
    void kolkataHoursStartAtHalfPastUtc() {
        TimeWindow w = TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-01T02:59:59.999Z", "3600", "Asia/Kolkata");
        assertThat(starts(w)).containsExactly("2025-01-01T00:00:00.000Z", "2025-01-01T00:30:00.000Z",
                "2025-01-01T01:30:00.000Z", "2025-01-01T02:30:00.000Z");
        assertContiguous(w);
    }

    @Test
    void lordHoweHalfHourShiftsStartTheLocalHourAtItsFirstInstant() {
        ZoneId z = ZoneId.of("Australia/Lord_Howe");
        // 2025-10-05 02:00 (+10:30) becomes 02:30 (+11:00): local hour 2 starts at 02:30.
        TimeWindow spring = TimeWindow.parse("2025-10-05T00:00:00+10:30", "2025-10-05T23:59:59.999+11:00", "3600", "Australia/Lord_Howe");
        List<String> local = spring.buckets().stream()
                .map(b -> Instant.ofEpochMilli(b.start()).atZone(z).toLocalTime().toString()).toList();
        assertThat(local.subList(0, 4)).containsExactly("00:00", "01:00", "02:30", "03:00");
        assertThat(spring.buckets()).hasSize(24);
        assertContiguous(spring);
        // 2025-04-06 02:00 (+11:00) falls back to 01:30 (+10:30): local hour 1 lasts 90 minutes.
        TimeWindow fall = TimeWindow.parse("2025-04-06T00:00:00+11:00", "2025-04-06T23:59:59.999+10:30", "3600", "Australia/Lord_Howe");
        assertThat(fall.buckets()).hasSize(24);
        assertThat(fall.buckets().get(1).end() - fall.buckets().get(1).start() + 1).isEqualTo(90 * 60_000L);
        assertContiguous(fall);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z", "3600", null))
                .isInstanceOf(ApiException.class).hasMessageContaining("before from");
        assertThatThrownBy(() -> TimeWindow.parse("yesterday", "2025-01-01T00:00:00Z", "3600", null))
                .hasMessageContaining("from 'yesterday'");
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-01T00:00:00", "2025-01-01T00:00:00Z", "3600", null))
                .hasMessageContaining("from '2025-01-01T00:00:00'");
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "60", null))
                .hasMessageContaining("interval '60'");
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "3600", "Mars/Olympus"))
                .hasMessageContaining("timezone 'Mars/Olympus'");
    }

    @Test
    void plainRangeParsesLikeAReportWindowWithoutBuckets() {
        // Ten years: far beyond any bucket limit, fine for a window that is not split.
        TimeWindow w = TimeWindow.range("2020-01-01T00:00:00+01:00", "2029-12-31T23:59:59.999Z");
        assertThat(w.from()).isEqualTo(java.time.Instant.parse("2019-12-31T23:00:00Z").toEpochMilli());
        assertThat(w.to()).isEqualTo(java.time.Instant.parse("2029-12-31T23:59:59.999Z").toEpochMilli());
        assertThat(w.buckets()).isEmpty();
        assertThat(w.interval()).isNull();
        assertThat(TimeWindow.range("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z").length()).isEqualTo(1);
        assertThatThrownBy(() -> TimeWindow.range("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageContaining("before from");
        assertThatThrownBy(() -> TimeWindow.range(null, "2025-01-01T00:00:00Z")).hasMessageContaining("'from'");
        assertThatThrownBy(() -> TimeWindow.range("2025-01-01T00:00:00Z", "soon")).hasMessageContaining("to 'soon'");
    }

    @Test
    void bucketLimits() {
        // 744 hourly buckets = 31 days: allowed; one millisecond more is 745.
        assertThat(TimeWindow.parse("2025-01-01T00:00:00Z", "2025-01-31T23:59:59.999Z", "3600", null).buckets()).hasSize(744);
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-01T00:00:00Z", "2025-02-01T00:00:00.000Z", "3600", null))
                .hasMessageContaining("at most 744");
        assertThatThrownBy(() -> TimeWindow.parse("2025-01-01T00:00:00Z", "2025-02-01T00:00:00.000Z", "3600", "Europe/Berlin"))
                .hasMessageContaining("at most 744");
        assertThat(TimeWindow.parse("2024-01-01T00:00:00Z", "2027-01-02T23:59:59.999Z", "86400", null).buckets()).hasSize(1098);
        assertThatThrownBy(() -> TimeWindow.parse("2000-01-01T00:00:00Z", "2027-01-02T23:59:59.999Z", "86400", "UTC"))
                .hasMessageContaining("at most 1098");
    }
}
