package io.sextant.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic chatbot traffic, generated conversation by conversation.
 *
 * <p>The model is deterministic: the same {@link Scale}, seed and end instant give the same events,
 * in the same order, with the same ids. It never holds more than one conversation's events: a
 * {@link Sink} receives each conversation as it is made: hour by hour, and within each chatbot in the
 * order of their start times.
 *
 * <p>What it generates (see docs/demo-and-dashboard.md for the numbers):
 * <ul>
 *   <li>chatbots cycling through three profiles (an online shop on web, WhatsApp, Telegram and a
 *       debug console; an insurance hotline with a voice channel; city services with web, Telegram
 *       and a phone line); the fourth chatbot and later reuse a profile with a numbered id;</li>
 *   <li>{@link Scale#conversationsPerChatbot()} conversations per chatbot, exactly, spread over the
 *       {@link Scale#days()} days before the end with daily and weekly seasonality in Europe/Berlin
 *       time (busy weekday afternoons, quiet nights and weekends), a slow growth and day-to-day
 *       noise;</li>
 *   <li>a language mix led by German and English, with region tags and a few conversations that
 *       switch language; attributes on the conversation's start (campaign, plan, utm.source …, by
 *       chatbot and channel); intents whose hits follow a Zipf law, with scores mostly 0.7–0.99, a
 *       share of fallbacks below 0.5 and of out-of-scope questions; named flow steps from a
 *       welcome message and a menu through each intent's flow, where a goal's flow is a funnel that
 *       users leave half-way or complete with a {@code goal} event (an order with its value, a
 *       filed claim, a booked appointment …); ratings at the end (thumbs or scores 1–5 by chatbot,
 *       better after a goal, some with a comment); button, quick-reply, carousel and other
 *       interactions; voice calls that end with a duration, user inputs, an end reason, an exit
 *       step and sometimes a transfer target; hand-overs to human agents with first-response and
 *       resolution times that depend on office hours;</li>
 *   <li>about 10 messages per chat conversation on average (user, bot and agent messages with
 *       realistic lengths; a share of user messages sends its text instead of a length).</li>
 * </ul>
 * Events later than the end instant are not generated: a conversation or hand-over still running
 * then simply has not ended yet.
 */
public final class TrafficModel {

    /** Conversations per chatbot of the demo: with 3 chatbots over 90 days, about 560,000 events. */
    public static final long DEMO_CONVERSATIONS_PER_CHATBOT = 10_000;

    /** The time zone whose office hours and weekends shape the traffic. */
    public static final ZoneId LOCAL_ZONE = ZoneId.of("Europe/Berlin");

    /**
     * How much traffic to generate.
     *
     * @param chatbots number of chatbots (1 or more)
     * @param days length of the generated period, ending at the model's end instant
     * @param conversationsPerChatbot conversations each chatbot has in that period, exactly
     */
    public record Scale(int chatbots, int days, long conversationsPerChatbot) {
        public Scale {
            if (chatbots < 1) {
                throw new IllegalArgumentException("chatbots must be 1 or more, not " + chatbots);
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be 1 or more, not " + days);
            }
            if (conversationsPerChatbot < 0) {
                throw new IllegalArgumentException("conversationsPerChatbot must be 0 or more, not " + conversationsPerChatbot);
            }
        }

        /** The demo: 3 chatbots, 90 days, {@value #DEMO_CONVERSATIONS_PER_CHATBOT} conversations each. */
        public static Scale demo() {
            return new Scale(3, 90, DEMO_CONVERSATIONS_PER_CHATBOT);
        }

        /** The benchmark: 1 chatbot, 30 days, 1,000,000 conversations (about 10 million messages). */
        public static Scale benchmark() {
            return new Scale(1, 30, 1_000_000);
        }
    }

    /** Receives the generated traffic, one whole conversation at a time. */
    @FunctionalInterface
    public interface Sink {
        /** The events of one conversation of {@code chatbotId}, in time order; never empty. */
        void conversation(String chatbotId, List<TrafficEvent> events);
    }

    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** Relative traffic per local hour of a weekday: quiet nights, a peak in the early afternoon. */
    private static final double[] WEEKDAY_HOURS = {
        0.10, 0.06, 0.04, 0.03, 0.04, 0.08, 0.20, 0.45, 0.75, 0.95, 1.05, 1.10,
        1.05, 1.15, 1.30, 1.35, 1.25, 1.05, 0.85, 0.70, 0.60, 0.45, 0.30, 0.18};

    /** The same for Saturdays and Sundays (scaled by the profile's weekend factor): a later, flatter day. */
    private static final double[] WEEKEND_HOURS = {
        0.15, 0.10, 0.06, 0.04, 0.04, 0.05, 0.10, 0.20, 0.40, 0.65, 0.85, 0.95,
        1.00, 1.00, 0.95, 0.95, 0.90, 0.90, 0.85, 0.80, 0.70, 0.55, 0.40, 0.25};

    private final Scale scale;
    /** Conversations of each chatbot: {@link Scale#conversationsPerChatbot()} each unless the model was made {@link #fleet}. */
    private final long[] perChatbot;
    /** The index of the one chatbot {@link #only} keeps, or −1 for all. */
    private final int only;
    private final long seed;
    private final Instant end;
    private final List<DemoChatbot> chatbots;
    private final List<Profile> profiles;
    /** Conversation ids start with it: the same seed and end give the same ids, another dataset others. */
    private final String idPrefix;

    public TrafficModel(Scale scale, long seed, Instant end) {
        this(scale, seed, end, Profile.ALL.get(0).idStem());
    }

    /**
     * The same, with the first chatbot on the profile whose id is {@code firstChatbot}
     * ({@code demo-shop}, {@code demo-insurance} or {@code demo-cityhall}) and the next ones on the
     * profiles after it: the benchmark's one chatbot needs a web and a voice channel.
     */
    public TrafficModel(Scale scale, long seed, Instant end, String firstChatbot) {
        this(scale, null, -1, seed, end, firstChatbot);
    }

    /**
     * A fleet: one chatbot per entry of {@code conversations}, with that many conversations over
     * {@code days}, the first on the profile {@code firstChatbot} (as in the benchmark) and the
     * next on the profiles after it, ids numbered from the fourth on ({@code demo-shop-2} …). Each
     * chatbot's traffic depends only on the seed, the end and its place in the list.
     */
    public static TrafficModel fleet(int days, long[] conversations, long seed, Instant end, String firstChatbot) {
        long max = Arrays.stream(conversations).max().orElseThrow();
        return new TrafficModel(new Scale(conversations.length, days, max), conversations.clone(), -1, seed, end, firstChatbot);
    }

    /** The same traffic, restricted to one of its chatbots (as generated in the whole model). */
    public TrafficModel only(String chatbotId) {
        int index = chatbots.stream().map(DemoChatbot::id).toList().indexOf(chatbotId);
        if (index < 0) {
            throw new IllegalArgumentException("no chatbot '" + chatbotId + "' in the model");
        }
        return new TrafficModel(scale, perChatbot, index, seed, end, chatbots.get(0).id().replaceAll("-\\d+$", ""));
    }

    /** The conversations chatbot {@code b} has. */
    private long conversationsOf(int b) {
        return perChatbot == null ? scale.conversationsPerChatbot() : perChatbot[b];
    }

    private TrafficModel(Scale scale, long[] perChatbot, int only, long seed, Instant end, String firstChatbot) {
        this.scale = scale;
        this.perChatbot = perChatbot;
        this.only = only;
        this.seed = seed;
        this.end = end;
        int first = Profile.ALL.stream().map(Profile::idStem).toList().indexOf(firstChatbot);
        if (first < 0) {
            throw new IllegalArgumentException("no chatbot profile '" + firstChatbot + "'; there are "
                    + Profile.ALL.stream().map(Profile::idStem).toList());
        }
        List<DemoChatbot> bots = new ArrayList<>();
        List<Profile> profs = new ArrayList<>();
        for (int i = 0; i < scale.chatbots(); i++) {
            Profile p = Profile.ALL.get((first + i) % Profile.ALL.size());
            int round = (first + i) / Profile.ALL.size();
            String id = round == 0 ? p.idStem() : p.idStem() + "-" + (round + 1);
            String name = round == 0 ? p.name() : p.name() + " " + (round + 1);
            bots.add(new DemoChatbot(id, name, p.channels().stream()
                    .map(c -> new DemoChatbot.Channel(c.idStem(), c.name(), c.type(), c.number())).toList(),
                    p.fallbackIntents(), p.understoodThreshold()));
            profs.add(p);
        }
        this.chatbots = List.copyOf(bots);
        this.profiles = List.copyOf(profs);
        long tag = mix(seed, 3, end.toEpochMilli(), 0) >>> 34; // 30 bits: 6 base-36 digits at most
        this.idPrefix = "c" + Long.toString(tag, 36) + "-";
    }

    public Scale scale() {
        return scale;
    }

    public long seed() {
        return seed;
    }

    /** The first instant of the generated period: {@link #end()} minus the scale's days. */
    public Instant start() {
        return end.minus(Duration.ofDays(scale.days()));
    }

    /** No event is later than this. */
    public Instant end() {
        return end;
    }

    public List<DemoChatbot> chatbots() {
        return only < 0 ? chatbots : List.of(chatbots.get(only));
    }

    /** The number of conversations {@link #generate} makes, over all chatbots. */
    public long conversations() {
        if (only >= 0) {
            return conversationsOf(only);
        }
        long n = 0;
        for (int b = 0; b < chatbots.size(); b++) {
            n += conversationsOf(b);
        }
        return n;
    }

    /** Generates every conversation: hour by hour, and each chatbot's in the order of their start times. */
    public void generate(Sink sink) {
        int hours = scale.days() * 24;
        long startMs = start().toEpochMilli();
        long endMs = end.toEpochMilli();
        long[][] perHour = new long[chatbots.size()][];
        for (int b = 0; b < chatbots.size(); b++) {
            perHour[b] = only >= 0 && b != only ? new long[hours] : allocate(conversationsOf(b), hourWeights(b, hours, startMs));
        }
        long[] nextIndex = new long[chatbots.size()];
        for (int h = 0; h < hours; h++) {
            long hourStart = startMs + h * HOUR;
            for (int b = 0; b < chatbots.size(); b++) {
                int n = Math.toIntExact(perHour[b][h]);
                if (n == 0) {
                    continue;
                }
                SplittableRandom slot = new SplittableRandom(mix(seed, 1, b, h));
                long[] offsets = new long[n];
                for (int i = 0; i < n; i++) {
                    offsets[i] = slot.nextLong(HOUR);
                }
                Arrays.sort(offsets);
                for (int i = 0; i < n; i++) {
                    long index = nextIndex[b]++;
                    var writer = new ConversationWriter(profiles.get(b), idPrefix, index,
                            new SplittableRandom(mix(seed, 2, b, index)), endMs);
                    List<TrafficEvent> events = writer.write(hourStart + offsets[i]);
                    if (!events.isEmpty()) {
                        sink.conversation(chatbots.get(b).id(), events);
                    }
                }
            }
        }
    }

    /** Relative traffic of each hour of the period for chatbot {@code b}. */
    private double[] hourWeights(int b, int hours, long startMs) {
        Profile p = profiles.get(b);
        SplittableRandom noise = new SplittableRandom(mix(seed, 0, b, 0));
        double[] w = new double[hours];
        double dayFactor = 1;
        int lastDay = -1;
        for (int h = 0; h < hours; h++) {
            ZonedDateTime local = Instant.ofEpochMilli(startMs + h * HOUR + HOUR / 2).atZone(LOCAL_ZONE);
            int day = (int) local.toLocalDate().toEpochDay();
            if (day != lastDay) {
                // day-to-day noise: about ±12 %, now and then a busier day (a newsletter, an outage elsewhere)
                dayFactor = Math.exp(0.12 * noise.nextGaussian()) * (noise.nextDouble() < 0.04 ? 1.6 : 1.0);
                lastDay = day;
            }
            boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
            double hourly = weekend ? p.weekendFactor() * WEEKEND_HOURS[local.getHour()] : WEEKDAY_HOURS[local.getHour()];
            double growth = 0.85 + 0.3 * h / hours;
            w[h] = hourly * dayFactor * growth;
        }
        return w;
    }

    /** Splits {@code total} over the weights by cumulative rounding: the parts add up to the total exactly. */
    static long[] allocate(long total, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        long[] parts = new long[weights.length];
        double cumulative = 0;
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            long upTo = i == weights.length - 1 ? total : Math.round(total * (cumulative / sum));
            parts[i] = upTo - given;
            given = upTo;
        }
        return parts;
    }

    /** A seed for one stream of randomness, from the model's seed and the stream's coordinates. */
    private static long mix(long seed, long stream, long a, long b) {
        long z = seed;
        z = splitMix(z ^ splitMix(stream + 0x9E3779B97F4A7C15L));
        z = splitMix(z ^ splitMix(a + 0x632BE59BD9B4E019L));
        return splitMix(z ^ splitMix(b + 0x85157AF5L));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
