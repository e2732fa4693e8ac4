package org.expensetracker.receiptindexer.content;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Text layer and basic facts of a PDF, read from a (spooled) file with bounded memory:
 * the file is read through pdfbox's buffered random-access file reader, and pdfbox's scratch
 * buffers go to a size-capped temp file instead of the heap.
 */
final class PdfExtractor {

    static final String DAMAGED = "the PDF could not be read: the file is damaged or incomplete";
    static final String NO_PAGES = "the PDF could not be read: it has no pages";
    private static final int MAX_INFO_CHARS = 500;

    private final AnalysisLimits limits;
    private final File tempDir;

    PdfExtractor(AnalysisLimits limits, File tempDir) {
        this.limits = limits;
        this.tempDir = tempDir;
    }

    Extraction extract(File pdf) {
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        PDDocument document;
        try {
            document = Loader.loadPDF(pdf, "", scratchCache());
        } catch (InvalidPasswordException e) {
            // Needs a password to open: it is still a receipt the owner can open, just not searchable.
            metadata.put(ReceiptAnalyzer.KEY_ENCRYPTED, "true");
            return Extraction.of("", metadata);
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // OutOfMemoryError: a huge single allocation asked for by a hostile file; the heap is fine again once unwound.
            return Extraction.rejected(DAMAGED);
        }
        try {
            int pages = document.getNumberOfPages();
            if (pages <= 0) {
                return Extraction.rejected(NO_PAGES);
            }
            metadata.put(ReceiptAnalyzer.KEY_PAGES, Integer.toString(pages));
            if (document.isEncrypted()) {
                metadata.put(ReceiptAnalyzer.KEY_ENCRYPTED, "true");
            }
            putInfo(document, metadata);
            String text = extractText(document, pages, metadata);
            return Extraction.of(text, metadata);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // page tree broken beyond what the lenient parser can repair
            return Extraction.rejected(DAMAGED);
        } finally {
            closeQuietly(document);
        }
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException | RuntimeException e) {
            // nothing left to read from it; the spooled file is deleted by the caller
        }
    }

    private String extractText(PDDocument doc, int pages, LinkedHashMap<String, String> metadata) {
        NormalizingTextWriter writer = new NormalizingTextWriter(limits.maxTextChars());
        int lastPage = Math.min(pages, limits.maxPdfPages());
        if (lastPage < pages) {
            metadata.put(ReceiptAnalyzer.KEY_PAGES_INDEXED, Integer.toString(lastPage));
        }
        try {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(1);
            stripper.setEndPage(lastPage);
            stripper.writeText(doc, writer);
        } catch (NormalizingTextWriter.LimitReachedException e) {
            // bounded: enough text
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // the document opened (viewers can show it) but its text layer is broken: keep what we got
            metadata.put(ReceiptAnalyzer.KEY_TEXT, ReceiptAnalyzer.UNREADABLE);
        }
        if (writer.truncated()) {
            metadata.put(ReceiptAnalyzer.KEY_TEXT_TRUNCATED, "true");
        }
        return writer.text();
    }

    private static void putInfo(PDDocument doc, LinkedHashMap<String, String> metadata) {
        try {
            PDDocumentInformation info = doc.getDocumentInformation();
            putIfPresent(metadata, ReceiptAnalyzer.KEY_TITLE, info.getTitle());
            putIfPresent(metadata, ReceiptAnalyzer.KEY_AUTHOR, info.getAuthor());
        } catch (RuntimeException e) {
            // a malformed info dictionary only costs us title/author
        }
    }

    private static void putIfPresent(LinkedHashMap<String, String> metadata, String key, String value) {
        String normalized = NormalizingTextWriter.normalize(value, MAX_INFO_CHARS);
        if (!normalized.isEmpty()) {
            metadata.put(key, normalized);
        }
    }

    /** pdfbox scratch buffers in a temp file only (no heap), capped so a hostile file cannot fill the disk. */
    private RandomAccessStreamCache.StreamCacheCreateFunction scratchCache() {
        long maxScratch = Math.max(64L * 1024 * 1024, limits.maxBytes() * 4);
        return MemoryUsageSetting.setupTempFileOnly(maxScratch).setTempDir(tempDir).streamCache;
    }
}
