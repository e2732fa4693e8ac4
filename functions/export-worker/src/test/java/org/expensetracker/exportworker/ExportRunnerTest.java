package org.expensetracker.exportworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.export.ExportFormat;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportLayout;
import org.expensetracker.core.export.ExportRepository;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.core.export.ExportStatus;
import org.expensetracker.dataapi.export.ExportRowsQuery;
import org.expensetracker.exportworker.csv.CsvExportWriter;
import org.expensetracker.exportworker.csv.ExportRow;
import org.expensetracker.storage.S3MultipartOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The run as a whole, with the pages read ahead and the parts uploaded in the background: the file is the
 * one a plain sequential run writes, and a failure anywhere leaves no object, no upload and no thread.
 */
class ExportRunnerTest {
    private static final OwnerId OWNER = new OwnerId("owner-1");
    private static final int PART = S3MultipartOutputStream.MIN_PART_SIZE;

    private final Jobs jobs = new Jobs();

    @Test
    void givenRowsForSeveralParts_whenRun_thenTheObjectIsExactlyTheSequentialCsvAndNoThreadIsLeft() throws Exception {
        PrefetchingPagesTest.Table table = new PrefetchingPagesTest.Table(60_000);
        FakeS3 s3 = new FakeS3(request -> false);

        boolean ran = runner(table, s3).run(OWNER, jobs.job.id());

        assertThat(ran).isTrue();
        byte[] expected = sequentialCsv(table.rows);
        assertThat(expected.length).as("enough for a multipart upload").isGreaterThan(2 * PART);
        assertThat(s3.completed).as("the published object").isEqualTo(expected);
        assertThat(s3.calls).startsWith("CreateMultipartUpload").endsWith("CompleteMultipartUpload")
                .doesNotContain("AbortMultipartUpload", "PutObject");
        assertThat(s3.partThreads.subList(0, s3.partThreads.size() - 1))
                .as("every part but the last goes in the background")
                .allSatisfy(name -> assertThat(name).startsWith("export-background-"));
        assertThat(jobs.succeeded).containsExactly(60_000L + "/" + expected.length);
        List<Long> afterEachPage = new ArrayList<>();
        long rows = 0;
        for (int size : table.sizes) {
            afterEachPage.add(rows += size);
        }
        assertThat(jobs.progress).as("progress after every page (interval zero), in order")
                .containsExactlyElementsOf(afterEachPage);
        assertNoBackgroundThreads();
    }

    @Test
    void givenAPageFailsMidExport_whenRun_thenItsExceptionPropagatesAndNothingIsLeft() throws Exception {
        IllegalStateException failure = new IllegalStateException("Data API unavailable");
        PrefetchingPagesTest.Table table = new PrefetchingPagesTest.Table(60_000) {
            @Override
            public ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after,
                                             int limit) {
                if (cursors.size() == 25) {
                    throw failure; // some 45,000 rows in: by now parts went to S3
                }
                return super.page(owner, filter, after, limit);
            }
        };
        FakeS3 s3 = new FakeS3(request -> false);

        assertThatThrownBy(() -> runner(table, s3).run(OWNER, jobs.job.id())).isSameAs(failure);

        assertThat(s3.calls).contains("UploadPart").endsWith("AbortMultipartUpload")
                .doesNotContain("CompleteMultipartUpload", "PutObject");
        assertThat(s3.completed).isNull();
        assertThat(jobs.succeeded).isEmpty();
        assertNoBackgroundThreads();
    }

    @Test
    void givenABackgroundPartUploadFails_whenRun_thenTheRunFailsAndTheUploadIsAbortedAfterIt() throws Exception {
        PrefetchingPagesTest.Table table = new PrefetchingPagesTest.Table(60_000);
        FakeS3 s3 = new FakeS3(request -> request instanceof UploadPartRequest part && part.partNumber() == 1);

        assertThatThrownBy(() -> runner(table, s3).run(OWNER, jobs.job.id()))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("injected failure of part 1");

        assertThat(s3.calls).containsExactly("CreateMultipartUpload", "UploadPart", "AbortMultipartUpload");
        assertThat(s3.partThreads).singleElement().satisfies(name -> assertThat(name).startsWith("export-background-"));
        assertThat(s3.completed).isNull();
        assertThat(table.served()).as("rows read before the failure surfaced").isLessThan(60_000);
        assertNoBackgroundThreads();
    }

    @Test
    void givenAPageFetchStillInFlightWhenTheRunFails_whenRun_thenTheRunWaitsForItToEnd() throws Exception {
        CountDownLatch fetchStarted = new CountDownLatch(1);
        CountDownLatch fetchEnded = new CountDownLatch(1);
        PrefetchingPagesTest.Table table = new PrefetchingPagesTest.Table(3_000) {
            @Override
            public ExportRowsQuery.Page page(OwnerId owner, EntryFilter filter, ExportRowsQuery.Position after,
                                             int limit) {
                if (after == null) {
                    return super.page(owner, filter, after, limit);
                }
                // The read-ahead of page 2: slow, like a Data API call that waits for a resuming database.
                fetchStarted.countDown();
                try {
                    Thread.sleep(60_000);
                    return super.page(owner, filter, after, limit);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                } finally {
                    fetchEnded.countDown();
                }
            }
        };
        // A progress update that fails while page 2 is being fetched makes the run give up.
        IllegalStateException failure = new IllegalStateException("progress not recorded");
        jobs.failProgress = () -> {
            try {
                assertThat(fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            throw failure;
        };
        FakeS3 s3 = new FakeS3(request -> false);
        ExportRunner runner = new ExportRunner(jobs, table, s3, null, "bucket", Clock.systemUTC(),
                Duration.ofMinutes(15), PART, Duration.ZERO);

        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(OWNER, jobs.job.id())).isSameAs(failure);

        assertThat(fetchEnded.getCount()).as("the fetch ended before run() returned").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cut short, not waited out")
                .isLessThan(Duration.ofSeconds(30));
        assertNoBackgroundThreads();
    }

    private ExportRunner runner(PrefetchingPages.Source rows, S3Client s3) {
        return new ExportRunner(jobs, rows, s3, null, "bucket", Clock.systemUTC(), Duration.ofMinutes(15), PART,
                Duration.ZERO);
    }

    /** The CSV as the runner's mapping and the writer make it, written straight into memory. */
    private static byte[] sequentialCsv(List<ExportRowsQuery.Row> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvExportWriter csv = new CsvExportWriter(out, ExportLayout.DEBIT_CREDIT);
        for (ExportRowsQuery.Row row : rows) {
            csv.write(new ExportRow(row.date(), row.type(), row.amount(), row.currency(), row.category(),
                    row.description(), row.receipts().stream().map(ExportRowsQuery.Receipt::fileName).toList(),
                    row.id()));
        }
        csv.finish();
        return out.toByteArray();
    }

    /**
     * The pool has terminated when the run returns; its last thread may still be on its way out of
     * its run method for a moment (a loaded machine makes that moment longer), so allow two seconds.
     */
    private static void assertNoBackgroundThreads() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && backgroundThreadAlive()) {
            Thread.sleep(20);
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("export-background-"));
    }

    private static boolean backgroundThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("export-background-"));
    }

    /** One QUEUED CSV job, always claimable. */
    private static final class Jobs implements ExportRepository {
        final ExportJob job;
        final List<String> succeeded = Collections.synchronizedList(new ArrayList<>());
        final List<Long> progress = Collections.synchronizedList(new ArrayList<>());
        Runnable failProgress;

        Jobs() {
            UUID id = UUID.randomUUID();
            job = new ExportJob(OWNER, id, ExportStatus.QUEUED, ExportFormat.CSV, ExportLayout.DEBIT_CREDIT,
                    EntryFilter.ALL, 0, null, null, ExportJob.objectKey(OWNER, id, ExportFormat.CSV), 0,
                    Instant.parse("2026-11-21T10:00:00Z"), null, null);
        }

        @Override
        public Optional<ExportJob> claim(OwnerId owner, UUID id, Duration lease) {
            return Optional.of(job);
        }

        @Override
        public void progress(OwnerId owner, UUID id, long rows) {
            progress.add(rows);
            if (failProgress != null) {
                failProgress.run();
            }
        }

        @Override
        public boolean succeed(OwnerId owner, UUID id, long rows, long bytes, Instant expiresAt) {
            succeeded.add(rows + "/" + bytes);
            return true;
        }

        @Override
        public Created create(OwnerId owner, ExportRequest request, String fingerprint, String objectKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ExportJob> find(OwnerId owner, UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ExportJob> recent(OwnerId owner, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(OwnerId owner, UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void fail(OwnerId owner, UUID id, String reason) {
            throw new UnsupportedOperationException();
        }
    }

    /** An S3 that keeps parts in memory and publishes them, joined in part-number order, on completion. */
    private static final class FakeS3 implements S3Client {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<String> partThreads = Collections.synchronizedList(new ArrayList<>());
        final TreeMap<Integer, byte[]> parts = new TreeMap<>();
        final Predicate<Object> failing;
        volatile byte[] completed;

        FakeS3(Predicate<Object> failing) {
            this.failing = failing;
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            calls.add("CreateMultipartUpload");
            return CreateMultipartUploadResponse.builder().uploadId("upload-1").build();
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            calls.add("UploadPart");
            partThreads.add(Thread.currentThread().getName());
            if (failing.test(request)) {
                throw new IllegalStateException("injected failure of part " + request.partNumber());
            }
            byte[] bytes = read(body);
            assertThat((long) bytes.length).isEqualTo(request.contentLength());
            synchronized (parts) {
                parts.put(request.partNumber(), bytes);
            }
            return UploadPartResponse.builder().eTag("etag-" + request.partNumber()).build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            calls.add("CompleteMultipartUpload");
            List<CompletedPart> listed = request.multipartUpload().parts();
            ByteArrayOutputStream object = new ByteArrayOutputStream();
            synchronized (parts) {
                assertThat(listed).extracting(CompletedPart::partNumber).containsExactlyElementsOf(parts.keySet());
                for (CompletedPart part : listed) {
                    assertThat(part.eTag()).isEqualTo("etag-" + part.partNumber());
                    object.writeBytes(parts.get(part.partNumber()));
                }
            }
            completed = object.toByteArray();
            return CompleteMultipartUploadResponse.builder().build();
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            calls.add("AbortMultipartUpload");
            return AbortMultipartUploadResponse.builder().build();
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            calls.add("PutObject");
            completed = read(body);
            return PutObjectResponse.builder().build();
        }

        private static byte[] read(RequestBody body) {
            try (InputStream in = body.contentStreamProvider().newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
