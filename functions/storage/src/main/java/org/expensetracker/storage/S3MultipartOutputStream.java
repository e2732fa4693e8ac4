package org.expensetracker.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes one S3 object as a stream, with memory flat whatever the object's size: the bytes collect in a
 * reused {@code byte[]} of {@code partSize}, and each time it is full and more bytes come it goes to S3 as
 * the next part of a multipart upload; {@link #close()} sends what is left as the last part and completes
 * the upload. The SDK gets the buffer's filled range as a stream (a new one for each pass it makes,
 * checksum or retry), so no part is copied on the way. (What the SDK itself allocates is not kept either,
 * but with its default aws-chunked signing that is a fresh array per 128 KiB chunk: about one byte of
 * short-lived garbage per byte sent.)
 *
 * <p><b>Uploads in the background.</b> Given an {@link Executor}, a full part is uploaded on it while the
 * writer fills a second buffer, so producing the bytes and sending them overlap. At most one part is in
 * flight: a writer that fills the second buffer before the first part is sent waits for it. Memory is
 * then at most two part buffers (the second is allocated only when a part is sent while more bytes come).
 * A failure of a background upload is thrown by the next {@code write} or by {@code close()}, after the
 * upload was aborted as for any other failure. The last part is sent by {@code close()} itself. Without an
 * executor (or with one that runs tasks on the calling thread) every part is sent during the {@code write}
 * that overflows the buffer, and one buffer is all there is.
 *
 * <p><b>Small objects.</b> The multipart upload is created only once more than one part's worth of bytes
 * has been written. An object of at most {@code partSize} bytes (including an empty one) is stored by
 * {@code close()} with a single PutObject instead: one request rather than three, and S3 (like the local
 * S3Proxy) refuses to complete a multipart upload without parts anyway.
 *
 * <p><b>All or nothing.</b> The object appears, or replaces the one already at the key, only when
 * {@code close()} returns normally: S3 publishes a multipart upload on completion alone, and a PutObject
 * is atomic. If a request fails during {@code write} or {@code close} (or in the background), the stream
 * aborts the multipart upload (so no parts linger and are billed) and throws an {@link IOException} whose
 * cause is the SDK's exception; a failure of that abort is added to it as suppressed. A part still in
 * flight is waited for before the abort, as S3 may keep a part whose upload runs while the abort is
 * processed. After a failure or {@link #abort()}, writes throw and {@code close()} does nothing. The
 * bucket's lifecycle rule for incomplete multipart uploads is the backstop for a process that dies
 * mid-way.
 *
 * <p>Because {@code close()} means "publish", a failure of the code producing the bytes must call
 * {@link #abort()} before anything closes the stream (a try-with-resources alone would publish a
 * truncated object):
 *
 * <pre>{@code
 * S3MultipartOutputStream out = new S3MultipartOutputStream(s3, bucket, key, "text/csv", PART_SIZE, executor);
 * try {
 *     writeCsv(out);
 *     out.close();
 * } catch (IOException | RuntimeException | Error e) {
 *     out.abort();
 *     throw e;
 * }
 * }</pre>
 *
 * <p>No {@code x-amz-server-side-encryption} header is sent: the bucket's default encryption applies (and
 * the local S3Proxy answers 501 to the header). {@link #flush()} sends nothing, as every part but the last
 * must be at least {@value #MIN_PART_SIZE} bytes. At most {@value #MAX_PARTS} parts: 78 GiB with the
 * default part size.
 *
 * <p>Not thread-safe: one thread writes and closes (or aborts) a stream, as with any {@link OutputStream}
 * that is not documented otherwise; the background uploads are the stream's own business. The executor
 * must run every task it accepts (not drop queued ones, as {@code shutdownNow} does) until the stream is
 * closed or aborted, since both wait for the part in flight.
 */
public final class S3MultipartOutputStream extends OutputStream {
    /** S3's minimum size of every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's maximum number of parts of one upload. */
    public static final int MAX_PARTS = 10_000;

    private static final byte[] EMPTY = new byte[0];

    private enum State { OPEN, CLOSED, ABORTED }

    /** A part being uploaded: its buffer is not touched until {@code eTag} is done. */
    private record InFlight(int partNumber, byte[] buffer, CompletableFuture<String> eTag) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    /** Where parts are uploaded; on the writing thread itself when none was given. */
    private final Executor uploads;
    private final List<CompletedPart> completedParts = new ArrayList<>();
    /** The buffer being filled. */
    private byte[] part;
    /** Bytes of {@link #part} filled. */
    private int filled;
    /** A free buffer (the one of the last part sent), reused rather than allocated again. */
    private byte[] spare;
    /** The part being uploaded in the background, if any. */
    private InFlight inFlight;
    /** Parts handed to S3 (sent, in flight or failed); the next part's number is one more. */
    private int partsStarted;
    private long bytesWritten;
    /** Null until the multipart upload is created. */
    private String uploadId;
    private State state = State.OPEN;

    public S3MultipartOutputStream(S3Client s3, String bucket, String key, String contentType) {
        this(s3, bucket, key, contentType, DEFAULT_PART_SIZE);
    }

    /**
     * Nothing is sent yet; the part buffer of {@code partSize} bytes (at least {@value #MIN_PART_SIZE}) is
     * allocated now. Parts are sent on the writing thread.
     */
    public S3MultipartOutputStream(S3Client s3, String bucket, String key, String contentType, int partSize) {
        this(s3, bucket, key, contentType, partSize, null);
    }

    /**
     * As {@link #S3MultipartOutputStream(S3Client, String, String, String, int)}, with full parts uploaded on
     * {@code uploads} while the next one is filled ({@code null}: on the writing thread).
     */
    public S3MultipartOutputStream(S3Client s3, String bucket, String key, String contentType, int partSize,
                                   Executor uploads) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize " + partSize + " is below S3's minimum of " + MIN_PART_SIZE);
        }
        this.partSize = partSize;
        this.uploads = uploads == null ? Runnable::run : uploads;
        this.part = new byte[partSize];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == part.length) {
            uploadFullPart();
        }
        part[filled++] = (byte) b;
        bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            // A full part goes only once more bytes come, so close() never has an empty last part.
            if (filled == part.length) {
                uploadFullPart();
            }
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            bytesWritten += n;
        }
    }

    /** Sends nothing: parts go to S3 when full, the rest on {@link #close()}. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
    }

    /**
     * Publishes the object: a PutObject when everything fit in one part, otherwise (once the part in flight,
     * if any, is sent) the last part and CompleteMultipartUpload. Does nothing when already closed or aborted.
     */
    @Override
    public void close() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        try {
            if (uploadId == null) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) filled),
                        body(part, filled));
            } else {
                awaitInFlight();
                int partNumber = ++partsStarted;
                completedParts.add(completed(partNumber, uploadPart(partNumber, part, filled)));
                List<CompletedPart> parts = List.copyOf(completedParts);
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
            state = State.CLOSED;
            releaseBuffers();
        } catch (RuntimeException | Error e) {
            throw failed(e);
        }
    }

    /**
     * Gives the object up: waits for a part in flight to end, then aborts the multipart upload, if one was
     * created, so that no object appears and no parts remain; an object already at the key stays as it was.
     * Idempotent, and does nothing after a successful {@link #close()}.
     *
     * @throws UncheckedIOException when S3 refused or could not be asked to abort (the upload's parts may
     *                              remain until the bucket's lifecycle rule removes them)
     */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        filled = 0;
        if (inFlight != null) {
            // Its outcome no longer matters, only that it has ended; join() is not interruptible.
            inFlight.eTag().handle((eTag, failure) -> null).join();
            inFlight = null;
        }
        releaseBuffers();
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(
                    "could not abort the multipart upload " + id + " of s3://" + bucket + "/" + key, e));
        }
    }

    /** Bytes written so far (all of them, also those still buffered or in flight). */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("s3://" + bucket + "/" + key + " is already "
                    + (state == State.CLOSED ? "closed" : "aborted"));
        }
        if (inFlight != null && inFlight.eTag().isDone()) {
            // A background upload has ended: take its buffer back, or fail now rather than a part later.
            try {
                awaitInFlight();
            } catch (RuntimeException | Error e) {
                throw failed(e);
            }
        }
    }

    /** Sends the full buffer as the next part (in the background when there is an executor) and starts a new one. */
    private void uploadFullPart() throws IOException {
        try {
            awaitInFlight();
            if (partsStarted == MAX_PARTS - 1) {
                // The full part could not be the last one: more bytes are coming.
                throw new IllegalStateException("more than " + MAX_PARTS + " parts of " + part.length
                        + " bytes: choose a larger part size");
            }
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                        .uploadId();
            }
            int partNumber = ++partsStarted;
            byte[] buffer = part;
            int length = filled;
            CompletableFuture<String> eTag = CompletableFuture.supplyAsync(
                    () -> uploadPart(partNumber, buffer, length), uploads);
            inFlight = new InFlight(partNumber, buffer, eTag);
            part = null;
            filled = 0;
            if (eTag.isDone()) {
                awaitInFlight(); // sent on this thread (or already): the same buffer serves again
            }
            part = spare != null ? spare : new byte[partSize];
            spare = null;
        } catch (RuntimeException | Error e) {
            throw failed(e);
        }
    }

    /** Waits for the part in flight, if any: records it, or throws what its upload threw. */
    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        InFlight done = inFlight;
        inFlight = null;
        String eTag;
        try {
            eTag = done.eTag().join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
        completedParts.add(completed(done.partNumber(), eTag));
        spare = done.buffer();
    }

    /** Sends {@code length} bytes of {@code buffer} as part {@code partNumber}; returns its ETag. */
    private String uploadPart(int partNumber, byte[] buffer, int length) {
        return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(partNumber).contentLength((long) length), body(buffer, length)).eTag();
    }

    private static CompletedPart completed(int partNumber, String eTag) {
        return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
    }

    /** The filled range of a part buffer, not copied: a new stream over it for each (re)try. */
    private RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, contentType);
    }

    /** Lets the buffers go once nothing more will be written, so a stream kept referenced holds no memory. */
    private void releaseBuffers() {
        part = EMPTY;
        spare = null;
    }

    private static RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : e;
    }

    /** Aborts after a failed request and returns what to throw; an Error is rethrown as it is. */
    private IOException failed(Throwable cause) {
        try {
            abort();
        } catch (UncheckedIOException abortFailure) {
            cause.addSuppressed(abortFailure.getCause());
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException("could not upload s3://" + bucket + "/" + key + ": " + cause.getMessage(), cause);
    }
}
