package io.sextant.demo;

import java.util.List;

/**
 * What one kind of generated chatbot talks about: its channels with their share of the traffic,
 * its intents (most frequent first: their hits follow a Zipf law by rank) with the flow each runs
 * and the goal some of them lead to, the attributes its conversations start with, how it asks for
 * ratings, the human agents of its inbox, where its voice calls are transferred to, how busy its
 * weekends are against weekdays, and what its operator counts as not understood.
 */
record Profile(
        String idStem,
        String name,
        List<WeightedChannel> channels,
        List<Intent> intents,
        List<String> agents,
        List<String> transferTargets,
        double weekendFactor,
        List<Attribute> attributes,
        RatingStyle rating,
        String outOfScopeIntent,
        List<String> fallbackIntents,
        double understoodThreshold) {

    /** The intent the recogniser answers when it understood nothing (the settings list it as a fallback intent). */
    static final String FALLBACK = "fallback";

    /** The weight of each intent by rank: a Zipf law with exponent 1.1. */
    double[] intentWeights() {
        double[] w = new double[intents.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 / Math.pow(i + 1, 1.1);
        }
        return w;
    }

    record WeightedChannel(String idStem, String name, String type, String number, double weight) {
        boolean voice() {
            return type.equals("voice");
        }
    }

    /**
     * An intent; {@code steps} are the names of the flow steps it runs, in order. With a
     * {@code goal}, the steps are a funnel: the conversation reaches the last step (and the goal)
     * with probability {@link Goal#completion()}, else the user leaves at one of the steps before.
     */
    record Intent(String id, List<String> steps, Goal goal) {
        Intent(String id, List<String> steps) {
            this(id, steps, null);
        }
    }

    /**
     * A goal reached at the end of an intent's flow.
     *
     * @param completion share of the flows started that reach it
     * @param medianValue the median of its value (log-normal), or 0 for a goal without a value
     */
    record Goal(String id, double completion, double medianValue) {}

    /**
     * An attribute a conversation starts with: present with probability {@code share} on the
     * channel types listed (every type when empty), its value one of {@code values} by weight.
     */
    record Attribute(String key, double share, List<String> channelTypes, List<String> values, double[] weights) {
        boolean appliesTo(String channelType) {
            return channelTypes.isEmpty() || channelTypes.contains(channelType);
        }
    }

    /**
     * How the chatbot asks for feedback at the end of a conversation: scores 1–5 or thumbs up/down.
     *
     * @param chatShare share of chat conversations that end normally and are asked and answer
     * @param voiceShare the same for voice calls that end normally (a key press 1–5)
     * @param commentShare share of the ratings that come with a comment (chat only)
     */
    record RatingStyle(boolean thumbs, double chatShare, double voiceShare, double commentShare) {}

    private static Attribute attribute(String key, double share, List<String> channelTypes, Object... valuesAndWeights) {
        String[] values = new String[valuesAndWeights.length / 2];
        double[] weights = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (String) valuesAndWeights[2 * i];
            weights[i] = ((Number) valuesAndWeights[2 * i + 1]).doubleValue();
        }
        return new Attribute(key, share, channelTypes, List.of(values), weights);
    }

    private static final List<String> ANY = List.of();
    private static final List<String> WEB = List.of("web");
    private static final List<String> CHATS = List.of("web", "meta-whatsapp", "telegram", "debug");
    private static final List<String> VOICE = List.of("voice");

    static final List<Profile> ALL = List.of(
            new Profile("demo-shop", "Online shop assistant",
                    List.of(new WeightedChannel("web", "Shop website widget", "web", null, 0.46),
                            new WeightedChannel("whatsapp", "WhatsApp Business", "meta-whatsapp", "+49 30 5550 1200", 0.34),
                            new WeightedChannel("telegram", "Telegram @ShopHelperBot", "telegram", null, 0.19),
                            new WeightedChannel("debug", "Test console", "debug", null, 0.01)),
                    List.of(new Intent("order_status", List.of("Ask for order number", "Show order status")),
                            new Intent("buy_product", List.of("Ask for product", "Show product suggestions", "Add to basket",
                                    "Checkout", "Order confirmed"), new Goal("order-placed", 0.42, 64)),
                            new Intent("delivery_time", List.of("Show delivery times")),
                            new Intent("return_item", List.of("Explain return policy", "Ask for order number", "Create return label"),
                                    new Goal("return-registered", 0.7, 0)),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("payment_methods", List.of("List payment methods")),
                            new Intent("product_availability", List.of("Ask for product", "Check stock")),
                            new Intent("change_address", List.of("Ask for new address", "Confirm address change")),
                            new Intent("cancel_order", List.of("Ask for order number", "Confirm cancellation")),
                            new Intent("newsletter", List.of("Ask for e-mail address", "Confirm newsletter sign-up"),
                                    new Goal("newsletter-signup", 0.65, 0)),
                            new Intent("invoice_copy", List.of("Send invoice")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("voucher_code", List.of("Check voucher")),
                            new Intent("size_advice", List.of("Show size chart")),
                            new Intent("opening_hours", List.of("Show opening hours")),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("refund_status", List.of("Ask for order number", "Show refund status")),
                            new Intent("shipping_costs", List.of("Show shipping costs")),
                            new Intent("damaged_item", List.of("Ask for photo", "Hand over to an agent")),
                            new Intent("account_login", List.of("Reset password")),
                            new Intent("gift_wrap", List.of("Explain gift wrapping")),
                            new Intent("store_locator", List.of("Ask for postcode", "Show nearest store")),
                            new Intent("loyalty_points", List.of("Show loyalty points")),
                            new Intent("price_match", List.of("Explain price match")),
                            new Intent("international_shipping", List.of("Show countries")),
                            new Intent("complaint", List.of("Record complaint", "Hand over to an agent")),
                            new Intent("data_privacy", List.of("Show privacy notice")),
                            new Intent("job_application", List.of("Link to careers page")),
                            new Intent("bulk_order", List.of("Ask for quantity", "Hand over to an agent"))),
                    List.of("anna.schmidt", "lukas.meyer", "sofia.rossi", "mehmet.yilmaz", "claire.martin"),
                    List.of(), 0.55,
                    List.of(attribute("customer", 1.0, ANY, "returning", 58, "new", 42),
                            attribute("utm.source", 0.72, WEB, "google", 41, "instagram", 19, "newsletter", 14, "facebook", 10,
                                    "tiktok", 9, "bing", 7),
                            attribute("campaign", 0.34, CHATS, "black-week", 38, "winter-sale", 27, "free-shipping", 21,
                                    "app-launch", 14),
                            attribute("device", 1.0, WEB, "mobile", 61, "desktop", 34, "tablet", 5),
                            attribute("plan", 0.4, ANY, "standard", 72, "plus", 28)),
                    new RatingStyle(true, 0.16, 0, 0.22),
                    "out_of_scope", List.of(FALLBACK, "out_of_scope"), 0.6),
            new Profile("demo-insurance", "Insurance hotline",
                    List.of(new WeightedChannel("hotline", "Claims hotline", "voice", "+49 89 2000 4400", 0.45),
                            new WeightedChannel("web", "Customer portal chat", "web", null, 0.35),
                            new WeightedChannel("whatsapp", "WhatsApp service", "meta-whatsapp", "+49 89 2000 4401", 0.20)),
                    List.of(new Intent("report_claim", List.of("Ask for policy number", "Ask for date of damage", "Describe damage",
                                    "Create claim"), new Goal("claim-filed", 0.62, 0)),
                            new Intent("claim_status", List.of("Ask for claim number", "Read claim status")),
                            new Intent("new_contract", List.of("Ask for product", "Ask for date of birth", "Calculate premium",
                                    "Send quote"), new Goal("quote-requested", 0.48, 420)),
                            new Intent("change_bank_details", List.of("Verify identity", "Update bank details")),
                            new Intent("policy_question", List.of("Ask for policy number", "Explain coverage")),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("change_address", List.of("Verify identity", "Update address")),
                            new Intent("cancel_policy", List.of("Explain notice period", "Hand over to an agent")),
                            new Intent("premium_payment", List.of("Show payment dates")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("car_accident", List.of("Check for injuries", "Ask for policy number", "Describe damage",
                                    "Create claim"), new Goal("claim-filed", 0.7, 0)),
                            new Intent("roadside_assistance", List.of("Ask for location", "Dispatch assistance")),
                            new Intent("document_request", List.of("Send documents")),
                            new Intent("travel_insurance", List.of("Explain coverage", "Calculate premium", "Send quote"),
                                    new Goal("quote-requested", 0.45, 48)),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("glass_damage", List.of("Ask for photo", "Create claim"), new Goal("claim-filed", 0.8, 0)),
                            new Intent("water_damage", List.of("Ask for date of damage", "Describe damage", "Create claim"),
                                    new Goal("claim-filed", 0.66, 0)),
                            new Intent("premium_increase", List.of("Explain premium change")),
                            new Intent("tax_certificate", List.of("Send documents")),
                            new Intent("complaint", List.of("Record complaint", "Hand over to an agent")),
                            new Intent("callback", List.of("Ask for phone number", "Book callback"), new Goal("callback-booked", 0.85, 0)),
                            new Intent("data_privacy", List.of("Show privacy notice")),
                            new Intent("broker_contact", List.of("Show broker"))),
                    List.of("jonas.weber", "laura.fischer", "marco.bianchi", "elif.kaya", "pierre.dubois", "nina.keller"),
                    List.of("claims-team", "sales-team", "+49 89 2000 4500", "emergency-desk"), 0.4,
                    List.of(attribute("plan", 0.7, ANY, "basic", 41, "comfort", 39, "premium", 20),
                            attribute("customerType", 1.0, ANY, "private", 86, "business", 14),
                            attribute("utm.source", 0.6, WEB, "google", 44, "comparison-portal", 31, "newsletter", 15, "bing", 10),
                            attribute("campaign", 0.22, WEB, "switch-now", 58, "ev-cover", 42),
                            attribute("caller", 1.0, VOICE, "known-number", 63, "unknown-number", 30, "withheld", 7)),
                    new RatingStyle(false, 0.2, 0.3, 0.3),
                    "out_of_scope", List.of(FALLBACK, "out_of_scope"), 0.65),
            new Profile("demo-cityhall", "City services",
                    List.of(new WeightedChannel("web", "City portal", "web", null, 0.52),
                            new WeightedChannel("telegram", "Telegram @CityHallBot", "telegram", null, 0.23),
                            new WeightedChannel("phone", "Citizen line 115", "voice", "+49 30 115", 0.25)),
                    List.of(new Intent("book_appointment", List.of("Ask for service", "Show free slots", "Ask for name",
                                    "Confirm appointment"), new Goal("appointment-booked", 0.58, 0)),
                            new Intent("passport", List.of("List required documents")),
                            new Intent("register_address", List.of("Explain registration", "Show free slots", "Confirm appointment"),
                                    new Goal("appointment-booked", 0.52, 0)),
                            new Intent("opening_hours", List.of("Show opening hours")),
                            new Intent("waste_collection", List.of("Ask for street", "Show collection dates")),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("parking_permit", List.of("Ask for licence plate", "Start permit application",
                                    "Submit application"), new Goal("permit-applied", 0.45, 30)),
                            new Intent("cancel_appointment", List.of("Ask for booking code", "Cancel appointment")),
                            new Intent("birth_certificate", List.of("List required documents")),
                            new Intent("dog_tax", List.of("Explain dog tax")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("report_pothole", List.of("Ask for location", "Create report"), new Goal("report-filed", 0.8, 0)),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("marriage", List.of("Explain registry office")),
                            new Intent("library_card", List.of("Show library info")),
                            new Intent("building_permit", List.of("Hand over to an agent")),
                            new Intent("noise_complaint", List.of("Record complaint")),
                            new Intent("public_transport", List.of("Link to timetable")),
                            new Intent("voting", List.of("Explain postal vote")),
                            new Intent("lost_property", List.of("Ask for item", "Search lost property"))),
                    List.of("petra.wagner", "tobias.hoffmann", "giulia.conti", "ayse.demir"),
                    List.of("citizen-office", "+49 30 9020 0", "registry-office"), 0.3,
                    List.of(attribute("district", 0.8, ANY, "Mitte", 18, "Pankow", 17, "Neukölln", 14, "Charlottenburg", 13,
                                    "Friedrichshain", 12, "Spandau", 9, "Lichtenberg", 9, "Steglitz", 8),
                            attribute("entry", 1.0, WEB, "homepage", 46, "service-page", 31, "search", 15, "qr-code", 8),
                            attribute("campaign", 0.15, CHATS, "digital-city", 100),
                            attribute("utm.source", 0.35, WEB, "google", 70, "city-newsletter", 18, "instagram", 12)),
                    new RatingStyle(false, 0.14, 0.12, 0.18),
                    "not_city_matter", List.of(FALLBACK, "not_city_matter"), 0.55));
}
