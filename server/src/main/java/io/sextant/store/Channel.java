package io.sextant.store;

/** A channel of a chatbot. Times are epoch milliseconds. */
public record Channel(String chatbotId, String id, String name, String type, String number, String status, long created, long updated) {}
