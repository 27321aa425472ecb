package io.sextant.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;

/**
 * Writes the events of one conversation: a chat with turns, intents, steps and interactions that
 * may end in a hand-over to a human agent, or a voice call that ends with {@code call.ended}.
 * Every random choice comes from the conversation's own random stream, so a conversation does not
 * depend on the ones before it.
 */
final class ConversationWriter {

    private static final String[] LANGUAGES = {"de", "en", "fr", "it", "es", "tr", "pl", "nl", "pt", "ar"};
    private static final double[] CHAT_LANGUAGE_WEIGHTS = {46, 19, 9, 7, 6, 6, 3, 2, 1, 1};
    private static final double[] VOICE_LANGUAGE_WEIGHTS = {64, 15, 5, 5, 4, 7, 0, 0, 0, 0};
    private static final Map<String, String[]> REGIONS = Map.of(
            "de", new String[] {"de-DE", "de-AT", "de-CH"}, "en", new String[] {"en-GB", "en-US"},
            "fr", new String[] {"fr-FR", "fr-CH"}, "it", new String[] {"it-IT", "it-CH"},
            "es", new String[] {"es-ES"}, "tr", new String[] {"tr-TR"}, "pl", new String[] {"pl-PL"},
            "nl", new String[] {"nl-NL"}, "pt", new String[] {"pt-PT", "pt-BR"}, "ar", new String[] {"ar-SA"});

    /** A few real user utterances per language, sent as {@code text} for a share of user messages. */
    private static final Map<String, String[]> PHRASES = Map.of(
            "de", new String[] {"Wo ist meine Bestellung?", "Ich möchte etwas zurückschicken", "Hallo", "Kann ich mit einem Mitarbeiter sprechen?", "Danke, das hat geholfen!"},
            "en", new String[] {"Where is my order?", "I'd like to return an item", "hi", "Can I talk to a human please", "Thanks, that helped a lot!"},
            "fr", new String[] {"Où est ma commande ?", "Je voudrais retourner un article", "Bonjour", "Merci beaucoup"},
            "it", new String[] {"Dov'è il mio ordine?", "Vorrei restituire un articolo", "Ciao", "Grazie mille"},
            "es", new String[] {"¿Dónde está mi pedido?", "Quiero devolver un artículo", "Hola", "Muchas gracias"},
            "tr", new String[] {"Siparişim nerede?", "Bir ürünü iade etmek istiyorum", "Merhaba", "Çok teşekkürler"});

    private static final String[] CHAT_INTERACTIONS = {"button", "quick_reply", "carousel", "list", "link", "form"};
    private static final double[] CHAT_INTERACTION_WEIGHTS = {45, 30, 12, 6, 4, 3};
    private static final String[] END_REASONS = {"completed", "hangup", "transfer", "timeout", "error"};
    private static final double[] END_REASON_WEIGHTS = {52, 25, 13, 6, 4};
    private static final String HAND_OVER = "Hand over to an agent";
    private static final String MENU = "Main menu";
    private static final String ANYTHING_ELSE = "Anything else?";

    /** Score weights 1–5 and the share of thumbs up, by mood: 0 after fallbacks or a hand-over, 1 plain, 2 after a goal. */
    private static final double[][] SCORE_WEIGHTS = {{22, 18, 24, 20, 16}, {6, 8, 18, 33, 35}, {2, 3, 9, 30, 56}};
    private static final double[] THUMBS_UP = {0.42, 0.74, 0.92};
    private static final Map<String, String[]> POSITIVE = Map.of(
            "de", new String[] {"Super schnell, danke!", "Hat alles geklappt.", "Sehr hilfreich.", "Einfacher als gedacht.",
                "Freundlich und kompetent, gerne wieder."},
            "en", new String[] {"Quick and easy, thanks!", "That was really helpful.", "Worked first time.",
                "Much faster than calling.", "Great service, friendly and clear."});
    private static final Map<String, String[]> NEGATIVE = Map.of(
            "de", new String[] {"Hat meine Frage nicht verstanden.", "Viel zu lange gewartet.", "Ich musste alles zweimal eingeben.",
                "Keine Antwort auf mein eigentliches Problem.", "Bitte einfach einen Menschen anbieten."},
            "en", new String[] {"It did not understand my question.", "Waited far too long.", "I had to type everything twice.",
                "No answer to my actual problem.", "Please just let me talk to a person."});
    private static final LocalTime OFFICE_OPENS = LocalTime.of(8, 0);
    private static final LocalTime OFFICE_CLOSES = LocalTime.of(18, 0);
    private static final Map<String, String> STEP_IDS = new ConcurrentHashMap<>();

    private final Profile profile;
    private final double[] channelWeights;
    private final double[] intentWeights;
    private final SplittableRandom r;
    private final long endMs;
    private final String conversationId;
    private final List<TrafficEvent> events = new ArrayList<>();
    private Profile.WeightedChannel channel;
    private final Profile.Intent outOfScope;
    private String language;
    private String lastStepId;
    private long lastEventTime;
    private int sequence;
    private boolean goalReached;
    private boolean frustrated;
    private boolean handedOver;

    /**
     * @param idPrefix distinguishes the conversation ids of one generated dataset from another's
     * @param index the conversation's number within its chatbot
     */
    ConversationWriter(Profile profile, String idPrefix, long index, SplittableRandom random, long endMs) {
        this.profile = profile;
        this.channelWeights = profile.channels().stream().mapToDouble(Profile.WeightedChannel::weight).toArray();
        this.intentWeights = profile.intentWeights();
        this.outOfScope = new Profile.Intent(profile.outOfScopeIntent(), List.of("Explain what I can do"));
        this.r = random;
        this.endMs = endMs;
        String digits = Long.toString(index);
        this.conversationId = idPrefix + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }

    /** The events of the conversation that starts at {@code startMs}, up to the model's end. */
    List<TrafficEvent> write(long startMs) {
        channel = profile.channels().get(pick(channelWeights));
        language = LANGUAGES[pick(channel.voice() ? VOICE_LANGUAGE_WEIGHTS : CHAT_LANGUAGE_WEIGHTS)];
        String tag = r.nextDouble() < 0.02 ? null : r.nextDouble() < 0.25 ? oneOf(REGIONS.get(language)) : language;
        Map<String, String> attributes = attributes();
        emit(startMs, "conversation.started", b -> {
            b.language = tag;
            b.attributes = attributes;
        });
        if (channel.voice()) {
            call(startMs);
        } else {
            chat(startMs);
        }
        return events;
    }

    /** The profile's attributes that apply to the channel, each present with its share. */
    private Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Profile.Attribute a : profile.attributes()) {
            if (a.appliesTo(channel.type()) && r.nextDouble() < a.share()) {
                out.put(a.key(), a.values().get(pick(a.weights())));
            }
        }
        return out;
    }

    /**
     * A chat: the welcome message and the main menu, then turns in which the user types (an intent
     * is recognised, or not) or clicks a suggestion, each running the intent's flow; between
     * topics the bot asks whether there is anything else. It ends with a hand-over, with the user
     * leaving a flow half-way, or after the last topic, sometimes with a rating.
     */
    private void chat(long t) {
        t += between(300, 900);
        step(t, "Welcome message");
        t = bot(t + 150, 95);
        step(t + between(50, 200), MENU);
        t = bot(t + 300, 60);
        int turns = 1 + geometric(0.3, 18);
        int fallbacksInARow = 0;
        for (int turn = 1; turn <= turns; turn++) {
            t += lognormal(9_000, 0.7);
            Profile.Intent intent;
            if (r.nextDouble() < (turn == 1 ? 0.3 : 0.22)) {
                // a click on a menu button or a suggested topic: the flow starts without recognition
                String kind = turn == 1 ? "button" : CHAT_INTERACTIONS[pick(CHAT_INTERACTION_WEIGHTS)];
                emit(t, "interaction", b -> b.kind = kind);
                intent = zipfIntent();
                t += between(100, 400);
            } else {
                t = user(t, 32, 0.8);
                if (turn == 1 && r.nextDouble() < 0.04) {
                    // the user writes in another language than the widget's: the bot switches
                    String other = LANGUAGES[pick(CHAT_LANGUAGE_WEIGHTS)];
                    if (!other.equals(language)) {
                        language = other;
                        emit(t + 5, "conversation.language", b -> b.language = other);
                    }
                }
                intent = recognise(t + between(80, 400));
                t += between(300, 900);
                if (intent == null) {
                    fallbacksInARow++;
                    frustrated = true;
                    step(t, "Fallback: ask to rephrase");
                    t = bot(t + 150, 70);
                    if (fallbacksInARow == 2) {
                        step(t + 400, HAND_OVER);
                        handOver(t + 600);
                        return;
                    }
                    continue;
                }
            }
            fallbacksInARow = 0;
            t = flow(t, intent);
            if (t < 0) {
                return; // the user left half-way through the flow
            }
            t = bot(t + 200, 120);
            if (r.nextDouble() < 0.35) {
                t = bot(t + between(600, 2000), 80);
            }
            if (intent.steps().contains(HAND_OVER)) {
                handOver(t);
                return;
            }
            if (turn < turns) {
                step(t + between(300, 800), ANYTHING_ELSE);
                t = bot(t + 900, 40);
            }
        }
        if (r.nextDouble() < profile.rating().chatShare()) {
            t += lognormal(6_000, 0.6);
            step(t, "Ask for feedback");
            t = bot(t + 100, 55);
            rate(t + 100 + lognormal(7_000, 0.7), true);
        }
    }

    /**
     * A voice call: the greeting and the spoken menu, then turns (speech or key presses) each
     * running an intent's flow, ending as its end reason says; a caller who leaves a flow half-way
     * hangs up. Completed calls sometimes end with a key-press rating.
     */
    private void call(long start) {
        long t = start + between(500, 1500);
        step(t, "Greeting");
        t = bot(t, 110);
        t += speaking(110);
        step(t, MENU);
        t = bot(t, 70) + speaking(70);
        String endReason = END_REASONS[pick(END_REASON_WEIGHTS)];
        int turns = 1 + geometric(0.35, 12);
        if (endReason.equals("hangup")) {
            turns = 1 + r.nextInt(turns);
        }
        int inputs = 0;
        for (int turn = 1; turn <= turns; turn++) {
            t += lognormal(2_500, 0.5);
            inputs++;
            if (r.nextDouble() < 0.1) {
                emit(t, "interaction", b -> b.kind = "dtmf");
            } else {
                t = user(t, 24, 0.6);
                Profile.Intent intent = recognise(t + between(300, 900));
                t += between(600, 1500);
                if (intent == null) {
                    frustrated = true;
                    step(t, "Fallback: ask to rephrase");
                    t = bot(t, 60);
                    t += speaking(60);
                    continue;
                }
                long after = flow(t, intent);
                if (after < 0 && r.nextDouble() < 0.35) {
                    // the caller gave up in the middle of the flow and hung up
                    endReason = "hangup";
                    t = lastEventTime + between(2_000, 8_000);
                    break;
                }
                // or said "never mind" and the bot moved on
                t = after < 0 ? lastEventTime + between(500, 1_500) : after;
            }
            int length = (int) lognormal(130, 0.5);
            t = bot(t, length);
            t += speaking(length);
            if (turn < turns) {
                step(t, ANYTHING_ELSE);
                t = bot(t, 35) + speaking(35);
            }
        }
        String target = null;
        switch (endReason) {
            case "transfer" -> {
                target = profile.transferTargets().isEmpty() ? "+49 800 000 000" : oneOf(profile.transferTargets().toArray(String[]::new));
                step(t, "Transfer call");
                t = bot(t, 60) + speaking(60) + between(1_000, 4_000);
            }
            case "timeout" -> {
                t = bot(t, 45) + speaking(45);
                t += 8_000;
                step(t, "No input: end call");
                t = bot(t, 50) + speaking(50);
            }
            case "error" -> {
                step(t, "Technical error");
                t += between(200, 2_000);
            }
            case "completed" -> {
                if (r.nextDouble() < profile.rating().voiceShare()) {
                    // "please rate this call from 1 to 5 on your keypad"
                    step(t, "Ask for rating");
                    t = bot(t, 70) + speaking(70) + lognormal(3_000, 0.4);
                    inputs++;
                    emit(t, "interaction", b -> b.kind = "dtmf");
                    rate(t + between(50, 200), false);
                    t += 400;
                }
                step(t, "Say goodbye");
                t = bot(t, 60) + speaking(60);
            }
            default -> t += between(200, 3_000); // hangup: the caller is gone
        }
        double duration = Math.round((t - start) / 100.0) / 10.0;
        int userInputs = inputs;
        String exitStep = lastStepId;
        String transferTarget = target;
        String reason = endReason;
        emit(t, "call.ended", b -> {
            b.durationSeconds = duration;
            b.userInputs = userInputs;
            b.endReason = reason;
            b.exitStep = exitStep;
            b.transferTarget = transferTarget;
        });
    }

    /**
     * Runs the intent's flow from {@code t}. A goal's flow is a funnel: each step after the first
     * is reached with the same probability, so that the last step and the goal are reached with
     * the goal's completion share. Returns the time after the flow, or −1 when the user left.
     */
    private long flow(long t, Profile.Intent intent) {
        Profile.Goal goal = intent.goal();
        List<String> steps = intent.steps();
        double go = goal == null ? 1 : Math.pow(goal.completion(), 1.0 / Math.max(1, steps.size() - 1));
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && r.nextDouble() >= go) {
                return -1;
            }
            step(t, steps.get(i));
            if (goal != null && i < steps.size() - 1) {
                // the bot asks, the user answers: a funnel step takes a turn of the conversation
                t = bot(t + between(100, 300), 70);
                t = user(t + lognormal(channel.voice() ? 3_000 : 12_000, 0.6), channel.voice() ? 18 : 22, 0.7);
                t += between(200, 600);
            } else {
                t += between(20, 300);
            }
        }
        if (goal != null) {
            goalReached = true;
            Double value = goal.medianValue() > 0 ? Math.round(lognormal(goal.medianValue() * 100, 0.6)) / 100.0 : null;
            emit(t, "goal", b -> {
                b.goalId = goal.id();
                b.value = value;
            });
            t += between(20, 100);
        }
        return t;
    }

    /** A rating: better after a goal, worse after fallbacks or a hand-over; some chat ratings bring a comment. */
    private void rate(long t, boolean chat) {
        int mood = goalReached && !frustrated ? 2 : frustrated || handedOver ? 0 : 1;
        if (profile.rating().thumbs()) {
            boolean up = r.nextDouble() < THUMBS_UP[mood];
            String comment = chat && r.nextDouble() < profile.rating().commentShare() * (up ? 0.8 : 1.8) ? comment(!up) : null;
            emit(t, "rating", b -> {
                b.thumbs = up ? "up" : "down";
                b.comment = comment;
            });
        } else {
            int score = 1 + pick(SCORE_WEIGHTS[mood]);
            String comment = chat && r.nextDouble() < profile.rating().commentShare() * (score >= 4 ? 0.8 : 1.8)
                    ? comment(score <= 2) : null;
            emit(t, "rating", b -> {
                b.ratingScore = score;
                b.comment = comment;
            });
        }
    }

    /** A comment in the conversation's language (German or English), one or two sentences. */
    private String comment(boolean negative) {
        String[] pool = (negative ? NEGATIVE : POSITIVE).get(language.equals("de") ? "de" : "en");
        String text = oneOf(pool);
        return r.nextDouble() < 0.3 ? text + " " + oneOf(pool) : text;
    }

    /** A hand-over: the thread is opened, assigned, answered, talked through and closed. */
    private void handOver(long t) {
        handedOver = true;
        t = bot(t + between(300, 900), 75);
        long opened = t + between(200, 800);
        emit(opened, "inbox.opened", b -> { });
        long wait = waitForAgent(opened);
        String agent = oneOf(profile.agents().toArray(String[]::new));
        emit(opened + (long) (wait * (0.3 + 0.6 * r.nextDouble())), "inbox.assigned", b -> b.agentId = agent);
        t = agent(opened + wait, agent);
        int exchanges = 1 + geometric(0.4, 8);
        String closer = agent;
        for (int i = 0; i < exchanges; i++) {
            t = user(t + lognormal(35_000, 0.8), 40, 0.8);
            if (i == 1 && r.nextDouble() < 0.1) {
                // passed on to a colleague who knows the case better
                String colleague = oneOf(profile.agents().toArray(String[]::new));
                if (!colleague.equals(closer)) {
                    closer = colleague;
                    String c = colleague;
                    emit(t + between(10_000, 60_000), "inbox.assigned", b -> b.agentId = c);
                    t += 60_000 + lognormal(120_000, 0.8);
                }
            }
            t = agent(t + lognormal(50_000, 0.7), closer);
        }
        String by = closer;
        long closed = t + lognormal(150_000, 0.9);
        emit(closed, "inbox.closed", b -> b.agentId = by);
        if (r.nextDouble() < profile.rating().chatShare()) {
            // the survey after the agent closed the conversation
            rate(closed + lognormal(60_000, 0.8), true);
        }
    }

    /** How long the hand-over waits for its first answer: minutes in office hours, else until the office opens. */
    private long waitForAgent(long opened) {
        ZonedDateTime local = Instant.ofEpochMilli(opened).atZone(TrafficModel.LOCAL_ZONE);
        if (inOffice(local)) {
            return lognormal(80_000, 1.0);
        }
        ZonedDateTime opens = local.toLocalTime().isBefore(OFFICE_OPENS) ? local.with(OFFICE_OPENS) : local.plusDays(1).with(OFFICE_OPENS);
        while (opens.getDayOfWeek() == DayOfWeek.SATURDAY || opens.getDayOfWeek() == DayOfWeek.SUNDAY) {
            opens = opens.plusDays(1);
        }
        // a weekend on-call agent answers some hand-overs early
        if (r.nextDouble() < 0.3) {
            return lognormal(20 * 60_000, 0.8);
        }
        return opens.toInstant().toEpochMilli() - opened + lognormal(15 * 60_000, 0.7);
    }

    private static boolean inOffice(ZonedDateTime t) {
        DayOfWeek d = t.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY
                && !t.toLocalTime().isBefore(OFFICE_OPENS) && t.toLocalTime().isBefore(OFFICE_CLOSES);
    }

    /**
     * The recognised intent with its score, or null after a fallback (an intent event with a low
     * score). A few questions are recognised as out of the chatbot's scope, with a good score: the
     * chatbot's settings count that intent as not understood.
     */
    private Profile.Intent recognise(long t) {
        double u = r.nextDouble();
        if (u < 0.06) {
            double score = round3(0.08 + 0.4 * r.nextDouble());
            emit(t, "intent", b -> {
                b.intent = Profile.FALLBACK;
                b.score = score;
            });
            return null;
        }
        Profile.Intent intent = u < 0.09 ? outOfScope : zipfIntent();
        double score = u >= 0.09 && u < 0.17 ? round3(0.45 + 0.25 * r.nextDouble()) : round3(0.70 + 0.29 * Math.sqrt(r.nextDouble()));
        emit(t, "intent", b -> {
            b.intent = intent.id();
            b.score = score;
        });
        return intent;
    }

    /** An intent by the profile's Zipf weights: a few intents make most of the hits, then a long tail. */
    private Profile.Intent zipfIntent() {
        return profile.intents().get(pick(intentWeights));
    }

    private void step(long t, String name) {
        String id = stepId(name);
        lastStepId = id;
        emit(t, "step", b -> {
            b.stepId = id;
            b.stepName = name;
        });
    }

    /** Flow editors give steps opaque ids; the name is what people read. */
    static String stepId(String name) {
        return STEP_IDS.computeIfAbsent(name, n -> "st_" + HexFormat.of().toHexDigits(n.hashCode() & 0xFFFFFF).substring(2));
    }

    private long user(long t, double medianLength, double sigma) {
        String[] phrases = PHRASES.get(language);
        if (!channel.voice() && phrases != null && r.nextDouble() < 0.05) {
            String text = oneOf(phrases);
            emit(t, "message", b -> {
                b.direction = "user";
                b.text = text;
            });
        } else {
            int length = clampLength(lognormal(medianLength, sigma));
            emit(t, "message", b -> {
                b.direction = "user";
                b.length = length;
            });
        }
        return t;
    }

    private long bot(long t, double medianLength) {
        int length = clampLength(lognormal(medianLength, 0.6));
        emit(t, "message", b -> {
            b.direction = "bot";
            b.length = length;
        });
        return t;
    }

    private long agent(long t, String agentId) {
        int length = clampLength(lognormal(85, 0.7));
        emit(t, "message", b -> {
            b.direction = "agent";
            b.length = length;
            b.agentId = agentId;
        });
        return t;
    }

    /** How long a voice bot speaks a text of this many characters (about 15 per second). */
    private static long speaking(int length) {
        return length * 1000L / 15;
    }

    private static int clampLength(double length) {
        return (int) Math.max(1, Math.min(2_000, Math.round(length)));
    }

    /** Builder of one event's type-specific fields. */
    private static final class Fields {
        String language;
        String direction;
        Integer length;
        String text;
        String agentId;
        String intent;
        Double score;
        String stepId;
        String stepName;
        String kind;
        Double durationSeconds;
        Integer userInputs;
        String endReason;
        String exitStep;
        String transferTarget;
        Map<String, String> attributes;
        String goalId;
        Double value;
        Integer ratingScore;
        String thumbs;
        String comment;
    }

    private void emit(long t, String type, java.util.function.Consumer<Fields> fill) {
        int n = sequence++;
        lastEventTime = Math.max(lastEventTime, t);
        if (t > endMs) {
            return;
        }
        Fields f = new Fields();
        fill.accept(f);
        events.add(new TrafficEvent(conversationId + "-" + n, type, t, channel.idStem(), conversationId,
                f.language, f.direction, f.length, f.text, f.agentId, f.intent, f.score, f.stepId, f.stepName,
                f.kind, f.durationSeconds, f.userInputs, f.endReason, f.exitStep, f.transferTarget, f.attributes, f.goalId,
                f.value, f.ratingScore, f.thumbs, f.comment));
    }

    private long lognormal(double median, double sigma) {
        return Math.round(Math.exp(Math.log(median) + sigma * r.nextGaussian()));
    }

    private long between(long from, long to) {
        return from + r.nextLong(to - from);
    }

    /** 0, 1, 2, … with probability p of stopping at each, at most max. */
    private int geometric(double p, int max) {
        int n = 0;
        while (n < max && r.nextDouble() >= p) {
            n++;
        }
        return n;
    }

    private int pick(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private String oneOf(String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
