package org.expensetracker.receiptindexer.reading;

import java.util.Optional;
import org.expensetracker.core.document.ReceiptReading;

/** Reads an accepted receipt: Amazon Textract on AWS, its local stand-in in the local stack. */
public interface ReceiptReader {
    /**
     * Reads a one-page receipt (an image, a one-page PDF) at once.
     *
     * @param objectKey   the accepted copy's key in the receipts bucket
     * @param contentType the document's (checked) content type
     * @return the reading, with the page text in {@link Result#text()}; a document the reader
     *         refuses (a format it does not read, a damaged file) is a FAILED reading, not an exception
     * @throws RuntimeException when the reader could not be reached or was throttled: try again later
     */
    Result read(String objectKey, String contentType);

    /**
     * Starts reading a document of several pages, which the reader does in the background. Starting
     * again with the same {@code clientToken} (a redelivered message) returns the same job.
     *
     * @return the job to ask about, or, for a document the reader refuses, that FAILED reading
     * @throws RuntimeException when the reader could not be reached or was throttled: try again later
     */
    Started start(String objectKey, String clientToken);

    /**
     * The outcome of a started job: empty while it still runs; a FAILED reading when the job failed
     * or is unknown (expired).
     *
     * @throws RuntimeException when the reader could not be reached or was throttled: try again later
     */
    Optional<Result> finished(String jobId);

    record Result(ReceiptReading reading, String text) {
    }

    /** A job id, or the reading of a refused document (exactly one is set). */
    record Started(String jobId, Result refused) {
        public Started {
            if ((jobId == null) == (refused == null)) {
                throw new IllegalArgumentException("exactly one of jobId and refused");
            }
        }
    }
}
