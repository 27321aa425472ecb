package io.sextant;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sextant's settings, bound from {@code sextant.*} properties and {@code SEXTANT_*} environment
 * variables (see the configuration table in the README).
 *
 * @param dataDir directory of the database file, the admin key and export files
 * @param memoryLimit DuckDB memory limit such as {@code 4GB}; empty for DuckDB's default (80% of RAM)
 * @param checkpointThreshold WAL size at which DuckDB writes the database file (checkpoints), such as
 *     {@code 256MB}; empty for DuckDB's default (16MB)
 * @param disabledOptimizers DuckDB's optimizer passes to skip, comma-separated; empty for none
 *     (the default, DuckDB's {@code Database.DISABLED_OPTIMIZERS}, says why)
 * @param threads threads DuckDB runs statements on, at least 1 (the default, {@code Database.THREADS},
 *     says why)
 * @param publicUrl base of export download links; empty to use the request's own base
 */
@ConfigurationProperties("sextant")
public record SextantProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("") String memoryLimit,
        @DefaultValue("256MB") String checkpointThreshold,
        @DefaultValue("common_subplan,join_order") String disabledOptimizers,
        @DefaultValue("1") int threads,
        @DefaultValue("") String publicUrl,
        @DefaultValue Ingest ingest,
        @DefaultValue Report report,
        @DefaultValue Inbox inbox,
        @DefaultValue Export export) {

    /**
     * @param maxEvents events per request before 413
     * @param maxBytes body bytes per request before 413
     * @param maxGroupEvents events the writer commits in one transaction at most
     */
    public record Ingest(
            @DefaultValue("10000") int maxEvents,
            @DefaultValue("10485760") long maxBytes,
            @DefaultValue("200000") int maxGroupEvents) {}

    /**
     * @param cacheEntries report answers kept until a commit changes them; 0 turns the cache off
     * @param keptRollupRows summed rollup rows kept for later reports over the same whole hours and
     *     days, while no commit changed them (DuckDB); 0 keeps none
     * @param keptHourEvents events of settled hours kept for later reports whose window or previous
     *     period cuts those hours, while no commit changed them (DuckDB); 0 keeps none
     */
    public record Report(@DefaultValue("1024") int cacheEntries, @DefaultValue("1000000") long keptRollupRows,
            @DefaultValue("1000000") long keptHourEvents) {}

    /**
     * @param keptAgentCounts per-agent counts of the inbox statistics' whole UTC days kept until a
     *     commit changes them (one entry per chatbot, channel and run of days); 0 keeps none
     */
    public record Inbox(@DefaultValue("1024") int keptAgentCounts) {}

    /**
     * @param workers export jobs that run at once
     * @param linkTtl how long a download link (and the file) lives
     * @param cleanupInterval how often expired files are deleted
     * @param keptRows rows of daily exports' days kept until a commit changes them; 0 keeps none
     */
    public record Export(
            @DefaultValue("2") int workers,
            @DefaultValue("24h") Duration linkTtl,
            @DefaultValue("1m") Duration cleanupInterval,
            @DefaultValue("100000") long keptRows) {}
}
