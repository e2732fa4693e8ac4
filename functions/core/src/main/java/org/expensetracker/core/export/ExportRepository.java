package org.expensetracker.core.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;

/** Storage of export jobs, scoped by owner. */
public interface ExportRepository {

    /** Stores a QUEUED job unless one with this id exists; returns what is stored and whether it was new. */
    Created create(OwnerId owner, ExportRequest request, String fingerprint, String objectKey);

    Optional<ExportJob> find(OwnerId owner, UUID id);

    /** The owner's most recent jobs, newest first. */
    List<ExportJob> recent(OwnerId owner, int limit);

    /**
     * Takes the job for one run: a QUEUED job, or a RUNNING one whose previous run's lease has
     * lapsed (it crashed or timed out). Returns empty when the job is finished, missing or
     * being run right now, so a duplicate message does nothing.
     */
    Optional<ExportJob> claim(OwnerId owner, UUID id, Duration lease);

    /** Lets the next delivery retry at once after a failed run (the run gave the job back). */
    void release(OwnerId owner, UUID id);

    void progress(OwnerId owner, UUID id, long rows);

    /** False when the job is no longer RUNNING (another run finished it, or its owner deleted the account meanwhile). */
    boolean succeed(OwnerId owner, UUID id, long rows, long bytes, Instant expiresAt);

    void fail(OwnerId owner, UUID id, String reason);

    record Created(ExportJob job, boolean created, String storedFingerprint) {
    }
}
