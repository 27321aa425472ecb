package io.sextant.store;

import java.util.List;
import java.util.Optional;

/** Export jobs, kept in the database so that they outlive the process. */
public interface ExportJobStore {

    /**
     * One export job. Times are epoch milliseconds.
     *
     * @param timezone IANA zone of the daily buckets, null for fixed 24-hour buckets
     * @param progress fraction of rows written, 0..1
     * @param attempts how many runs of the job have started
     * @param filters the segment's filters ({@link Segment#filters()}, as validated when the job was
     *     made); empty for every conversation
     */
    record Job(String id, String chatbotId, ExportKind kind, long from, long to, String timezone, ExportStatus status,
            double progress, long createdAt, Long completedAt, Long expiresAt, String error, int attempts, List<String> filters) {

        public Job {
            filters = List.copyOf(filters);
        }

        /** The job as {@link ExportJobStore#markRunning} leaves it: running, progress 0, one more attempt. */
        public Job running() {
            return new Job(id, chatbotId, kind, from, to, timezone, ExportStatus.RUNNING, 0, createdAt, completedAt, expiresAt, error,
                    attempts + 1, filters);
        }

        /** The job with {@code progress} ({@link ExportJobStore#progress}). */
        public Job withProgress(double progress) {
            return new Job(id, chatbotId, kind, from, to, timezone, status, progress, createdAt, completedAt, expiresAt, error, attempts,
                    filters);
        }
    }

    void insert(Job job);

    Optional<Job> find(String id);

    /** Jobs that are pending or running, oldest first: after a restart these run again. */
    List<Job> unfinished();

    /** Marks the job running with progress 0 and counts the attempt. */
    void markRunning(String id);

    void progress(String id, double progress);

    void markCompleted(String id, long completedAt, long expiresAt);

    void markFailed(String id, String error);

    /** Completed jobs whose link expired before {@code now}. */
    List<Job> expiredBefore(long now);

    void markExpired(String id);

    /** The right to run one job, held until closed (or until the process holding it dies). */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Claims the right to run the job among every process that serves this store; empty when
     * another process holds it (that one runs the job). A process that dies gives up its claims, so
     * an unfinished job can be run again by another. The default suits an engine only one process
     * serves: the service itself runs a job once at a time.
     */
    default Optional<Claim> claim(String id) {
        return Optional.of(() -> {});
    }
}
