package org.expensetracker.core.export;

import java.util.List;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.error.DomainException;

/** Starting exports and reading their state; the work itself happens in the export worker. */
public final class ExportService {
    public static final int RECENT = 20;

    private final ExportRepository exports;
    private final ExportQueue queue;

    public ExportService(ExportRepository exports, ExportQueue queue) {
        this.exports = exports;
        this.queue = queue;
    }

    /**
     * Records the job and queues it. A retried request (same id, same content) returns the job
     * made the first time without queueing it again; the same id for another request is a conflict.
     */
    public Started start(OwnerId owner, ExportRequest request) {
        String key = ExportJob.objectKey(owner, request.id(), request.format());
        ExportRepository.Created created = exports.create(owner, request, request.fingerprint(), key);
        if (!created.created()) {
            if (!created.storedFingerprint().equals(request.fingerprint())) {
                throw DomainException.conflict("An export with this id already exists for another request.");
            }
            return new Started(created.job(), false);
        }
        try {
            queue.enqueue(owner, request.id());
        } catch (RuntimeException e) {
            // Never leave a job QUEUED that no worker will ever see.
            exports.fail(owner, request.id(), "The export could not be queued; please start it again.");
            throw e;
        }
        return new Started(created.job(), true);
    }

    public ExportJob get(OwnerId owner, UUID id) {
        return exports.find(owner, id).orElseThrow(() -> DomainException.notFound("Export"));
    }

    public List<ExportJob> recent(OwnerId owner) {
        return exports.recent(owner, RECENT);
    }

    public record Started(ExportJob job, boolean created) {
    }
}
