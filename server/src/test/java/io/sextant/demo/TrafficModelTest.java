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
        final Map<String, Long> conversationsByBot = new HashMap<>();
        final Map<String, Set<String>> goalsByBot = new HashMap<>();
        final Map<String, Long> goalConversationsByBot = new HashMap<>();
        final Set<String> goalsWithValue = new HashSet<>();
        final Set<String> goalsWithoutValue = new HashSet<>();
        long goalsNotAfterTheirFlowsLastStep;
        long funnelDropOffs;
        final Map<String, Set<String>> ratingKindsByBot = new HashMap<>();
        long ratings;
        long ratingComments;
        long badRatings;
        final long[] scoreSumAndCount = new long[4]; // after a goal: sum, count; after a hand-over: sum, count
        final Map<String, Set<String>> attributeKeysByBot = new HashMap<>();
        long invalidAttributes;
        long pathsNotFromTheMenu;
        long stepsOutOfOrder;
        final Set<String> notUnderstoodIntents = new HashSet<>();

        void add(String bot, List<TrafficEvent> events, Instant start, Instant end) {
            conversations++;
            conversationsByBot.merge(bot, 1L, Long::sum);
            paths(bot, events);
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
                    case "conversation.started" -> {
                        languages.merge(e.language() == null ? "unknown" : e.language().substring(0, 2), 1L, Long::sum);
                        attributes(bot, e.attributes());
                    }
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
                        if (e.intent().equals(Profile.FALLBACK) || e.intent().equals("out_of_scope") || e.intent().equals("not_city_matter")) {
                            notUnderstoodIntents.add(bot + "/" + e.intent());
                        }
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
                    case "goal" -> {
                        goalsByBot.computeIfAbsent(bot, b -> new HashSet<>()).add(e.goalId());
                        (e.value() == null ? goalsWithoutValue : goalsWithValue).add(e.goalId());
                    }
                    case "rating" -> {
                        ratings++;
                        ratingKindsByBot.computeIfAbsent(bot, b -> new HashSet<>()).add(e.thumbs() != null ? "thumbs" : "score");
                        if (e.comment() != null) {
                            ratingComments++;
                        }
                        if (e.ratingScore() != null && (e.ratingScore() < 1 || e.ratingScore() > 5) || e.thumbs() != null && e.ratingScore() != null) {
                            badRatings++;
                        }
                    }
                    default -> { }
                }
            }
            if (events.stream().anyMatch(e -> e.type().equals("goal"))) {
                goalConversationsByBot.merge(bot, 1L, Long::sum);
            }
            Integer score = events.stream().filter(e -> e.ratingScore() != null).map(TrafficEvent::ratingScore).findFirst().orElse(null);
            if (score != null) {
                boolean goal = events.stream().anyMatch(e -> e.type().equals("goal"));
                boolean handedOver = events.stream().anyMatch(e -> e.type().equals("inbox.opened"));
                if (goal && !handedOver) {
                    scoreSumAndCount[0] += score;
                    scoreSumAndCount[1]++;
                } else if (handedOver) {
                    scoreSumAndCount[2] += score;
                    scoreSumAndCount[3]++;
                }
            }
        }

        /** Steps in time order, from the menu; every goal right after the last step of its flow; some funnels left half-way. */
        private void paths(String bot, List<TrafficEvent> events) {
            List<String> steps = new ArrayList<>();
            long last = Long.MIN_VALUE;
            boolean goal = false;
            for (TrafficEvent e : events) {
                if (e.type().equals("step")) {
                    steps.add(e.stepName());
                    if (e.timestamp() < last) {
                        stepsOutOfOrder++;
                    }
                    last = e.timestamp();
                } else if (e.type().equals("goal")) {
                    goal = true;
                    String previous = steps.isEmpty() ? null : steps.get(steps.size() - 1);
                    if (!FLOW_ENDS.getOrDefault(e.goalId(), Set.of()).contains(previous)) {
                        goalsNotAfterTheirFlowsLastStep++;
                    }
                }
            }
            boolean voice = VOICE_CHANNELS.contains(bot + "/" + events.get(0).channelId());
            if (steps.size() >= 2 && !steps.subList(0, 2).equals(List.of(voice ? "Greeting" : "Welcome message", "Main menu"))) {
                pathsNotFromTheMenu++;
            }
            if (!goal && !steps.isEmpty() && FUNNEL_MIDDLES.contains(steps.get(steps.size() - 1))) {
                funnelDropOffs++;
            }
        }

        private void attributes(String bot, Map<String, String> attributes) {
            if (attributes == null) {
                return;
            }
            if (attributes.size() > 20) {
                invalidAttributes++;
            }
            attributes.forEach((k, v) -> {
                attributeKeysByBot.computeIfAbsent(bot, b -> new HashSet<>()).add(k);
                if (!k.matches("[A-Za-z0-9_.-]{1,64}") || v.isEmpty() || v.length() > 200) {
                    invalidAttributes++;
                }
            });
        }
    }

    /** Per goal, the names of the last steps of the flows that reach it. */
    private static final Map<String, Set<String>> FLOW_ENDS = new HashMap<>();
    /** Names of the steps in the middle of a goal's flow (neither its first nor its last) that no other flow ends with. */
    private static final Set<String> FUNNEL_MIDDLES = new HashSet<>();

    /** chatbot/channel of the voice channels. */
    private static final Set<String> VOICE_CHANNELS = new HashSet<>();

    static {
        Set<String> endsOfFlows = new HashSet<>();
        for (Profile p : Profile.ALL) {
            p.channels().stream().filter(Profile.WeightedChannel::voice).forEach(c -> VOICE_CHANNELS.add(p.idStem() + "/" + c.idStem()));
            for (Profile.Intent i : p.intents()) {
                endsOfFlows.add(i.steps().get(i.steps().size() - 1));
                if (i.goal() != null) {
                    FLOW_ENDS.computeIfAbsent(i.goal().id(), g -> new HashSet<>()).add(i.steps().get(i.steps().size() - 1));
                    FUNNEL_MIDDLES.addAll(i.steps().subList(1, i.steps().size() - 1));
                }
            }
        }
        FUNNEL_MIDDLES.removeAll(endsOfFlows);
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
                "intent", "step", "interaction", "call.ended", "inbox.opened", "inbox.assigned", "inbox.closed", "goal", "rating");

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
    void theDemoHasGoalsRatingsAttributesAndFlows() {
        TrafficModel model = new TrafficModel(TrafficModel.Scale.demo(), 1, END);
        Stats s = generate(model);

        // goals per chatbot, reached by a plausible share of the conversations; order values, no newsletter values
        assertThat(s.goalsByBot).containsExactlyInAnyOrderEntriesOf(Map.of(
                "demo-shop", Set.of("order-placed", "return-registered", "newsletter-signup"),
                "demo-insurance", Set.of("claim-filed", "quote-requested", "callback-booked"),
                "demo-cityhall", Set.of("appointment-booked", "permit-applied", "report-filed")));
        for (DemoChatbot bot : model.chatbots()) {
            assertThat((double) s.goalConversationsByBot.get(bot.id()) / s.conversationsByBot.get(bot.id()))
                    .as("share of %s's conversations with a goal", bot.id()).isBetween(0.15, 0.5);
        }
        assertThat(s.goalsWithValue).containsExactlyInAnyOrder("order-placed", "quote-requested", "permit-applied");
        assertThat(s.goalsWithoutValue).doesNotContainAnyElementsOf(s.goalsWithValue);

        // flows: from the menu, in time order, each goal right after its flow's last step, some funnels left half-way
        assertThat(s.pathsNotFromTheMenu).isZero();
        assertThat(s.stepsOutOfOrder).isZero();
        assertThat(s.goalsNotAfterTheirFlowsLastStep).isZero();
        assertThat(FUNNEL_MIDDLES).contains("Checkout", "Calculate premium", "Ask for name");
        assertThat(s.funnelDropOffs).isGreaterThan(s.conversations / 20);

        // ratings: thumbs at the shop, scores elsewhere, some with comments, better after a goal than after a hand-over
        assertThat(s.ratingKindsByBot).containsExactlyInAnyOrderEntriesOf(Map.of(
                "demo-shop", Set.of("thumbs"), "demo-insurance", Set.of("score"), "demo-cityhall", Set.of("score")));
        assertThat(s.ratings).isBetween(s.conversations / 20, s.conversations / 5);
        assertThat(s.badRatings).isZero();
        assertThat((double) s.ratingComments / s.ratings).isBetween(0.1, 0.4);
        assertThat((double) s.scoreSumAndCount[0] / s.scoreSumAndCount[1])
                .isGreaterThan(0.5 + (double) s.scoreSumAndCount[2] / s.scoreSumAndCount[3]);

        // attributes by chatbot, all valid on the wire
        assertThat(s.invalidAttributes).isZero();
        assertThat(s.attributeKeysByBot.get("demo-shop")).contains("customer", "utm.source", "campaign", "plan", "device");
        assertThat(s.attributeKeysByBot.get("demo-insurance")).contains("plan", "customerType", "caller", "utm.source");
        assertThat(s.attributeKeysByBot.get("demo-cityhall")).contains("district", "entry", "campaign");

        // the settings name the intents the traffic sends for "not understood"
        for (DemoChatbot bot : model.chatbots()) {
            assertThat(bot.fallbackIntents()).allSatisfy(i -> assertThat(s.notUnderstoodIntents).contains(bot.id() + "/" + i));
            assertThat(bot.understoodThreshold()).isBetween(0.45, 0.7);
        }
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
