package org.expensetracker.core.config;

import java.util.UUID;
import org.expensetracker.core.OwnerId;

/**
 * The bodies the application itself puts on its queues (S3 writes the other kind, its event
 * notifications, to the receipts queue). Written here, once, for every sender.
 */
public final class QueueMessages {
    /** The field of a receipts-queue message that asks the indexer to check an upload again. */
    public static final String REINDEX = "reindex";
    /** The field of a receipts-queue message that asks the indexer how a started reading job is doing. */
    public static final String READING_JOB = "readingJob";

    private QueueMessages() {
    }

    /** {@code {"ownerId":"…","exportId":"…"}}: the job's address; the worker reads the rest from the database. */
    public static String exportJob(OwnerId owner, UUID exportId) {
        return "{\"ownerId\":" + quoted(owner.value()) + ",\"exportId\":\"" + exportId + "\"}";
    }

    /** {@code {"deleteAccount":"…"}}: remove everything of this owner, then the identity. */
    public static String accountDeletion(OwnerId owner) {
        return "{\"deleteAccount\":" + quoted(owner.value()) + "}";
    }

    /** {@code {"reindex":"uploads/…"}}: check this uploaded object again (the recovery sweep's re-drive). */
    public static String reindex(String objectKey) {
        return "{\"" + REINDEX + "\":" + quoted(objectKey) + "}";
    }

    /**
     * {@code {"readingJob":"…","ownerId":"…","documentId":"…","attempt":1}}: ask the reader whether the
     * job reading this document's pages has finished (the indexer sends it to itself, delayed).
     */
    public static String readingJob(OwnerId owner, UUID documentId, String jobId, int attempt) {
        return "{\"" + READING_JOB + "\":" + quoted(jobId) + ",\"ownerId\":" + quoted(owner.value())
                + ",\"documentId\":\"" + documentId + "\",\"attempt\":" + attempt + "}";
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
