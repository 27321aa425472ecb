package io.sextant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of every error answer: {@code {"error": "..."}}, with {@code details} for rejected batches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, List<Detail> details) {

    public ErrorBody(String error) {
        this(error, null);
    }

    /** What is wrong with the event at {@code index} (0-based) of a batch. */
    public record Detail(int index, String error) {}
}
