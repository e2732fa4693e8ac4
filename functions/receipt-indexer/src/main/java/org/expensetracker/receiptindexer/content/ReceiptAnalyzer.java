package org.expensetracker.receiptindexer.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one uploaded receipt and extracts its searchable text and facts: bytes in, {@link Analysis} out.
 * No AWS, no database.
 *
 * <p>The content is read exactly once: it is counted, hashed (SHA-256) and spooled to a temp file
 * (deleted before {@link #analyze} returns) so PDF parsing gets random access without the
 * content ever being held in the heap. Reading stops after {@code maxBytes + 1} bytes.
 *
 * <p>Rejections (in this order): size differs from the announced size (or exceeds the limit);
 * content is none of the supported types; content type differs from the declared one;
 * a PDF that cannot be parsed. Everything a parser throws becomes a rejection or a missing
 * field; only failures to read the input stream (or to write the temp file) escape,
 * as {@link UncheckedIOException}, so the caller retries the message.
 *
 * <p>Metadata keys: {@value #KEY_PAGES}, {@value #KEY_PAGES_INDEXED}, {@value #KEY_TITLE},
 * {@value #KEY_AUTHOR}, {@value #KEY_ENCRYPTED} (PDF); {@value #KEY_WIDTH}, {@value #KEY_HEIGHT},
 * {@value #KEY_ORIENTATION} (EXIF 1–8), {@value #KEY_EXIF_DATE} (ISO-8601 local date-time),
 * {@value #KEY_METADATA}={@value #UNREADABLE} (images); {@value #KEY_TEXT}={@value #UNREADABLE},
 * {@value #KEY_TEXT_TRUNCATED}.
 *
 * <p>Thread-safe and stateless: one instance per execution environment is enough.
 */
public final class ReceiptAnalyzer {

    public static final String KEY_PAGES = "pages";
    /** Present when only the first N pages were searched for text (N = maxPdfPages). */
    public static final String KEY_PAGES_INDEXED = "pagesIndexed";
    public static final String KEY_TITLE = "title";
    public static final String KEY_AUTHOR = "author";
    public static final String KEY_ENCRYPTED = "encrypted";
    public static final String KEY_WIDTH = "width";
    public static final String KEY_HEIGHT = "height";
    public static final String KEY_ORIENTATION = "orientation";
    public static final String KEY_EXIF_DATE = "exifDate";
    /** {@code metadata=unreadable}: the image's metadata could not be read (the image is still accepted). */
    public static final String KEY_METADATA = "metadata";
    /** {@code text=unreadable}: the PDF opened but its text layer could not be extracted. */
    public static final String KEY_TEXT = "text";
    /** {@code textTruncated=true}: more text existed than maxTextChars. */
    public static final String KEY_TEXT_TRUNCATED = "textTruncated";
    public static final String UNREADABLE = "unreadable";

    public static final String NOT_SUPPORTED = "not a supported receipt type (JPEG, PNG, WebP or HEIC photo, or PDF)";

    private static final int BUFFER_SIZE = 64 * 1024;

    private final AnalysisLimits limits;
    private final Path tempDir;

    /** Default limits, temp files in {@code java.io.tmpdir} (Lambda: {@code /tmp}). */
    public ReceiptAnalyzer() {
        this(AnalysisLimits.DEFAULTS);
    }

    public ReceiptAnalyzer(AnalysisLimits limits) {
        this(limits, Paths.get(System.getProperty("java.io.tmpdir")));
    }

    /** @param tempDir where the content is spooled (and pdfbox scratch files go); must exist */
    public ReceiptAnalyzer(AnalysisLimits limits, Path tempDir) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    }

    public AnalysisLimits limits() {
        return limits;
    }

    /**
     * Analyzes one receipt. The stream is read once and not closed.
     *
     * @param content             the uploaded bytes
     * @param declaredContentType the type announced at upload time (e.g. {@code application/pdf})
     * @param declaredSize        the size announced at upload time, in bytes; negative = not announced (not checked)
     * @throws UncheckedIOException when reading {@code content} (or spooling it to the temp dir) fails: retry
     */
    public Analysis analyze(InputStream content, String declaredContentType, long declaredSize) {
        Objects.requireNonNull(content, "content");
        Path spool = createSpoolFile();
        try {
            Spooled spooled = spool(content, spool);
            return analyzeSpooled(spooled, spool, declaredContentType, declaredSize);
        } finally {
            deleteQuietly(spool);
        }
    }

    private Analysis analyzeSpooled(Spooled spooled, Path spool, String declaredContentType, long declaredSize) {
        Optional<ContentType> sniffed = ContentType.sniff(spooled.head(), spooled.headLength());
        String sniffedType = sniffed.map(ContentType::mimeType).orElse(null);

        Optional<String> sizeProblem = sizeProblem(spooled.size(), declaredSize);
        if (sizeProblem.isPresent()) {
            return rejected(spooled, sniffedType, sizeProblem.get());
        }
        if (sniffed.isEmpty()) {
            return rejected(spooled, null, NOT_SUPPORTED);
        }
        ContentType type = sniffed.get();
        Optional<ContentType> declared = ContentType.fromMimeType(declaredContentType);
        if (declared.isEmpty() || declared.get() != type) {
            return rejected(spooled, sniffedType, "declared " + describe(declaredContentType)
                    + " but the content is " + type.mimeType());
        }

        Extraction extraction;
        if (type == ContentType.PDF) {
            extraction = new PdfExtractor(limits, tempDir.toFile()).extract(spool.toFile());
        } else {
            LinkedHashMap<String, String> facts = new ImageExtractor().extract(spool, type, spooled.size());
            extraction = Extraction.of("", facts);
        }
        if (extraction.rejectionReason().isPresent()) {
            return rejected(spooled, sniffedType, extraction.rejectionReason().get());
        }
        return new Analysis(spooled.size(), spooled.sha256(), sniffedType, extraction.text(),
                extraction.metadata(), Optional.empty());
    }

    private Optional<String> sizeProblem(long actual, long declared) {
        long max = limits.maxBytes();
        if (actual > max) {
            if (declared > max) {
                return Optional.of("too large: announced " + declared + " bytes, the limit is " + max + " bytes");
            }
            if (declared < 0) {
                return Optional.of("too large: received more than " + max + " bytes, the limit");
            }
            return Optional.of("size mismatch: announced " + declared + " bytes, received more than " + max
                    + " bytes (the limit)");
        }
        if (declared >= 0 && actual != declared) {
            return Optional.of("size mismatch: announced " + declared + " bytes, received " + actual);
        }
        return Optional.empty();
    }

    private static String describe(String declaredContentType) {
        if (declaredContentType == null || declaredContentType.isBlank()) {
            return "no content type";
        }
        return NormalizingTextWriter.normalize(declaredContentType, 100);
    }

    private static Analysis rejected(Spooled spooled, String sniffedType, String reason) {
        return new Analysis(spooled.size(), spooled.sha256(), sniffedType, "", Map.of(), Optional.of(reason));
    }

    /** Size, hash and first bytes of the spooled content. */
    private record Spooled(long size, String sha256, byte[] head, int headLength) {
    }

    private Spooled spool(InputStream content, Path spool) {
        MessageDigest sha256 = newSha256();
        byte[] head = new byte[ContentType.SNIFF_LENGTH];
        int headLength = 0;
        long size = 0;
        long readLimit = limits.maxBytes() + 1;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (OutputStream out = Files.newOutputStream(spool)) {
            while (size < readLimit) {
                int wanted = (int) Math.min(buffer.length, readLimit - size);
                int n = readInput(content, buffer, wanted);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                if (headLength < head.length) {
                    int toHead = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, toHead);
                    headLength += toHead;
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the receipt to " + tempDir, e);
        }
        return new Spooled(size, HexFormat.of().formatHex(sha256.digest()), head, headLength);
    }

    private static int readInput(InputStream content, byte[] buffer, int wanted) {
        try {
            return content.read(buffer, 0, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the receipt content failed", e);
        }
    }

    private Path createSpoolFile() {
        try {
            return Files.createTempFile(tempDir, "receipt-", ".spool");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp file in " + tempDir, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
