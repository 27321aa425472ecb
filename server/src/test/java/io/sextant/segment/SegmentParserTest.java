package io.sextant.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.api.ApiException;
import io.sextant.store.Segment;
import io.sextant.store.Segment.Condition;
import io.sextant.store.Segment.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class SegmentParserTest {

    @Test
    void everyKindIsReadAndNormalised() {
        Segment s = SegmentParser.parse(List.of("language:DE-at", "channel:web-1", "channelType:meta-whatsapp", "intent:order.status",
                "handover:no", "goal:Anmeldung ✓", "goalReached:yes", "rating:5", "rating:up", "attr.utm.source:a:b"));
        assertThat(s.conditions()).containsExactlyInAnyOrder(Condition.of(Kind.LANGUAGE, "de"), Condition.of(Kind.CHANNEL, "web-1"),
                Condition.of(Kind.CHANNEL_TYPE, "meta-whatsapp"), Condition.of(Kind.INTENT, "order.status"),
                Condition.of(Kind.HANDOVER, "no"), Condition.of(Kind.GOAL, "Anmeldung ✓"), Condition.of(Kind.GOAL_REACHED, "yes"),
                Condition.of(Kind.RATING, "5"), Condition.of(Kind.RATING, "up"), Condition.attribute("utm.source", "a:b"));
        assertThat(s.filters()).contains("language:de", "attr.utm.source:a:b");
    }

    @Test
    void noFiltersIsEveryConversationAndOrderAndRepeatsDoNotMatter() {
        assertThat(SegmentParser.parse((List<String>) null)).isEqualTo(Segment.ALL);
        assertThat(SegmentParser.parse(List.of())).isEqualTo(Segment.ALL).matches(Segment::isAll);
        assertThat(SegmentParser.parse(List.of("handover:no", "language:de", "handover:no")))
                .isEqualTo(SegmentParser.parse(List.of("language:DE", "handover:no")));
        assertThat(SegmentParser.parse(List.of("language:de"))).isNotEqualTo(SegmentParser.parse(List.of("language:en")));
    }

    @Test
    void aMalformedFilterIsA400NamingIt() {
        assertMalformed("handover:maybe", "filter 'handover:maybe' is malformed: handover takes yes or no");
        assertMalformed("goalReached:true", "filter 'goalReached:true' is malformed: goalReached takes yes or no");
        assertMalformed("language", "filter 'language' is malformed: expected key:value, such as language:de");
        assertMalformed(":de", "filter ':de' is malformed: expected key:value, such as language:de");
        assertMalformed("", "filter '' is malformed: expected key:value, such as language:de");
        assertMalformed("language:", "filter 'language:' is malformed: the value is empty");
        assertMalformed("attr.campaign:", "filter 'attr.campaign:' is malformed: the value is empty");
        assertMalformed("lang:de", "filter 'lang:de' is malformed: unknown key 'lang'; the keys are language, channel, "
                + "channelType, intent, handover, goal, goalReached, rating, attr.<key>");
        assertMalformed("Language:de", "unknown key 'Language'");
        assertMalformed("attr:spring", "unknown key 'attr'");
        assertMalformed("rating:6", "filter 'rating:6' is malformed: rating takes 1, 2, 3, 4, 5, up or down");
        assertMalformed("rating:05", "rating takes 1, 2, 3, 4, 5, up or down");
        assertMalformed("rating:UP", "rating takes 1, 2, 3, 4, 5, up or down");
        assertMalformed("channelType:whatsapp", "filter 'channelType:whatsapp' is malformed: channelType takes one of facebook, voice, "
                + "audiocodes, web, meta-whatsapp, telegram, brevo, email, debug, unknown");
        assertMalformed("language:d", "filter 'language:d' is malformed: language takes a language tag such as de or de-DE");
        assertMalformed("language:de--x", "language takes a language tag");
        assertMalformed("attr.:x", "filter 'attr.:x' is malformed: attr. is followed by an attribute key of 1 to 64 characters");
        assertMalformed("attr.bad key:x", "attr. is followed by an attribute key");
        assertMalformed("attr." + "k".repeat(65) + ":x", "attr. is followed by an attribute key");
    }

    @Test
    void atMostTwentyFilters() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("intent:i" + i);
        }
        assertThat(SegmentParser.parse(many.subList(0, 20)).conditions()).hasSize(20);
        assertThatThrownBy(() -> SegmentParser.parse(many)).isInstanceOf(ApiException.class)
                .hasMessage("at most 20 filters may be combined, not 21");
    }

    private static void assertMalformed(String filter, String message) {
        assertThatThrownBy(() -> SegmentParser.parse(List.of("language:de", filter)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessageContaining(message);
    }
}
