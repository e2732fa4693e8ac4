package org.expensetracker.receiptindexer.reading;

import org.expensetracker.core.document.ReceiptReading;

/** Reads an accepted receipt: Amazon Textract on AWS, its local stand-in in the local stack. */
public interface ReceiptReader {
    /**
     * @param objectKey   the accepted copy's key in the receipts bucket
     * @param contentType the document's (checked) content type
     * @return the reading, with the page text in {@link Result#text()}; a document the reader
     *         refuses (a format it does not read, a damaged file) is a FAILED reading, not an exception
     * @throws RuntimeException when the reader could not be reached or was throttled: try again later
     */
    Result read(String objectKey, String contentType);

    record Result(ReceiptReading reading, String text) {
    }
}
