package org.expensetracker.exportworker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.export.ExportFormat;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportRepository;
import org.expensetracker.dataapi.export.ExportRowsQuery;
import org.expensetracker.exportworker.csv.CsvExportWriter;
import org.expensetracker.exportworker.csv.ExportRow;
import org.expensetracker.storage.S3MultipartOutputStream;
import org.expensetracker.storage.S3Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one export job: entries come from the Data API in keyset pages, go through the CSV writer
 * (and, for ZIP, a ZipOutputStream) straight into an S3 multipart upload. Nothing holds the whole
 * file: memory is at most two pages of rows plus two upload parts. The object appears only when the
 * upload completes, so an interrupted run leaves no partial file, and the next run writes it afresh.
 *
 * <p>Three things overlap, as most of an export's time is spent waiting on the Data API and S3: the
 * next page is fetched (and decoded) while the current one is written as CSV, and a full part is
 * uploaded while the next one fills. They run on two daemon threads of an executor that belongs to the
 * run and is shut down (and waited for) before {@link #run} returns, so no work of a run outlives it,
 * not even in a Lambda execution environment that is frozen and reused.
 */
public final class ExportRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
    /** Progress is written at most this often, not once per page. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    public static final Duration RETENTION = Duration.ofDays(7);

    /** How long a run waits, after a failure, for a page fetch it no longer needs to end. */
    private static final Duration BACKGROUND_GRACE = Duration.ofSeconds(30);

    private final ExportRepository jobs;
    private final PrefetchingPages.Source rows;
    private final BiPredicate<OwnerId, EntryFilter> anyTagged;
    private final S3Client s3;
    private final S3Receipts receipts;
    private final String bucket;
    private final Clock clock;
    private final Duration lease;
    private final int partSize;
    private final Duration progressEvery;

    public ExportRunner(ExportRepository jobs, ExportRowsQuery rows, S3Client s3, S3Receipts receipts, String bucket,
                        Clock clock, Duration lease, int partSize) {
        this(jobs, rows::page, rows::anyTagged, s3, receipts, bucket, clock, lease, partSize, PROGRESS_EVERY);
    }

    /** Also the test seam: the rows may come from anywhere that pages like {@link ExportRowsQuery#page}. */
    ExportRunner(ExportRepository jobs, PrefetchingPages.Source rows, S3Client s3, S3Receipts receipts, String bucket,
                 Clock clock, Duration lease, int partSize, Duration progressEvery) {
        this(jobs, rows, (owner, filter) -> false, s3, receipts, bucket, clock, lease, partSize, progressEvery);
    }

    /** @param anyTagged whether the export's entries include a tagged one (then its CSV has a Tags column) */
    ExportRunner(ExportRepository jobs, PrefetchingPages.Source rows, BiPredicate<OwnerId, EntryFilter> anyTagged,
                 S3Client s3, S3Receipts receipts, String bucket, Clock clock, Duration lease, int partSize,
                 Duration progressEvery) {
        this.progressEvery = progressEvery;
        this.jobs = jobs;
        this.rows = rows;
        this.anyTagged = anyTagged;
        this.s3 = s3;
        this.receipts = receipts;
        this.bucket = bucket;
        this.clock = clock;
        this.lease = lease;
        this.partSize = partSize;
    }

    /** Runs the job unless it is finished or being run elsewhere; returns whether it ran. */
    public boolean run(OwnerId owner, UUID exportId) {
        Optional<ExportJob> claimed = jobs.claim(owner, exportId, lease);
        if (claimed.isEmpty()) {
            LOG.info("export not claimable (finished, missing or running elsewhere); nothing to do");
            return false;
        }
        ExportJob job = claimed.get();
        ExecutorService background = Executors.newFixedThreadPool(2, BackgroundThreads.FACTORY);
        try {
            Executor withContext = BackgroundThreads.withLogContext(background);
            S3MultipartOutputStream upload = new S3MultipartOutputStream(s3, bucket, job.objectKey(),
                    job.format().contentType(), partSize, withContext);
            try {
                long written = job.format() == ExportFormat.ZIP
                        ? writeZip(job, upload, withContext)
                        : writeCsv(job, upload, withContext, false, null);
                upload.close();
                if (!jobs.succeed(owner, exportId, written, upload.bytesWritten(), clock.instant().plus(RETENTION))
                        && jobs.find(owner, exportId).isEmpty()) {
                    // The job vanished while it ran (its owner deleted the account): keep nothing of it. (A job
                    // that another run finished meanwhile is still there, and its file is the same.)
                    receipts.delete(job.objectKey());
                    LOG.info("export finished after its job was removed; file deleted");
                    return true;
                }
                LOG.info("export finished: {} rows, {} bytes", written, upload.bytesWritten());
                return true;
            } catch (IOException | RuntimeException e) {
                // Waits for a part upload in flight, so the abort leaves no part behind.
                upload.abort();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        } finally {
            // The upload is closed or aborted by now; what may still run is a page fetched ahead of a failure.
            BackgroundThreads.end(background, BACKGROUND_GRACE);
        }
    }

    /**
     * Writes the CSV; for a ZIP the Receipts column names the receipts' paths inside the archive and
     * each receipt to add is noted in {@code pending} (a temp file, so memory stays flat).
     */
    private long writeCsv(ExportJob job, OutputStream out, Executor background, boolean zipPaths,
                          BufferedWriter pending) throws IOException {
        // the Tags column only where there are tags: an export without any keeps exactly the contract's columns
        CsvExportWriter csv = new CsvExportWriter(out, job.layout(), anyTagged.test(job.owner(), job.filter()));
        PrefetchingPages pages = new PrefetchingPages(rows, job.owner(), job.filter(),
                ExportRowsQuery.FIRST_PAGE_ROWS, background);
        long lastProgress = System.nanoTime();
        while (true) {
            List<ExportRowsQuery.Row> page = pages.next();
            for (ExportRowsQuery.Row row : page) {
                List<String> names = row.receipts().isEmpty() ? List.of() : new ArrayList<>(row.receipts().size());
                for (ExportRowsQuery.Receipt receipt : row.receipts()) {
                    if (zipPaths) {
                        String path = zipPath(row, receipt);
                        names.add(path);
                        pending.write(receipt.objectKey() + "\t" + path + "\n");
                    } else {
                        names.add(receipt.fileName());
                    }
                }
                csv.write(new ExportRow(row.date(), row.type(), row.amount(), row.currency(), row.category(),
                        row.description(), names, row.id(), row.tags()));
            }
            if (page.isEmpty()) {
                break;
            }
            if (System.nanoTime() - lastProgress > progressEvery.toNanos()) {
                jobs.progress(job.owner(), job.id(), csv.rows());
                lastProgress = System.nanoTime();
            }
        }
        csv.finish();
        return csv.rows();
    }

    private long writeZip(ExportJob job, OutputStream upload, Executor background) throws IOException {
        Path pendingFile = Files.createTempFile("export-receipts", ".tsv");
        try {
            ZipOutputStream zip = new ZipOutputStream(upload, StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(baseName(job) + ".csv"));
            long written;
            try (BufferedWriter pending = Files.newBufferedWriter(pendingFile, StandardCharsets.UTF_8)) {
                written = writeCsv(job, zip, background, true, pending);
            }
            zip.closeEntry();
            // Receipts are JPEG/PNG/PDF, already compressed: store them without spending CPU on deflate.
            zip.setLevel(Deflater.NO_COMPRESSION);
            try (BufferedReader pending = Files.newBufferedReader(pendingFile, StandardCharsets.UTF_8)) {
                for (String line; (line = pending.readLine()) != null; ) {
                    int tab = line.indexOf('\t');
                    addReceipt(zip, line.substring(0, tab), line.substring(tab + 1));
                }
            }
            zip.finish();
            return written;
        } finally {
            Files.deleteIfExists(pendingFile);
        }
    }

    private void addReceipt(ZipOutputStream zip, String objectKey, String path) throws IOException {
        Optional<InputStream> content = receipts.open(objectKey);
        if (content.isEmpty()) {
            // Deleted since the CSV page was read; the CSV still names it, the archive cannot hold it.
            LOG.warn("a receipt disappeared during the export");
            return;
        }
        zip.putNextEntry(new ZipEntry(path));
        try (InputStream in = content.get()) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    /** {@code receipts/<entry date>_<document id>_<file name>}: sorted by date, unique by id. */
    static String zipPath(ExportRowsQuery.Row row, ExportRowsQuery.Receipt receipt) {
        return "receipts/" + row.date() + "_" + receipt.documentId() + "_" + receipt.fileName();
    }

    private static String baseName(ExportJob job) {
        return "expenses-" + job.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
