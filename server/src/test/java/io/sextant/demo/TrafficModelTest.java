package io.sextant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator on its own: exact counts, determinism, and the shape of the traffic it promises. */
class TrafficModelTest {

    private static final Instant END = Instant.parse("2026-11-25T12:00:00Z");

    /** Everything the assertions need, gathered while streaming (nothing is kept per event). */
    private static final class Stats {
        long eventCount;
        long conversations;
        final Map<String, Long> lastStart = new HashMap<>();
        boolean startsInOrder = true;
        final Map<String, Long> byType = new HashMap<>();
        final Map<String, Long> languages = new HashMap<>();
        final Map<String, Long> intents = new HashMap<>();
        final Map<String, Long> endReasons = new HashMap<>();
        final Map<String, Set<String>> channelsByBot = new HashMap<>();
        final Set<String> agents = new HashSet<>();
        final Set<String> interactionKinds = new HashSet<>();
        long messages;
        long textMessages;
        long lowScores;
        long highScores;
        long scores;
        long weekdayAfternoon;
        long weekdayNight;
        long weekendAfternoon;
        long switchedLanguage;
        long outOfRange;
        long stepsWithoutName;
        final Set<String> ids = new HashSet<>();
        long duplicateIds;

        void add(String bot, List<TrafficEvent> events, Instant start, Instant end) {
            conversations++;
            TrafficEvent first = events.get(0);
            if (first.timestamp() < lastStart.getOrDefault(bot, Long.MIN_VALUE)) {
                startsInOrder = false;
            }
            lastStart.put(bot, first.timestamp());
            ZonedDateTime local = Instant.ofEpochMilli(first.timestamp()).atZone(TrafficModel.LOCAL_ZONE);
            boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!weekend && local.getHour() >= 13 && local.getHour() < 17) {
                weekdayAfternoon++;
            } else if (!weekend && local.getHour() >= 1 && local.getHour() < 5) {
                weekdayNight++;
            } else if (weekend && local.getHour() >= 13 && local.getHour() < 17) {
                weekendAfternoon++;
            }
            for (TrafficEvent e : events) {
                eventCount++;
                if (!ids.add(bot + "/" + e.id())) {
                    duplicateIds++;
                }
                if (e.timestamp() < start.toEpochMilli() || e.timestamp() > end.toEpochMilli()) {
                    outOfRange++;
                }
                channelsByBot.computeIfAbsent(bot, b -> new HashSet<>()).add(e.channelId());
                byType.merge(e.type(), 1L, Long::sum);
                switch (e.type()) {
                    case "conversation.started" -> languages.merge(e.language() == null ? "unknown" : e.language().substring(0, 2), 1L, Long::sum);
                    case "conversation.language" -> switchedLanguage++;
                    case "message" -> {
                        messages++;
                        if (e.text() != null) {
                            textMessages++;
                        }
                        if (e.agentId() != null) {
                            agents.add(e.agentId());
                        }
                    }
                    case "intent" -> {
                        intents.merge(e.intent(), 1L, Long::sum);
                        scores++;
                        if (e.score() < 0.5) {
                            lowScores++;
                        } else if (e.score() >= 0.7) {
                            highScores++;
                        }
                    }
                    case "step" -> {
                        if (e.stepName() == null) {
                            stepsWithoutName++;
                        }
                    }
                    case "interaction" -> interactionKinds.add(e.kind());
                    case "call.ended" -> endReasons.merge(e.endReason(), 1L, Long::sum);
                    default -> { }
                }
            }
        }
    }

    private static Stats generate(TrafficModel model) {
        Stats s = new Stats();
        model.generate((bot, events) -> s.add(bot, events, model.start(), model.end()));
        return s;
    }

    @Test
    void theDemoHasEverythingTheDashboardShows() {
        TrafficModel model = new TrafficModel(TrafficModel.Scale.demo(), 1, END);
        Stats s = generate(model);

        assertThat(model.chatbots()).extracting(DemoChatbot::id).containsExactly("demo-shop", "demo-insurance", "demo-cityhall");
        assertThat(s.conversations).isEqualTo(model.conversations()).isEqualTo(30_000);
        assertThat(s.eventCount).isGreaterThanOrEqualTo(500_000);
        assertThat(s.duplicateIds).isZero();
        assertThat(s.outOfRange).isZero();
        assertThat(s.startsInOrder).isTrue();

        Set<String> types = new HashSet<>();
        model.chatbots().forEach(b -> b.channels().forEach(c -> types.add(c.type())));
        assertThat(types).contains("web", "meta-whatsapp", "telegram", "voice", "debug");
        for (DemoChatbot bot : model.chatbots()) {
            assertThat(s.channelsByBot.get(bot.id())).as("every channel of %s has traffic", bot.id())
                    .containsExactlyInAnyOrderElementsOf(bot.channels().stream().map(DemoChatbot.Channel::id).toList());
        }
        assertThat(s.byType.keySet()).containsExactlyInAnyOrder("conversation.started", "conversation.language", "message",
                "intent", "step", "interaction", "call.ended", "inbox.opened", "inbox.assigned", "inbox.closed");

        // busy weekday afternoons, quiet nights, calmer weekends (per hour of each kind of slot)
        assertThat(s.weekdayAfternoon / (5.0 * 4)).isGreaterThan(8 * s.weekdayNight / (5.0 * 4));
        assertThat(s.weekdayAfternoon / (5.0 * 4)).isGreaterThan(1.5 * s.weekendAfternoon / (2.0 * 4));

        assertThat(s.languages.keySet()).contains("de", "en", "fr", "it", "es", "tr", "unknown");
        assertThat(s.languages.get("de")).isGreaterThan(s.languages.get("en")).isGreaterThan(s.languages.get("fr"));
        assertThat(s.switchedLanguage).isPositive();

        // a long tail of intents: the top one far above the median one
        List<Long> hits = new ArrayList<>(s.intents.values());
        hits.sort(null);
        assertThat(hits.get(hits.size() - 1)).isGreaterThan(8 * hits.get(hits.size() / 2));
        assertThat(s.intents).hasSizeGreaterThan(40);
        assertThat((double) s.highScores / s.scores).isBetween(0.8, 0.92);
        assertThat((double) s.lowScores / s.scores).isBetween(0.03, 0.1);

        assertThat(s.interactionKinds).contains("button", "quick_reply", "carousel", "dtmf");
        assertThat(s.endReasons.keySet()).containsExactlyInAnyOrder("completed", "hangup", "transfer", "timeout", "error");
        assertThat(s.agents).hasSizeGreaterThanOrEqualTo(10);
        assertThat(s.byType.get("inbox.opened")).isBetween(s.conversations / 50, s.conversations / 5);
        assertThat((double) s.textMessages / s.messages).isBetween(0.005, 0.05);
        assertThat(s.stepsWithoutName).isZero();
    }

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedOther() {
        var scale = new TrafficModel.Scale(2, 5, 300);
        List<String> a = fingerprint(new TrafficModel(scale, 42, END));
        List<String> b = fingerprint(new TrafficModel(scale, 42, END));
        List<String> c = fingerprint(new TrafficModel(scale, 43, END));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void scaleGivesExactlyThatManyConversationsPerChatbot() {
        var scale = new TrafficModel.Scale(4, 3, 1_234);
        TrafficModel model = new TrafficModel(scale, 5, END);
        Map<String, Long> perBot = new HashMap<>();
        model.generate((bot, events) -> perBot.merge(bot, 1L, Long::sum));
        assertThat(perBot).containsOnlyKeys("demo-shop", "demo-insurance", "demo-cityhall", "demo-shop-2");
        assertThat(perBot.values()).containsOnly(1_234L);
        assertThat(model.start()).isEqualTo(END.minusSeconds(3 * 86_400));
    }

    @Test
    void aFleetHasItsSizesAndOneOfItsChatbotsAloneHasExactlyItsTrafficInTheFleet() {
        TrafficModel fleet = TrafficModel.fleet(3, new long[] {500, 120, 30, 7, 2}, 9, END, "demo-cityhall");
        Map<String, Long> perBot = new HashMap<>();
        fleet.generate((bot, events) -> perBot.merge(bot, 1L, Long::sum));
        assertThat(perBot).containsExactlyInAnyOrderEntriesOf(Map.of("demo-cityhall", 500L, "demo-shop-2", 120L,
                "demo-insurance-2", 30L, "demo-cityhall-2", 7L, "demo-shop-3", 2L));
        assertThat(fleet.conversations()).isEqualTo(659);

        TrafficModel alone = fleet.only("demo-insurance-2");
        assertThat(alone.chatbots()).extracting(DemoChatbot::id).containsExactly("demo-insurance-2");
        assertThat(alone.conversations()).isEqualTo(30);
        assertThat(fingerprint(alone)).isEqualTo(fingerprint(fleet).stream().filter(l -> l.startsWith("demo-insurance-2 ")).toList());
    }

    @Test
    void allocationAddsUpExactly() {
        long[] parts = TrafficModel.allocate(1_000_003, new double[] {0.1, 3, 0, 2.5, 0.0001, 7});
        assertThat(java.util.Arrays.stream(parts).sum()).isEqualTo(1_000_003);
        assertThat(parts[2]).isZero();
        assertThat(parts[5]).isGreaterThan(parts[3]);
    }

    private static List<String> fingerprint(TrafficModel model) {
        List<String> out = new ArrayList<>();
        model.generate((bot, events) -> events.forEach(e -> out.add(bot + " " + e)));
        return out;
    }
}
