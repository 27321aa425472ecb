package io.sextant.store;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link EventStore#append} of several batches stored some of them and not others: an engine
 * whose batches of different chatbots go to different machines cannot commit them as one
 * transaction. Each batch is still all or nothing: {@link #accepted()} holds, for every batch that
 * was stored, its number of new events; {@link #failures()} the reason of every batch that was not
 * (nothing of it was stored, and sending it again is safe).
 */
public final class PartialAppendException extends StoreException {

    private final int[] accepted;
    private final Map<Integer, RuntimeException> failures;

    public PartialAppendException(int[] accepted, Map<Integer, RuntimeException> failures) {
        super(failures.size() + " of " + accepted.length + " batches were not stored: "
                + failures.values().iterator().next().getMessage(), failures.values().iterator().next());
        this.accepted = accepted.clone();
        this.failures = Map.copyOf(new TreeMap<>(failures));
    }

    /** Per batch, in order, the number of new events; meaningless for a batch in {@link #failures()}. */
    public int[] accepted() {
        return accepted.clone();
    }

    /** By batch index, why it was not stored. */
    public Map<Integer, RuntimeException> failures() {
        return failures;
    }

    @Override
    public String toString() {
        return "PartialAppendException" + Arrays.toString(accepted) + failures.keySet();
    }
}
