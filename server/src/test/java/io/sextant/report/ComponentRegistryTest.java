package io.sextant.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.api.ApiException;
import io.sextant.store.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentRegistryTest {

    /** The lists of the reference API page, copied verbatim (index = ID), then the quality KPIs. */
    private static final List<String> OVERVIEW = List.of(
            "STEP_EXEC_COUNT", "CONVERSATION_COUNT", "CONVERSATION_COUNT_INTERVAL", "CONVERSATION_LANGUAGES",
            "CONVERSATION_BY_CHANNEL_TYPE", "CONVERSATION_COUNT_PERIODIC_TREND", "CONVERSATION_MESSAGE_COUNT_MEDIAN",
            "MESSAGE_COUNT", "MESSAGE_COUNT_INTERVAL", "MESSAGE_COUNT_PERIODIC_TREND", "MESSAGE_LENGTH_MEDIAN",
            "INTENT_HITS", "INTENT_SCORE_MEDIAN", "INTENT_COUNT", "INTERACTION_COUNT", "INTERACTION_COUNT_INTERVAL",
            "INTERACTION_COUNT_PERIODIC_TREND",
            // quality KPIs, after the reference list (docs/quality.md)
            "CONTAINMENT_RATE", "HANDOVER_RATE", "UNDERSTOOD_RATE", "ABANDONMENT_RATE", "GOAL_COMPLETION_RATE", "RATING");

    private static final List<String> CHANNEL = List.of(
            "STEP_EXEC_COUNT_FOR_CHANNEL_ID", "CONVERSATION_COUNT_FOR_CHANNEL_ID", "CONVERSATION_COUNT_INTERVAL_FOR_CHANNEL_ID",
            "CONVERSATION_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", "CONVERSATION_LANGUAGES_FOR_CHANNEL_ID",
            "CONVERSATION_MESSAGE_COUNT_MEDIAN_FOR_CHANNEL_ID", "INTENT_COUNT_FOR_CHANNEL_ID", "INTENT_HITS_FOR_CHANNEL_ID",
            "INTENT_SCORE_MEDIAN_FOR_CHANNEL_ID", "INTERACTION_COUNT_FOR_CHANNEL_ID", "INTERACTION_COUNT_INTERVAL_FOR_CHANNEL_ID",
            "INTERACTION_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", "MESSAGE_COUNT_FOR_CHANNEL_ID", "MESSAGE_COUNT_INTERVAL_FOR_CHANNEL_ID",
            "MESSAGE_COUNT_PERIODIC_TREND_FOR_CHANNEL_ID", "MESSAGE_LENGTH_MEDIAN_FOR_CHANNEL_ID", "CALL_DURATION_TOTAL",
            "CALL_DURATION_PERIODIC_TREND", "CALL_DURATION_MEDIAN", "CALL_EXIT_STEP", "CALL_USER_INPUTS_MEDIAN", "CALL_END_REASON",
            "CALL_TRANSFER_TARGET",
            "CONTAINMENT_RATE_FOR_CHANNEL_ID", "HANDOVER_RATE_FOR_CHANNEL_ID", "UNDERSTOOD_RATE_FOR_CHANNEL_ID",
            "ABANDONMENT_RATE_FOR_CHANNEL_ID", "GOAL_COMPLETION_RATE_FOR_CHANNEL_ID", "RATING_FOR_CHANNEL_ID");

    @Test
    void bothViewsMatchTheReferenceLists() {
        assertThat(ReportKind.OVERVIEW.components().stream().map(ReportKind.OVERVIEW::name).toList()).isEqualTo(OVERVIEW);
        assertThat(ReportKind.OVERVIEW.components().stream().map(ReportKind.OVERVIEW::id).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 23).boxed().toList());
        assertThat(ReportKind.CHANNEL.components().stream().map(ReportKind.CHANNEL::name).toList()).isEqualTo(CHANNEL);
        assertThat(ReportKind.CHANNEL.components().stream().map(ReportKind.CHANNEL::id).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 29).boxed().toList());
    }

    @Test
    void aComponentInBothReportsHasTheSameNameThereWithTheChannelSuffix() {
        for (Component c : Component.values()) {
            if (c.overviewName() != null && c.channelName() != null) {
                assertThat(c.channelName()).isEqualTo(c.overviewName() + "_FOR_CHANNEL_ID");
                assertThat(c.name()).isEqualTo(c.overviewName());
            }
        }
        assertThat(Component.CONVERSATION_BY_CHANNEL_TYPE.channelId()).isNull();
        assertThat(Component.CALL_DURATION_TOTAL.overviewId()).isNull();
    }

    @Test
    void everyShapeShowsTheKindOfItsMetric() {
        for (Component c : Component.values()) {
            assertThat(c.shape().shows(c.metric().kind())).as(c.name()).isTrue();
        }
        assertThat(Shape.RATE.shows(Metric.Kind.SERIES)).isFalse();
        assertThat(Shape.COUNT.shows(Metric.Kind.RATE)).isFalse();
        assertThat(ReportKind.OVERVIEW.parse("17,22")).containsExactlyInAnyOrder(Component.CONTAINMENT_RATE, Component.RATING);
        assertThat(ReportKind.CHANNEL.parse("23,RATING_FOR_CHANNEL_ID,27"))
                .containsExactlyInAnyOrder(Component.CONTAINMENT_RATE, Component.RATING, Component.GOAL_COMPLETION_RATE);
    }

    @Test
    void traitsFitTheShapeAndTheMetricOfTheirComponent() {
        for (Component c : Component.values()) {
            for (Trait t : c.traits()) {
                assertThat(t.appliesTo(c.shape())).as(c + " " + t).isTrue();
                Metric.Kind needed = switch (t) {
                    case DISTINCT -> Metric.Kind.DISTRIBUTION; // counts the keys of a distribution
                    case BY_DIRECTION, CALLS, SECONDS -> Metric.Kind.SERIES;
                    case LABELS -> Metric.Kind.DISTRIBUTION;
                };
                assertThat(c.metric().kind()).as(c + " " + t).isEqualTo(needed);
            }
        }
        assertThat(with(Trait.BY_DIRECTION)).containsExactly(Component.MESSAGE_COUNT);
        assertThat(with(Trait.DISTINCT)).containsExactly(Component.INTENT_COUNT);
        assertThat(with(Trait.CALLS)).containsExactly(Component.CALL_DURATION_TOTAL);
        assertThat(with(Trait.LABELS)).containsExactly(Component.STEP_EXEC_COUNT);
        assertThat(with(Trait.SECONDS)).containsExactly(Component.CALL_DURATION_TOTAL, Component.CALL_DURATION_PERIODIC_TREND);
    }

    private static List<Component> with(Trait t) {
        return java.util.Arrays.stream(Component.values()).filter(c -> c.has(t)).toList();
    }

    @Test
    void parsesIdsAndNamesWithBlanksAndCollapsesDuplicates() {
        assertThat(ReportKind.OVERVIEW.parse(" 1 ,CONVERSATION_COUNT,1,\t4 "))
                .containsExactlyInAnyOrder(Component.CONVERSATION_COUNT, Component.CONVERSATION_BY_CHANNEL_TYPE);
        assertThat(ReportKind.CHANNEL.parse("16,CALL_DURATION_TOTAL,1")).containsExactlyInAnyOrder(
                Component.CALL_DURATION_TOTAL, Component.CONVERSATION_COUNT);
        assertThat(ReportKind.CHANNEL.parse("4")).containsExactly(Component.CONVERSATION_LANGUAGES);
        assertThat(ReportKind.OVERVIEW.parse("4")).containsExactly(Component.CONVERSATION_BY_CHANNEL_TYPE);
    }

    @Test
    void rejectsItemsOfTheOtherReportAndMalformedOnes() {
        for (String bad : List.of("23", "-1", "1.5", "CALL_DURATION_TOTAL", "CONVERSATION_COUNT_FOR_CHANNEL_ID", "conversation_count",
                "99999999999999999999")) {
            assertThatThrownBy(() -> ReportKind.OVERVIEW.parse("1," + bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        for (String bad : List.of("29", "CONVERSATION_BY_CHANNEL_TYPE", "CONVERSATION_COUNT", "CONTAINMENT_RATE")) {
            assertThatThrownBy(() -> ReportKind.CHANNEL.parse(bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        for (String empty : List.of("", " ", "1,,2", "1,", ",1")) {
            assertThatThrownBy(() -> ReportKind.OVERVIEW.parse(empty)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("empty item");
        }
    }
}
