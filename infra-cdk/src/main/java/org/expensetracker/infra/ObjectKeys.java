package org.expensetracker.infra;

import org.expensetracker.core.document.ReceiptKeys;

/** The key prefixes of the receipts bucket, by which IAM grants and lifecycle rules are scoped. */
final class ObjectKeys {
    /** {@code uploads/<ownerId>/<documentId>}: presigned PUTs land here (quarantine), read by the indexer. */
    static final String UPLOADS = ReceiptKeys.UPLOAD_PREFIX;
    /** {@code receipts/<ownerId>/<documentId>/<sha256>}: accepted bytes, written only by the indexer, read by downloads and exports. */
    static final String RECEIPTS = ReceiptKeys.PREFIX;
    /**
     * {@code exports/<ownerId>/<exportId>.csv|zip}: written by the export worker, downloaded by presigned GET.
     * Core spells it inside {@code ExportJob.objectKey}; a test checks that the two agree.
     */
    static final String EXPORTS = "exports/";

    private ObjectKeys() {
    }

    /** The IAM/grant pattern for every object under a prefix. */
    static String all(String prefix) {
        return prefix + "*";
    }
}
