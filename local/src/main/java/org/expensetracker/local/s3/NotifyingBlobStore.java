package org.expensetracker.local.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3 event notifications for S3Proxy: wraps the blob store S3Proxy writes through and, once an object has been
 * stored (PUT, POST, copy, completed multipart upload), sends the event message S3 would send to each matching
 * rule's queue. Sending happens before S3Proxy answers the request, so a client that saw its PUT succeed finds
 * the event already queued; a send that fails is logged and does not fail the write, as the write has happened.
 * The blob store cannot tell a browser's POST upload from a PUT: both are reported as {@code ObjectCreated:Put}.
 * Deletions raise no events.
 *
 * <p>S3Proxy itself writes through the blob store too: for the filesystem store it keeps each multipart upload's
 * metadata in a stub object {@code .s3proxy-mpu-stub-<uploadId>} (hidden from listings, removed on completion).
 * Those are not objects of the bucket and raise no events.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private static final System.Logger LOG = System.getLogger(NotifyingBlobStore.class.getName());
    /** S3Proxy's multipart stub (S3ProxyHandler.MULTIPART_STUB_PREFIX) and the nio2 store's own part files. */
    private static final List<String> INTERNAL_PREFIXES = List.of(".s3proxy-mpu-stub-", ".mpus-");

    private final List<NotificationRule> rules;
    private final SqsClient sqs;

    NotifyingBlobStore(BlobStore delegate, List<NotificationRule> rules, SqsClient sqs) {
        super(delegate);
        this.rules = List.copyOf(rules);
        this.sqs = rules.isEmpty() ? sqs : Objects.requireNonNull(sqs, "an SQS client is needed to send notifications");
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        CountingInputStream counted = new CountingInputStream(content);
        PutObjectResponse response = super.putBlob(request, counted);
        notifyCreated(S3EventMessage.PUT, request.bucket(), request.key(), counted.count(), response.eTag());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        notifyCreated(S3EventMessage.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), upload.blobName(), -1,
                response.eTag());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
        notifyCreated(S3EventMessage.COPY, request.destinationBucket(), request.destinationKey(), -1, eTag);
        return response;
    }

    /** {@code size} -1: not known from the call, read it back. */
    private void notifyCreated(String eventName, String bucket, String key, long size, String eTag) {
        if (rules.isEmpty() || isInternal(key)) {
            return;
        }
        Instant now = Instant.now();
        for (NotificationRule rule : rules) {
            if (!rule.matches(bucket, key)) {
                continue;
            }
            try {
                long objectSize = size;
                String objectETag = eTag;
                if (objectSize < 0 || objectETag == null) {
                    HeadObjectResponse head = delegate().blobMetadata(bucket, key);
                    objectSize = head.contentLength();
                    objectETag = head.eTag();
                }
                String body = S3EventMessage.json(rule, eventName, bucket, key, objectSize, objectETag, now);
                sqs.sendMessage(b -> b.queueUrl(rule.queueUrl()).messageBody(body));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not send the " + eventName + " event of s3://" + bucket + "/" + key
                        + " to " + rule.queueUrl() + " (the object is stored): " + e);
            }
        }
    }

    private static boolean isInternal(String key) {
        return INTERNAL_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** Counts what the store reads: the size of the object as stored. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long count() {
            return count;
        }
    }
}
