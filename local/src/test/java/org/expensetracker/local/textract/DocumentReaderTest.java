package org.expensetracker.local.textract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.expensetracker.local.api.Receipts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tesseract through the stand-in's reader, on receipts drawn for the test (clean and photographed). */
class DocumentReaderTest {
    private static final String[] BILL = {
            "BLUE CAB CO.", "12 MG Road, Bengaluru", "Date: 21/11/2026", "Fare          1,190.48", "GST 5%           59.52",
            "TOTAL      Rs 1,250.00", "Thank you, ride again"};
    private static DocumentReader reader;

    @BeforeAll
    static void tesseract() {
        var tesseract = Tesseract.find();
        // .ci/run installs it; on a laptop without it the stack says so at start
        assumeTrue(tesseract.isPresent() || System.getenv("CI") != null, "tesseract-ocr is not installed");
        reader = new DocumentReader(tesseract.orElseThrow());
    }

    @Test
    void givenACleanScan_whenRead_thenTheFieldsAreFound() throws Exception {
        assertFields(reader.read(Receipts.receipt(false, BILL)));
    }

    @Test
    void givenAPhotoTurnedShadowedAndSpeckled_whenRead_thenTheFieldsAreStillFound() throws Exception {
        assertFields(reader.read(Receipts.receipt(true, BILL)));
    }

    @Test
    void givenAReceiptPhotographedSideways_whenRead_thenItIsTurnedAndRead() throws Exception {
        byte[] upright = Receipts.receipt(false, BILL);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(upright));
        java.awt.image.BufferedImage turned = ReceiptImages.quarterTurns(ReceiptImages.scaledGray(image), 1);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(turned, "png", out);
        assertFields(reader.read(out.toByteArray()));
    }

    @Test
    void givenAScannedPdf_whenRead_thenItsPageIsRenderedAndRead() throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(Receipts.receipt(false, BILL)));
        try (var pdf = new org.apache.pdfbox.pdmodel.PDDocument(); var out = new java.io.ByteArrayOutputStream()) {
            var page = new org.apache.pdfbox.pdmodel.PDPage(new org.apache.pdfbox.pdmodel.common.PDRectangle(
                    image.getWidth() * 72f / 200, image.getHeight() * 72f / 200));
            pdf.addPage(page);
            var picture = org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(pdf, image);
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(pdf, page)) {
                content.drawImage(picture, 0, 0, page.getMediaBox().getWidth(), page.getMediaBox().getHeight());
            }
            pdf.save(out);
            assertFields(reader.read(out.toByteArray()));
        }
    }

    private static void assertFields(List<DocumentReader.Page> pages) {
        ReceiptFields.Found found = ReceiptFields.find(DocumentReader.textLines(pages), true);
        assertThat(found.summary()).as(text(pages)).extracting(ReceiptFields.Field::type)
                .contains("VENDOR_NAME", "INVOICE_RECEIPT_DATE", "TOTAL", "TAX");
        assertThat(found.field("VENDOR_NAME").orElseThrow().value()).as(text(pages)).containsIgnoringCase("BLUE CAB");
        assertThat(found.field("INVOICE_RECEIPT_DATE").orElseThrow().value()).as(text(pages)).isEqualTo("21/11/2026");
        assertThat(found.field("TOTAL").orElseThrow().value()).as(text(pages)).isEqualTo("1,250.00");
        assertThat(found.field("TOTAL").orElseThrow().currency()).as(text(pages)).isEqualTo("INR");
        assertThat(found.field("TAX").orElseThrow().value()).as(text(pages)).isEqualTo("59.52");
    }

    private static String text(List<DocumentReader.Page> pages) {
        return String.join(" | ", DocumentReader.textLines(pages).stream().map(ReceiptFields.Line::text).toList());
    }
}
