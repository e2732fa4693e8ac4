package org.expensetracker.local.textract;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Turns a document's bytes into pages of text lines, as Textract's first stage does: photos and
 * scans through {@link ReceiptImages} and Tesseract (upright or turned a quarter, whichever reads
 * best), PDFs by their text layer where they have one and by rendering the page where they do not.
 */
final class DocumentReader {
    /** Textract's synchronous operations read one page; the asynchronous ones up to 3,000. This stand-in stops at 15. */
    static final int MAX_PAGES = 15;
    private static final float PDF_DPI = 200;
    /** Fewer letters than this on a PDF page means a scan: its text layer is empty or noise. */
    private static final int TEXT_LAYER_MIN_LETTERS = 20;
    /** A reading this good is taken without trying the other orientations. */
    private static final float GOOD_ENOUGH = 70;

    private final Tesseract tesseract;

    DocumentReader(Tesseract tesseract) {
        this.tesseract = tesseract;
    }

    record Page(int width, int height, List<Tesseract.OcrLine> lines) {
    }

    /** @throws UnsupportedDocumentException when the bytes are neither an image ImageIO reads nor a PDF */
    List<Page> read(byte[] bytes) throws IOException {
        if (isPdf(bytes)) {
            return readPdf(bytes);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new UnsupportedDocumentException("Request has unsupported document format");
        }
        return List.of(readImage(image));
    }

    private Page readImage(BufferedImage image) {
        Reading reading = readOriented(ReceiptImages.prepare(image));
        List<Tesseract.OcrLine> lines = reading.lines();
        if (!ReceiptFields.complete(DocumentReader.textLines(List.of(reading.page())))) {
            // no total under its keyword, or no date: psm 4 passes over double-height and isolated lines now and then,
            // which sparse-text segmentation finds; its rows that the first reading lacks are added
            lines = merged(lines, rows(tesseract.read(reading.image(), 11)));
        }
        return new Page(reading.image().getWidth(), reading.image().getHeight(), lines);
    }

    private record Reading(BufferedImage image, List<Tesseract.OcrLine> lines) {
        Page page() {
            return new Page(image.getWidth(), image.getHeight(), lines);
        }
    }

    /** The page read the right way up: upright, or turned a quarter where the paper lies sideways or reads badly. */
    private Reading readOriented(ReceiptImages.Prepared prepared) {
        BufferedImage page = prepared.page();
        if (prepared.sideways()) {
            // paper wider than high is a receipt photographed sideways: which way up, Tesseract's orientation detection says
            int turns = tesseract.quarterTurnsToUpright(page);
            if (turns % 2 == 1) {
                BufferedImage upright = ReceiptImages.straighten(ReceiptImages.quarterTurns(page, turns));
                List<Tesseract.OcrLine> lines = tesseract.read(upright);
                if (goodEnough(lines)) {
                    return new Reading(upright, lines);
                }
                BufferedImage other = ReceiptImages.straighten(ReceiptImages.quarterTurns(page, turns + 2));
                List<Tesseract.OcrLine> otherLines = tesseract.read(other);
                return score(otherLines) > score(lines) ? new Reading(other, otherLines) : new Reading(upright, lines);
            }
        }
        // grayscale, not black-and-white: Tesseract's own adaptive (Sauvola) thresholding keeps the holes
        // of 0, 6, 8 open where a coarser one fills them
        List<Tesseract.OcrLine> lines = tesseract.read(page);
        if (goodEnough(lines)) {
            return new Reading(page, lines);
        }
        // a weak reading may be a receipt photographed sideways: ask Tesseract's orientation detection, and where it
        // cannot tell (much empty table around a small receipt), try both quarter turns; the best reading wins
        int turns = tesseract.quarterTurnsToUpright(page);
        Reading best = new Reading(page, lines);
        for (int turn : turns == 0 ? new int[] {1, 3} : new int[] {turns}) {
            BufferedImage upright = ReceiptImages.straighten(ReceiptImages.quarterTurns(page, turn));
            List<Tesseract.OcrLine> turned = tesseract.read(upright);
            if (score(turned) > score(best.lines())) {
                best = new Reading(upright, turned);
            }
            if (goodEnough(turned)) {
                break;
            }
        }
        return best;
    }

    /** Sparse text's fragments joined into rows: those whose middles lie within one another's height, left to right. */
    static List<Tesseract.OcrLine> rows(List<Tesseract.OcrLine> fragments) {
        List<Tesseract.OcrLine> sorted = new ArrayList<>(fragments);
        sorted.sort(Comparator.comparingInt(Tesseract.OcrLine::top));
        List<List<Tesseract.OcrLine>> rows = new ArrayList<>();
        for (Tesseract.OcrLine fragment : sorted) {
            double middle = fragment.top() + fragment.height() / 2.0;
            List<Tesseract.OcrLine> row = null;
            for (List<Tesseract.OcrLine> candidate : rows) {
                Tesseract.OcrLine first = candidate.get(0);
                if (middle >= first.top() && middle <= first.top() + first.height()) {
                    row = candidate;
                    break;
                }
            }
            if (row == null) {
                rows.add(row = new ArrayList<>());
            }
            row.add(fragment);
        }
        List<Tesseract.OcrLine> lines = new ArrayList<>();
        for (List<Tesseract.OcrLine> row : rows) {
            row.sort(Comparator.comparingInt(Tesseract.OcrLine::left));
            int left = row.stream().mapToInt(Tesseract.OcrLine::left).min().orElse(0);
            int top = row.stream().mapToInt(Tesseract.OcrLine::top).min().orElse(0);
            int right = row.stream().mapToInt(l -> l.left() + l.width()).max().orElse(0);
            int bottom = row.stream().mapToInt(l -> l.top() + l.height()).max().orElse(0);
            String text = String.join(" ", row.stream().map(Tesseract.OcrLine::text).toList());
            float confidence = (float) row.stream().mapToDouble(Tesseract.OcrLine::confidence).average().orElse(0);
            float digits = (float) row.stream().mapToDouble(Tesseract.OcrLine::digits).min().orElse(confidence);
            lines.add(new Tesseract.OcrLine(text, confidence, left, top, right - left, bottom - top, digits));
        }
        return lines;
    }

    /**
     * The first reading's lines, each replaced by the row of the second reading that covers it (by more
     * than half its height) where that row holds more letters and digits, and the rows no line covers.
     */
    static List<Tesseract.OcrLine> merged(List<Tesseract.OcrLine> first, List<Tesseract.OcrLine> second) {
        List<Tesseract.OcrLine> lines = new ArrayList<>(first);
        for (Tesseract.OcrLine row : second) {
            int covering = -1;
            for (int i = 0; i < lines.size() && covering < 0; i++) {
                Tesseract.OcrLine line = lines.get(i);
                int overlap = Math.min(line.top() + line.height(), row.top() + row.height()) - Math.max(line.top(), row.top());
                if (overlap > Math.min(line.height(), row.height()) / 2) {
                    covering = i;
                }
            }
            if (covering < 0) {
                lines.add(row);
            } else if (letters(row.text()) > letters(lines.get(covering).text())) {
                lines.set(covering, row);
            }
        }
        lines.sort(Comparator.comparingInt(Tesseract.OcrLine::top));
        return lines;
    }

    private static long letters(String text) {
        return text.chars().filter(Character::isLetterOrDigit).count();
    }

    /** Confident letters read: more is better, whatever the number of lines. */
    private static float score(List<Tesseract.OcrLine> lines) {
        float score = 0;
        for (Tesseract.OcrLine line : lines) {
            long letters = line.text().chars().filter(Character::isLetterOrDigit).count();
            score += letters * Math.max(0, line.confidence() - 30) / 70f;
        }
        return score;
    }

    /**
     * A reading good enough not to try other orientations: at least 3 lines, and a mean confidence
     * of {@value #GOOD_ENOUGH} or half the lines read that surely (a receipt's rules, barcode and
     * logo read as a few lines of low-confidence noise; a page on its side reads as nothing but).
     */
    private static boolean goodEnough(List<Tesseract.OcrLine> lines) {
        long sure = lines.stream().filter(l -> l.confidence() >= GOOD_ENOUGH + 10).count();
        return lines.size() >= 3 && (meanConfidence(lines) >= GOOD_ENOUGH || sure * 2 >= lines.size());
    }

    private static float meanConfidence(List<Tesseract.OcrLine> lines) {
        return lines.isEmpty() ? 0 : (float) lines.stream().mapToDouble(Tesseract.OcrLine::confidence).average().orElse(0);
    }

    private List<Page> readPdf(byte[] bytes) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            List<Page> pages = new ArrayList<>();
            PDFRenderer renderer = new PDFRenderer(pdf);
            int count = Math.min(pdf.getNumberOfPages(), MAX_PAGES);
            for (int i = 0; i < count; i++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                String text = stripper.getText(pdf);
                if (text.chars().filter(Character::isLetter).count() >= TEXT_LAYER_MIN_LETTERS) {
                    List<Tesseract.OcrLine> lines = new ArrayList<>();
                    int y = 0;
                    for (String line : text.split("\\R")) {
                        if (!line.isBlank()) {
                            lines.add(new Tesseract.OcrLine(line.strip().replaceAll("\\s+", " "), 99.5f, 0, y, 1000, 10));
                            y += 12;
                        }
                    }
                    pages.add(new Page(1000, Math.max(y, 1), lines));
                } else {
                    pages.add(readImage(renderer.renderImageWithDPI(i, PDF_DPI, ImageType.GRAY)));
                }
            }
            return pages;
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw new UnsupportedDocumentException("The document is password protected");
        }
    }

    static int pdfPageCount(byte[] bytes) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            return pdf.getNumberOfPages();
        }
    }

    static boolean isPdf(byte[] bytes) {
        return bytes.length >= 5 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F' && bytes[4] == '-';
    }

    /** All lines of all pages, top to bottom. */
    static List<ReceiptFields.Line> textLines(List<Page> pages) {
        List<ReceiptFields.Line> lines = new ArrayList<>();
        for (Page page : pages) {
            page.lines().stream().sorted(Comparator.comparingInt(Tesseract.OcrLine::top))
                    .forEach(l -> lines.add(new ReceiptFields.Line(l.text(), l.confidence(), l.digits())));
        }
        return lines;
    }

    /** Textract's UnsupportedDocumentException. */
    static final class UnsupportedDocumentException extends RuntimeException {
        UnsupportedDocumentException(String message) {
            super(message, null, false, false);
        }
    }
}
