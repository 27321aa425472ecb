package io.sextant.demo;

import java.util.List;

/**
 * A generated chatbot, the channels it runs on (as registered through the channel endpoint) and its
 * statistics settings: the intents that mean "not understood" and the least score of an understood
 * intent (as set through the settings endpoint).
 */
public record DemoChatbot(String id, String name, List<Channel> channels, List<String> fallbackIntents, double understoodThreshold) {

    /** A channel: {@code type} is a registrable channel type (SPEC §2); {@code number} may be null. */
    public record Channel(String id, String name, String type, String number) {}
}
