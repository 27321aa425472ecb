package io.sextant.demo;

import java.util.List;

/**
 * What one kind of generated chatbot talks about: its channels with their share of the traffic,
 * its intents (most frequent first: their hits follow a Zipf law by rank), the human agents of its
 * inbox, where its voice calls are transferred to, and how busy its weekends are against weekdays.
 */
record Profile(
        String idStem,
        String name,
        List<WeightedChannel> channels,
        List<Intent> intents,
        List<String> agents,
        List<String> transferTargets,
        double weekendFactor) {

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

    /** An intent; {@code steps} are the names of the flow steps it runs, in order. */
    record Intent(String id, List<String> steps) {}

    static final List<Profile> ALL = List.of(
            new Profile("demo-shop", "Online shop assistant",
                    List.of(new WeightedChannel("web", "Shop website widget", "web", null, 0.46),
                            new WeightedChannel("whatsapp", "WhatsApp Business", "meta-whatsapp", "+49 30 5550 1200", 0.34),
                            new WeightedChannel("telegram", "Telegram @ShopHelperBot", "telegram", null, 0.19),
                            new WeightedChannel("debug", "Test console", "debug", null, 0.01)),
                    List.of(new Intent("order_status", List.of("Ask for order number", "Show order status")),
                            new Intent("delivery_time", List.of("Show delivery times")),
                            new Intent("return_item", List.of("Explain return policy", "Create return label")),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("payment_methods", List.of("List payment methods")),
                            new Intent("product_availability", List.of("Ask for product", "Check stock")),
                            new Intent("change_address", List.of("Ask for new address", "Confirm address change")),
                            new Intent("cancel_order", List.of("Ask for order number", "Confirm cancellation")),
                            new Intent("invoice_copy", List.of("Send invoice")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("voucher_code", List.of("Check voucher")),
                            new Intent("size_advice", List.of("Show size chart")),
                            new Intent("opening_hours", List.of("Show opening hours")),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("refund_status", List.of("Ask for order number", "Show refund status")),
                            new Intent("shipping_costs", List.of("Show shipping costs")),
                            new Intent("damaged_item", List.of("Ask for photo", "Hand over to an agent")),
                            new Intent("newsletter", List.of("Newsletter sign-up")),
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
                    List.of(), 0.55),
            new Profile("demo-insurance", "Insurance hotline",
                    List.of(new WeightedChannel("hotline", "Claims hotline", "voice", "+49 89 2000 4400", 0.45),
                            new WeightedChannel("web", "Customer portal chat", "web", null, 0.35),
                            new WeightedChannel("whatsapp", "WhatsApp service", "meta-whatsapp", "+49 89 2000 4401", 0.20)),
                    List.of(new Intent("report_claim", List.of("Ask for policy number", "Ask for date of damage", "Create claim")),
                            new Intent("claim_status", List.of("Ask for claim number", "Read claim status")),
                            new Intent("change_bank_details", List.of("Verify identity", "Update bank details")),
                            new Intent("policy_question", List.of("Ask for policy number", "Explain coverage")),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("change_address", List.of("Verify identity", "Update address")),
                            new Intent("cancel_policy", List.of("Explain notice period", "Hand over to an agent")),
                            new Intent("premium_payment", List.of("Show payment dates")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("car_accident", List.of("Check for injuries", "Create claim")),
                            new Intent("roadside_assistance", List.of("Ask for location", "Dispatch assistance")),
                            new Intent("document_request", List.of("Send documents")),
                            new Intent("new_contract", List.of("Ask for product", "Hand over to an agent")),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("travel_insurance", List.of("Explain coverage")),
                            new Intent("glass_damage", List.of("Ask for photo", "Create claim")),
                            new Intent("water_damage", List.of("Ask for date of damage", "Create claim")),
                            new Intent("premium_increase", List.of("Explain premium change")),
                            new Intent("tax_certificate", List.of("Send documents")),
                            new Intent("complaint", List.of("Record complaint", "Hand over to an agent")),
                            new Intent("data_privacy", List.of("Show privacy notice")),
                            new Intent("broker_contact", List.of("Show broker"))),
                    List.of("jonas.weber", "laura.fischer", "marco.bianchi", "elif.kaya", "pierre.dubois", "nina.keller"),
                    List.of("claims-team", "sales-team", "+49 89 2000 4500", "emergency-desk"), 0.4),
            new Profile("demo-cityhall", "City services",
                    List.of(new WeightedChannel("web", "City portal", "web", null, 0.52),
                            new WeightedChannel("telegram", "Telegram @CityHallBot", "telegram", null, 0.23),
                            new WeightedChannel("phone", "Citizen line 115", "voice", "+49 30 115", 0.25)),
                    List.of(new Intent("book_appointment", List.of("Ask for service", "Show free slots", "Confirm appointment")),
                            new Intent("passport", List.of("List required documents")),
                            new Intent("register_address", List.of("Explain registration", "Show free slots")),
                            new Intent("opening_hours", List.of("Show opening hours")),
                            new Intent("waste_collection", List.of("Ask for street", "Show collection dates")),
                            new Intent("greeting", List.of("Welcome back")),
                            new Intent("parking_permit", List.of("Ask for licence plate", "Start permit application")),
                            new Intent("cancel_appointment", List.of("Ask for booking code", "Cancel appointment")),
                            new Intent("birth_certificate", List.of("List required documents")),
                            new Intent("dog_tax", List.of("Explain dog tax")),
                            new Intent("talk_to_human", List.of("Hand over to an agent")),
                            new Intent("report_pothole", List.of("Ask for location", "Create report")),
                            new Intent("thanks", List.of("Say goodbye")),
                            new Intent("marriage", List.of("Explain registry office")),
                            new Intent("library_card", List.of("Show library info")),
                            new Intent("building_permit", List.of("Hand over to an agent")),
                            new Intent("noise_complaint", List.of("Record complaint")),
                            new Intent("public_transport", List.of("Link to timetable")),
                            new Intent("voting", List.of("Explain postal vote")),
                            new Intent("lost_property", List.of("Ask for item", "Search lost property"))),
                    List.of("petra.wagner", "tobias.hoffmann", "giulia.conti", "ayse.demir"),
                    List.of("citizen-office", "+49 30 9020 0", "registry-office"), 0.3));
}
