package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.expensetracker.storage.S3MultipartOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The streaming multipart upload against the local S3 (S3Proxy over its filesystem store). */
class S3MultipartOutputStreamTest {
    private static final String BUCKET = "exports";
    private static final int MIB = 1024 * 1024;
    private static final int PART = S3MultipartOutputStream.MIN_PART_SIZE;
    private static final String CSV = "text/csv; charset=utf-8";

    @TempDir
    Path dataDir;

    private LocalS3 localS3;
    private S3Client client;
    /** Every write request the test's clients started, in order (the failed ones too). */
    private final List<SdkRequest> sent = Collections.synchronizedList(new ArrayList<>());
    /** The thread each UploadPart ran on, by part number. */
    private final Map<Integer, String> partThreads = new ConcurrentHashMap<>();
    /** Part uploads running right now, and the most there ever were at once. */
    private final AtomicInteger partsInFlight = new AtomicInteger();
    private final AtomicInteger mostPartsInFlight = new AtomicInteger();
    /** UploadParts of this number wait for {@link #releaseHeld} before they go (0: none). */
    private volatile int heldPart;
    private final CountDownLatch heldPartStarted = new CountDownLatch(1);
    private final CountDownLatch releaseHeld = new CountDownLatch(1);
    /** Where the background tests' parts are uploaded: one daemon thread, as an export run has. */
    private final ExecutorService uploads = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "part-uploads");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeEach
    void start() {
        localS3 = LocalS3.start(LocalS3Options.of(dataDir).withBuckets(List.of(BUCKET)));
        client = client(request -> false);
    }

    @AfterEach
    void stop() throws InterruptedException {
        releaseHeld.countDown();
        uploads.shutdownNow();
        assertThat(uploads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        client.close();
        localS3.close();
    }

    enum Writes { SINGLE_BYTES, ODD_CHUNKS, ONE_ARRAY }

    @ParameterizedTest
    @EnumSource(Writes.class)
    void givenThreePartsWorth_whenWrittenAndClosed_thenObjectIsByteIdenticalAndMultipart(Writes writes)
            throws IOException {
        long size = 12 * MIB + MIB / 2;
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "exports/u1/e1.csv", CSV, PART);

        write(out, size, writes);
        assertThat(out.bytesWritten()).isEqualTo(size);
        out.close();

        assertStored("exports/u1/e1.csv", size, CSV);
        assertThat(client.headObject(b -> b.bucket(BUCKET).key("exports/u1/e1.csv")).eTag()).endsWith("-3\"");
        assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest", "UploadPartRequest",
                "UploadPartRequest", "UploadPartRequest", "CompleteMultipartUploadRequest");
        assertThat(sent).filteredOn(UploadPartRequest.class::isInstance).map(UploadPartRequest.class::cast)
                .extracting(UploadPartRequest::partNumber, UploadPartRequest::contentLength)
                .containsExactly(tuple(1, (long) PART),
                        tuple(2, (long) PART),
                        tuple(3, (long) (MIB * 5 / 2)));
        assertNoUploadsInProgress();
    }

    @Test
    void givenNothingWritten_whenClosed_thenAnEmptyObjectIsPutWithoutMultipart() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "empty.csv", CSV, PART);

        out.close();

        assertThat(out.bytesWritten()).isZero();
        assertStored("empty.csv", 0, CSV);
        assertThat(sentTypes()).containsExactly("PutObjectRequest");
    }

    @Test
    void givenOneByte_whenClosed_thenObjectHoldsIt() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "one.csv", CSV, PART);

        out.write(pattern(0));
        out.close();

        assertStored("one.csv", 1, CSV);
        assertThat(sentTypes()).containsExactly("PutObjectRequest");
    }

    @ParameterizedTest
    @EnumSource(Writes.class)
    void givenExactlyOnePart_whenClosed_thenOnePutObject(Writes writes) throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "exports/part.zip",
                "application/zip", PART);

        write(out, PART, writes);
        out.close();

        assertStored("exports/part.zip", PART, "application/zip");
        assertThat(sentTypes()).containsExactly("PutObjectRequest");
    }

    @Test
    void givenOnePartAndOneByte_whenClosed_thenTheLastPartIsOneByte() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "plus-one.csv", CSV, PART);

        write(out, PART + 1L, Writes.ODD_CHUNKS);
        out.close();

        assertStored("plus-one.csv", PART + 1L, CSV);
        assertThat(sent).filteredOn(UploadPartRequest.class::isInstance).map(UploadPartRequest.class::cast)
                .extracting(UploadPartRequest::contentLength).containsExactly((long) PART, 1L);
    }

    @Test
    void givenDefaultPartSize_whenClosed_thenPartsAreEightMebibytes() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "default.csv", CSV);

        write(out, 9L * MIB, Writes.ODD_CHUNKS);
        out.close();

        assertStored("default.csv", 9L * MIB, CSV);
        assertThat(sent).filteredOn(UploadPartRequest.class::isInstance).map(UploadPartRequest.class::cast)
                .extracting(UploadPartRequest::contentLength).containsExactly(8L * MIB, (long) MIB);
    }

    @Test
    void givenPartsUploaded_whenAborted_thenNoObjectAndNoUploadInProgress() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "exports/u1/aborted.csv", CSV, PART);
        write(out, 11L * MIB, Writes.ODD_CHUNKS);
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
                .extracting(u -> u.key()).containsExactly("exports/u1/aborted.csv");

        out.abort();
        out.abort();
        out.close();

        assertThat(sentTypes()).endsWith("AbortMultipartUploadRequest").containsOnlyOnce("AbortMultipartUploadRequest");
        assertAbsent("exports/u1/aborted.csv");
        assertNoUploadsInProgress();
        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        assertThatThrownBy(() -> out.write(new byte[10])).isInstanceOf(IOException.class);
    }

    @Test
    void givenLessThanAPart_whenAborted_thenNothingWasEverSent() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "small.csv", CSV, PART);
        write(out, 1000, Writes.ODD_CHUNKS);

        out.abort();
        out.close();

        assertThat(sent).isEmpty();
        assertAbsent("small.csv");
    }

    @Test
    void givenExistingObject_whenAbortedMidWay_thenItIsUntouched() throws IOException {
        putOld("report.csv");
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "report.csv", CSV, PART);
        write(out, 11L * MIB, Writes.ODD_CHUNKS);

        out.abort();

        assertOld("report.csv");
        assertNoUploadsInProgress();
    }

    @Test
    void givenExistingObject_whenOverwrittenByAStream_thenReplacedOnlyOnClose() throws IOException {
        putOld("report.csv");
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "report.csv", CSV, PART);
        write(out, 11L * MIB, Writes.ODD_CHUNKS);
        assertOld("report.csv");

        out.close();

        assertStored("report.csv", 11L * MIB, CSV);
    }

    @Test
    void givenUnknownBucket_whenClosingASmallObject_thenIOExceptionAndNothingStored() throws IOException {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, "no-such-bucket", "x.csv", CSV, PART);
        write(out, 10, Writes.ODD_CHUNKS);

        assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(NoSuchBucketException.class);
        out.close();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void givenUnknownBucket_whenWritingMoreThanAPart_thenTheWriteFails() {
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, "no-such-bucket", "x.csv", CSV, PART);

        assertThatThrownBy(() -> write(out, PART + 1L, Writes.ONE_ARRAY)).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(NoSuchBucketException.class);
        assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest");
    }

    @Test
    void givenSecondPartFails_whenWriting_thenAbortedAndThePreviousObjectStays() throws IOException {
        putOld("exports/u1/e2.csv");
        try (S3Client failing = client(request -> request instanceof UploadPartRequest part && part.partNumber() == 2)) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "exports/u1/e2.csv", CSV, PART);

            assertThatThrownBy(() -> write(out, 12L * MIB + MIB / 2, Writes.ODD_CHUNKS))
                    .isInstanceOf(IOException.class).hasRootCauseMessage("injected failure of UploadPartRequest");
            out.close();
            out.abort();

            assertThat(out.bytesWritten()).isLessThan(12L * MIB);
            assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest",
                    "UploadPartRequest", "UploadPartRequest", "AbortMultipartUploadRequest");
            assertOld("exports/u1/e2.csv");
            assertNoUploadsInProgress();
        }
    }

    @Test
    void givenLastPartFails_whenClosing_thenAbortedAndThePreviousObjectStays() throws IOException {
        putOld("e3.csv");
        try (S3Client failing = client(request -> request instanceof UploadPartRequest part && part.partNumber() == 3)) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "e3.csv", CSV, PART);
            write(out, 12L * MIB + MIB / 2, Writes.ODD_CHUNKS);

            assertThatThrownBy(out::close).isInstanceOf(IOException.class);

            assertOld("e3.csv");
            assertNoUploadsInProgress();
        }
    }

    @Test
    void givenCompletionFails_whenClosing_thenAbortedAndThePreviousObjectStays() throws IOException {
        putOld("e4.csv");
        try (S3Client failing = client(CompleteMultipartUploadRequest.class::isInstance)) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "e4.csv", CSV, PART);
            write(out, 12L * MIB + MIB / 2, Writes.ODD_CHUNKS);

            assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                    .hasRootCauseMessage("injected failure of CompleteMultipartUploadRequest");
            out.close();

            assertThat(sentTypes()).endsWith("CompleteMultipartUploadRequest", "AbortMultipartUploadRequest");
            assertOld("e4.csv");
            assertNoUploadsInProgress();
        }
    }

    @Test
    void givenAbortFailsToo_whenAPartFails_thenTheAbortFailureIsSuppressed() throws IOException {
        try (S3Client failing = client(request -> !(request instanceof CreateMultipartUploadRequest)
                && !(request instanceof PutObjectRequest))) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "e5.csv", CSV, PART);

            assertThatThrownBy(() -> write(out, PART + 1L, Writes.ONE_ARRAY)).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getCause().getSuppressed()).singleElement()
                            .satisfies(s -> assertThat(s).hasMessageContaining("could not abort")));
            assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest", "UploadPartRequest",
                    "AbortMultipartUploadRequest");
        }
        // The real client can still clean up what the failing one could not.
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).hasSize(1)
                .allSatisfy(u -> client.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())));
        assertNoUploadsInProgress();
        assertAbsent("e5.csv");
    }

    // --- parts uploaded in the background, while the next one fills ---

    @ParameterizedTest
    @EnumSource(Writes.class)
    void givenAnUploadExecutor_whenThreePartsWorthAreWritten_thenPartsGoInTheBackgroundInOrderOneAtATime(Writes writes)
            throws IOException {
        long size = 12 * MIB + MIB / 2;
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "bg/e1.csv", CSV, PART, uploads);

        write(out, size, writes);
        assertThat(out.bytesWritten()).isEqualTo(size);
        out.close();

        assertStored("bg/e1.csv", size, CSV);
        assertThat(client.headObject(b -> b.bucket(BUCKET).key("bg/e1.csv")).eTag()).endsWith("-3\"");
        assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest", "UploadPartRequest",
                "UploadPartRequest", "UploadPartRequest", "CompleteMultipartUploadRequest");
        assertThat(sent).filteredOn(UploadPartRequest.class::isInstance).map(UploadPartRequest.class::cast)
                .extracting(UploadPartRequest::partNumber, UploadPartRequest::contentLength)
                .containsExactly(tuple(1, (long) PART), tuple(2, (long) PART), tuple(3, (long) (MIB * 5 / 2)));
        assertThat(partThreads).as("full parts in the background, the last one by close()")
                .containsExactlyInAnyOrderEntriesOf(Map.of(1, "part-uploads", 2, "part-uploads",
                        3, Thread.currentThread().getName()));
        assertThat(mostPartsInFlight).as("parts in flight at once").hasValue(1);
        assertNoUploadsInProgress();
    }

    @Test
    void givenABackgroundPartFails_whenTheNextPartIsDue_thenThatWriteFailsAndNothingRemains() throws Exception {
        putOld("bg/e2.csv");
        heldPart = 2; // it fails only once the writer has moved on to part 3 (its failure is not seen at hand-off)
        try (S3Client failing = client(request -> request instanceof UploadPartRequest part && part.partNumber() == 2)) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "bg/e2.csv", CSV, PART, uploads);
            Thread releaser = releaseHeldPartAfter(200);

            assertThatThrownBy(() -> write(out, 20L * MIB, Writes.ODD_CHUNKS))
                    .isInstanceOf(IOException.class).hasRootCauseMessage("injected failure of UploadPartRequest");
            releaser.join();
            out.close();
            out.abort();

            // Part 2 went at 2 parts + 1 byte; its failure shows at the latest when part 3 is full.
            assertThat(out.bytesWritten()).isBetween(2L * PART + 1, 3L * PART);
            assertThat(partThreads.get(2)).isEqualTo("part-uploads");
            assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest",
                    "UploadPartRequest", "UploadPartRequest", "AbortMultipartUploadRequest");
            assertOld("bg/e2.csv");
            assertNoUploadsInProgress();
            assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        }
    }

    @Test
    void givenABackgroundPartFails_whenClosed_thenCloseFailsAndNoObjectAppears() throws Exception {
        heldPart = 2; // still in flight when the writing is done
        try (S3Client failing = client(request -> request instanceof UploadPartRequest part && part.partNumber() == 2)) {
            S3MultipartOutputStream out = new S3MultipartOutputStream(failing, BUCKET, "bg/e3.csv", CSV, PART, uploads);
            write(out, 2L * PART + 1, Writes.ONE_ARRAY);
            assertThat(heldPartStarted.await(30, TimeUnit.SECONDS)).isTrue();
            Thread releaser = releaseHeldPartAfter(100);

            assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                    .hasRootCauseMessage("injected failure of UploadPartRequest");
            releaser.join();
            out.close();

            assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest",
                    "UploadPartRequest", "UploadPartRequest", "AbortMultipartUploadRequest");
            assertAbsent("bg/e3.csv");
            assertNoUploadsInProgress();
        }
    }

    @Test
    void givenAPartInFlight_whenAborted_thenTheAbortWaitsForItSoNoPartIsLeftBehind() throws Exception {
        heldPart = 2;
        S3MultipartOutputStream out = new S3MultipartOutputStream(client, BUCKET, "bg/held.csv", CSV, PART, uploads);
        write(out, 2L * PART + 1, Writes.ONE_ARRAY);
        assertThat(heldPartStarted.await(30, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        Thread releaser = releaseHeldPartAfter(300);
        out.abort();
        long abortMillis = (System.nanoTime() - start) / 1_000_000;
        releaser.join();

        assertThat(abortMillis).as("abort() waited for part 2").isGreaterThanOrEqualTo(300);
        assertThat(sentTypes()).containsExactly("CreateMultipartUploadRequest",
                "UploadPartRequest", "UploadPartRequest", "AbortMultipartUploadRequest");
        assertAbsent("bg/held.csv");
        assertNoUploadsInProgress();
    }

    @Test
    void givenAnUploadExecutor_whenFortyMebibytesAreStreamed_thenAtMostTwoPartBuffersAreAllocated() throws Exception {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        long uploadThread = uploads.submit(() -> Thread.currentThread().getId()).get();
        long writingThread = Thread.currentThread().getId();
        long size = 40L * MIB;
        byte[] chunk = new byte[64 * 1024];

        long allocated;
        try (S3Client unchunked = client(request -> false, false)) {
            streamPattern(new S3MultipartOutputStream(unchunked, BUCKET, "warm-up.bin", "application/octet-stream",
                    PART, uploads), 11L * MIB, chunk);
            long before = threads.getThreadAllocatedBytes(writingThread) + threads.getThreadAllocatedBytes(uploadThread);
            streamPattern(new S3MultipartOutputStream(unchunked, BUCKET, "big.bin", "application/octet-stream",
                    PART, uploads), size, chunk);
            allocated = threads.getThreadAllocatedBytes(writingThread) + threads.getThreadAllocatedBytes(uploadThread)
                    - before;
        }

        System.out.printf("streaming %d MiB in %d MiB parts in the background allocated %.1f MiB on the writing"
                + " and uploading threads%n", size / MIB, PART / MIB, allocated / (double) MIB);
        // Two part buffers plus the SDK's per-request objects; a buffer per part would be 40 MiB more.
        assertThat(allocated).isLessThan(3L * PART);
        assertThat(partThreads.get(7)).isEqualTo("part-uploads");
        assertStored("big.bin", size, "application/octet-stream");
    }

    @Test
    void givenPartSizeBelowS3Minimum_whenConstructed_thenRefused() {
        assertThatThrownBy(() -> new S3MultipartOutputStream(client, BUCKET, "k", CSV, PART - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimum");
    }

    /**
     * Counts what the writing thread allocates while 40 MiB go through in 5 MiB parts. The SDK's default
     * aws-chunked signing allocates a fresh array per 128 KiB chunk (about one byte of short-lived garbage
     * per byte sent, none of it kept), so the stream's own allocation is measured through a client with
     * chunked encoding off; the default client's figure is printed for information.
     */
    @Test
    void givenFortyMebibytes_whenStreamed_thenAllocationStaysASmallMultipleOfThePartSize() throws IOException {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        long size = 40L * MIB;

        long streamOnly;
        long defaultClient;
        try (S3Client unchunked = client(request -> false, false)) {
            streamOnly = allocatedWhileStreaming(threads, unchunked, "big.bin", size);
            defaultClient = allocatedWhileStreaming(threads, client, "big-chunked.bin", size);
        }

        System.out.printf("streaming %d MiB in %d MiB parts allocated %.1f MiB on the writing thread"
                        + " (%.1f MiB with the SDK's default chunked signing)%n",
                size / MIB, PART / MIB, streamOnly / (double) MIB, defaultClient / (double) MIB);
        // One part buffer plus the SDK's per-request objects; buffering or copying the parts would be 40 MiB more.
        assertThat(streamOnly).isLessThan(3L * PART);
        assertStored("big.bin", size, "application/octet-stream");
        assertStored("big-chunked.bin", size, "application/octet-stream");
    }

    // --- helpers ---

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the held part go on {@code millis} after its upload started, from a thread of its own. */
    private Thread releaseHeldPartAfter(long millis) {
        Thread releaser = new Thread(() -> {
            try {
                heldPartStarted.await(30, TimeUnit.SECONDS);
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                releaseHeld.countDown();
            }
        }, "release-held-part");
        releaser.setDaemon(true);
        releaser.start();
        return releaser;
    }

    /** A client of the local S3 that records every request and fails those {@code failing} accepts. */
    private S3Client client(Predicate<SdkRequest> failing) {
        return client(failing, true);
    }

    private S3Client client(Predicate<SdkRequest> failing, boolean chunkedEncoding) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (isUpload(request)) {
                    sent.add(request);
                }
                if (request instanceof UploadPartRequest part) {
                    partThreads.put(part.partNumber(), Thread.currentThread().getName());
                    mostPartsInFlight.accumulateAndGet(partsInFlight.incrementAndGet(), Math::max);
                    if (part.partNumber() == heldPart) {
                        heldPartStarted.countDown();
                        awaitUninterruptibly(releaseHeld);
                    }
                }
                if (failing.test(request)) {
                    partEnded(request);
                    throw SdkClientException.create("injected failure of " + request.getClass().getSimpleName());
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                partEnded(context.request());
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                if (!failing.test(context.request())) {
                    partEnded(context.request());
                }
            }

            private void partEnded(SdkRequest request) {
                if (request instanceof UploadPartRequest) {
                    partsInFlight.decrementAndGet();
                }
            }
        };
        return S3Client.builder()
                .endpointOverride(localS3.url())
                .region(Region.US_EAST_1)
                .credentialsProvider(S3Clients.CREDENTIALS)
                .forcePathStyle(true)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(chunkedEncoding))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }

    /** The requests that write (the test's own reads and listings are left out). */
    private static boolean isUpload(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.equals("PutObjectRequest") || name.contains("MultipartUpload") || name.equals("UploadPartRequest");
    }

    private List<String> sentTypes() {
        synchronized (sent) {
            return sent.stream().map(r -> r.getClass().getSimpleName()).toList();
        }
    }

    /** Byte {@code i} of every test object: a hash of the position, so a part out of place shows. */
    private static byte pattern(long i) {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z ^= z >>> 29;
        return (byte) (z ^ (z >>> 41));
    }

    private static void write(S3MultipartOutputStream out, long size, Writes writes) throws IOException {
        switch (writes) {
            case SINGLE_BYTES -> {
                for (long i = 0; i < size; i++) {
                    out.write(pattern(i));
                }
            }
            case ODD_CHUNKS -> {
                // Sizes that straddle part boundaries: 1 B, 1 MiB + 7 B, 3 B, 2 MiB - 1 B, ...
                int[] sizes = {1, MIB + 7, 3, 2 * MIB - 1, 65_537, 0, 3 * MIB + 11};
                byte[] chunk = new byte[3 * MIB + 11 + 5];
                long position = 0;
                for (int n = 0; position < size; n++) {
                    int length = (int) Math.min(sizes[n % sizes.length], size - position);
                    int offset = n % 5;
                    for (int i = 0; i < length; i++) {
                        chunk[offset + i] = pattern(position + i);
                    }
                    out.write(chunk, offset, length);
                    position += length;
                }
            }
            case ONE_ARRAY -> {
                byte[] all = new byte[Math.toIntExact(size)];
                for (int i = 0; i < all.length; i++) {
                    all[i] = pattern(i);
                }
                out.write(all);
            }
        }
    }

    /** Bytes the current thread allocates while streaming {@code size} bytes to {@code key}, after a warm-up. */
    private static long allocatedWhileStreaming(com.sun.management.ThreadMXBean threads, S3Client s3, String key,
                                                long size) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        // Class loading, the connection, the SDK's first-request caches.
        streamPattern(new S3MultipartOutputStream(s3, BUCKET, "warm-up.bin", "application/octet-stream", PART),
                11L * MIB, chunk);
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        streamPattern(new S3MultipartOutputStream(s3, BUCKET, key, "application/octet-stream", PART), size, chunk);
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    /** Writes the pattern through a reused chunk and closes, allocating nothing per write. */
    private static void streamPattern(S3MultipartOutputStream out, long size, byte[] chunk) throws IOException {
        for (long position = 0; position < size; position += chunk.length) {
            int length = (int) Math.min(chunk.length, size - position);
            for (int i = 0; i < length; i++) {
                chunk[i] = pattern(position + i);
            }
            out.write(chunk, 0, length);
        }
        out.close();
    }

    /** Reads the object back and compares it with the pattern, byte for byte, as a stream. */
    private void assertStored(String key, long size, String contentType) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(BUCKET).key(key))) {
            GetObjectResponse response = in.response();
            assertThat(response.contentLength()).isEqualTo(size);
            assertThat(response.contentType()).isEqualTo(contentType);
            assertThat(response.serverSideEncryption()).isNull();
            byte[] buffer = new byte[64 * 1024];
            long position = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != pattern(position + i)) {
                        throw new AssertionError("byte " + (position + i) + " of " + key + " differs");
                    }
                }
                position += n;
            }
            assertThat(position).as("bytes of " + key).isEqualTo(size);
        }
    }

    private void putOld(String key) {
        client.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromString("old"));
        sent.clear();
    }

    private void assertOld(String key) {
        var old = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
        assertThat(old.asString(StandardCharsets.UTF_8)).isEqualTo("old");
        assertThat(old.response().contentType()).isEqualTo("text/plain");
    }

    private void assertAbsent(String key) {
        assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key(key)))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key).doesNotContain(key);
    }

    /** None listed, and none of S3Proxy's part files or stubs left on disk. */
    private void assertNoUploadsInProgress() throws IOException {
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        Path bucketDir = dataDir.resolve("s3").resolve(BUCKET);
        try (Stream<Path> files = Files.walk(bucketDir)) {
            assertThat(files.map(bucketDir::relativize).map(Path::toString))
                    .noneMatch(name -> name.startsWith(".mpus-") || name.startsWith(".s3proxy-mpu-stub-"));
        }
    }
}
