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
    private String language;
    private String lastStepId;
    private int sequence;

    /**
     * @param idPrefix distinguishes the conversation ids of one generated dataset from another's
     * @param index the conversation's number within its chatbot
     */
    ConversationWriter(Profile profile, String idPrefix, long index, SplittableRandom random, long endMs) {
        this.profile = profile;
        this.channelWeights = profile.channels().stream().mapToDouble(Profile.WeightedChannel::weight).toArray();
        this.intentWeights = profile.intentWeights();
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
        emit(startMs, "conversation.started", b -> b.language = tag);
        if (channel.voice()) {
            call(startMs);
        } else {
            chat(startMs);
        }
        return events;
    }

    private void chat(long t) {
        t += between(300, 900);
        step(t, "Welcome message");
        t = bot(t + 150, 95);
        int turns = 1 + geometric(0.25, 18);
        int fallbacksInARow = 0;
        for (int turn = 1; turn <= turns; turn++) {
            t += lognormal(9_000, 0.7);
            if (turn > 1 && r.nextDouble() < 0.22) {
                String kind = CHAT_INTERACTIONS[pick(CHAT_INTERACTION_WEIGHTS)];
                emit(t, "interaction", b -> b.kind = kind);
                Profile.Intent intent = zipfIntent();
                t = steps(t + between(100, 400), intent);
                t = bot(t + 200, 110);
                if (intent.steps().contains(HAND_OVER)) {
                    handOver(t);
                    return;
                }
                continue;
            }
            t = user(t, 32, 0.8);
            if (turn == 1 && r.nextDouble() < 0.04) {
                // the user writes in another language than the widget's: the bot switches
                String other = LANGUAGES[pick(CHAT_LANGUAGE_WEIGHTS)];
                if (!other.equals(language)) {
                    language = other;
                    emit(t + 5, "conversation.language", b -> b.language = other);
                }
            }
            Profile.Intent intent = recognise(t + between(80, 400));
            t += between(300, 900);
            if (intent == null) {
                fallbacksInARow++;
                step(t, "Fallback: ask to rephrase");
                t = bot(t + 150, 70);
                if (fallbacksInARow == 2) {
                    step(t + 400, HAND_OVER);
                    handOver(t + 600);
                    return;
                }
                continue;
            }
            fallbacksInARow = 0;
            t = steps(t, intent);
            t = bot(t + 200, 120);
            if (r.nextDouble() < 0.35) {
                t = bot(t + between(600, 2000), 80);
            }
            if (intent.steps().contains(HAND_OVER)) {
                handOver(t);
                return;
            }
        }
    }

    private void call(long start) {
        long t = start + between(500, 1500);
        step(t, "Greeting");
        t = bot(t, 110);
        t += speaking(110);
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
                    step(t, "Fallback: ask to rephrase");
                    t = bot(t, 60);
                    t += speaking(60);
                    continue;
                }
                t = steps(t, intent);
            }
            int length = (int) lognormal(130, 0.5);
            t = bot(t, length);
            t += speaking(length);
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
                step(t, "Say goodbye");
                t = bot(t, 60) + speaking(60);
            }
            default -> t += between(200, 3_000); // hangup: the caller is gone
        }
        double duration = Math.round((t - start) / 100.0) / 10.0;
        int userInputs = inputs;
        String exitStep = lastStepId;
        String transferTarget = target;
        emit(t, "call.ended", b -> {
            b.durationSeconds = duration;
            b.userInputs = userInputs;
            b.endReason = endReason;
            b.exitStep = exitStep;
            b.transferTarget = transferTarget;
        });
    }

    /** A hand-over: the thread is opened, assigned, answered, talked through and closed. */
    private void handOver(long t) {
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
        emit(t + lognormal(150_000, 0.9), "inbox.closed", b -> b.agentId = by);
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

    /** The recognised intent with its score, or null after a fallback (an intent event with a low score). */
    private Profile.Intent recognise(long t) {
        double u = r.nextDouble();
        if (u < 0.06) {
            double score = round3(0.08 + 0.4 * r.nextDouble());
            emit(t, "intent", b -> {
                b.intent = "fallback";
                b.score = score;
            });
            return null;
        }
        Profile.Intent intent = zipfIntent();
        double score = u < 0.14 ? round3(0.45 + 0.25 * r.nextDouble()) : round3(0.70 + 0.29 * Math.sqrt(r.nextDouble()));
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

    private long steps(long t, Profile.Intent intent) {
        for (String name : intent.steps()) {
            step(t, name);
            t += between(20, 300);
        }
        return t;
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
    }

    private void emit(long t, String type, java.util.function.Consumer<Fields> fill) {
        int n = sequence++;
        if (t > endMs) {
            return;
        }
        Fields f = new Fields();
        fill.accept(f);
        events.add(new TrafficEvent(conversationId + "-" + n, type, t, channel.idStem(), conversationId,
                f.language, f.direction, f.length, f.text, f.agentId, f.intent, f.score, f.stepId, f.stepName,
                f.kind, f.durationSeconds, f.userInputs, f.endReason, f.exitStep, f.transferTarget));
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
