package io.sextant.demo;

import java.util.List;

/** A generated chatbot and the channels it runs on, as registered through the channel endpoint. */
public record DemoChatbot(String id, String name, List<Channel> channels) {

    /** A channel: {@code type} is a registrable channel type (SPEC §2); {@code number} may be null. */
    public record Channel(String id, String name, String type, String number) {}
}
