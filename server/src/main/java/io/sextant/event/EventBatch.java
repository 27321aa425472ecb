package io.sextant.event;

import java.util.List;

/** The validated events of one ingestion request, all of one chatbot. */
public record EventBatch(String chatbotId, List<Event> events) {}
