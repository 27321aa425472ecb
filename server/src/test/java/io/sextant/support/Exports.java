package io.sextant.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/** Test helpers for export round trips: create, wait, download, parse. */
public final class Exports {

    private Exports() {}

    /** POSTs an export and returns its id; fails unless the answer is 202. */
    public static String create(Api api, String chatbotId, Map<String, ?> params) {
        Api.Response r = api.post("/v1/chatbots/" + chatbotId + "/statistics/export?" + Api.query(params), null, "", api.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("exportId").asString();
    }

    /** POSTs an export of a segment (the JSON body {@code {"filters": […]}}) and returns its id; fails unless the answer is 202. */
    public static String create(Api api, String chatbotId, Map<String, ?> params, List<String> filters) {
        Api.Response r = api.postJson("/v1/chatbots/" + chatbotId + "/statistics/export?" + Api.query(params), Map.of("filters", filters));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("exportId").asString();
    }

    /** Polls the status until the job is no longer pending or running (at most two minutes). */
    public static JsonNode await(Api api, String chatbotId, String exportId) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            JsonNode s = api.get("/v1/chatbots/" + chatbotId + "/statistics/export/" + exportId).json();
            String status = s.get("status").asString();
            if (!status.equals("pending") && !status.equals("running")) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("export " + exportId + " still " + status + " after two minutes");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Parses a CSV body: the header first, then the records. */
    public static List<List<String>> parse(String body) {
        try {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(body))) {
                rows.add(r.toList());
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
