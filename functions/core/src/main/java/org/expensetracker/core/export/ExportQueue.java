package org.expensetracker.core.export;

import java.util.UUID;
import org.expensetracker.core.OwnerId;

/** Hands a job to the export worker (an SQS queue on AWS). */
@FunctionalInterface
public interface ExportQueue {
    void enqueue(OwnerId owner, UUID exportId);
}
