package io.sextant.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The latest label of every step id of a chatbot, over all its channels (SPEC §3: the chatbot's
 * latest step event with that id that has a name; ties: the later ingested). Keyed with channel
 * {@code ''}, as the rollups' all-channels rows are. Held by the writer.
 *
 * <p>Labels rarely change, but nearly every step event is a later one with the same name. So the
 * time and order of the latest label are kept in memory only, rebuilt from the {@code steps} table
 * at start, and {@code step_labels} holds the names alone: a commit group writes a label only when
 * its name changes. Updates stay pending until the group's transaction has committed.
 */
final class StepLabels {

    /** A step id's label and the event that set it. */
    record Label(String name, long ts, long seq) {
        /** Whether {@code other}, from an event ingested later than this one's, takes over: it is not older. */
        boolean takenOverBy(Label other) {
            return other.ts > ts || (other.ts == ts && other.seq > seq);
        }
    }

    private final Map<Rollups.Key, Label> latest = new HashMap<>();
    private final Map<Rollups.Key, Label> pending = new HashMap<>();
    /** Keys whose every named step event an erasure removed: they lose their label once it commits. */
    private final Set<Rollups.Key> pendingGone = new HashSet<>();

    /** Rebuilds the labels from the step events. */
    static StepLabels load(Statement st) throws SQLException {
        StepLabels labels = new StepLabels();
        try (var rs = st.executeQuery("""
                SELECT c.chatbot_id, s.step_id, s.name, s.ts, s.seq
                FROM (SELECT chatbot_no, step_id, arg_max(step_name, (ts, seq)) AS name, max(ts) AS ts, arg_max(seq, (ts, seq)) AS seq
                      FROM steps WHERE step_name IS NOT NULL GROUP BY chatbot_no, step_id) s
                JOIN chatbots c ON c.chatbot_no = s.chatbot_no""")) {
            while (rs.next()) {
                labels.latest.put(new Rollups.Key(rs.getString(1), Rollups.ALL_CHANNELS, rs.getString(2)),
                        new Label(rs.getString(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return labels;
    }

    /**
     * Takes a commit group's latest label per key as pending, where it takes over, and returns those
     * whose name changes: the rows {@code step_labels} must get.
     */
    Map<Rollups.Key, Label> propose(Map<Rollups.Key, Label> group) {
        pending.clear();
        pendingGone.clear();
        Map<Rollups.Key, Label> renamed = new HashMap<>();
        group.forEach((key, label) -> {
            Label now = latest.get(key);
            if (now == null || now.takenOverBy(label)) {
                pending.put(key, label);
                if (now == null || !now.name().equals(label.name())) {
                    renamed.put(key, label);
                }
            }
        });
        return renamed;
    }

    /**
     * Takes, as pending, the labels an erasure recomputed from the step events that remain: for each
     * key of {@code recomputed} its label then, or none when no named step event of it is left
     * (a null value). The label falls back to the latest name that remains, which may be older than
     * the one it replaces.
     *
     * @return the keys whose name changes (a label that goes counts as a change)
     */
    Set<Rollups.Key> recomputed(Map<Rollups.Key, Label> recomputed) {
        pending.clear();
        pendingGone.clear();
        Set<Rollups.Key> renamed = new HashSet<>();
        recomputed.forEach((key, label) -> {
            Label now = latest.get(key);
            if (label == null) {
                pendingGone.add(key);
                if (now != null) {
                    renamed.add(key);
                }
            } else {
                pending.put(key, label);
                if (now == null || !now.name().equals(label.name())) {
                    renamed.add(key);
                }
            }
        });
        return renamed;
    }

    /** The group's (or erasure's) transaction committed: its labels are the latest now. */
    void committed() {
        latest.putAll(pending);
        latest.keySet().removeAll(pendingGone);
        pending.clear();
        pendingGone.clear();
    }

    /** The group's transaction was rolled back. */
    void discarded() {
        pending.clear();
        pendingGone.clear();
    }

    /** For tests: the latest label per key. */
    Map<Rollups.Key, Label> snapshot() {
        return Map.copyOf(latest);
    }
}
