package org.expensetracker.local.textract;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image steps before Tesseract, on pictures drawn for the test (no Tesseract needed). */
class ReceiptImagesTest {

    /** A white sheet with a few lines of black print, on a dark table, its right half in a shadow. */
    private static BufferedImage photo(int width, int height, boolean sideways) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 40, 45));
        g.fillRect(0, 0, width, height);
        int pw = sideways ? width / 2 : width / 3;
        int ph = sideways ? height / 3 : height * 2 / 3;
        int x0 = (width - pw) / 2;
        int y0 = (height - ph) / 2;
        g.setColor(new Color(245, 245, 240));
        g.fillRect(x0, y0, pw, ph);
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, Math.min(pw, ph) / 20)));
        for (int i = 1; i < 8; i++) {
            g.drawString("TOTAL 1,250.00", x0 + 10, y0 + i * Math.min(pw, ph) / 8);
        }
        // a shadow over the right half of the frame, paper and table alike
        g.setColor(new Color(0, 0, 0, 140));
        g.fillRect(width / 2, 0, width / 2, height);
        g.dispose();
        return image;
    }

    @Test
    void givenPaperHalfInShadowOnADarkTable_whenFound_thenItsBoxHoldsTheShadowedHalfToo() {
        BufferedImage gray = ReceiptImages.toGray(photo(1200, 1600, false), 1);
        int[] box = ReceiptImages.paper(gray);
        assertThat(box).isNotNull();
        // the sheet spans x 400-800, y 266-1333
        // with a margin of a few percent
        assertThat(box[0]).isBetween(320, 400);
        assertThat(box[2]).isBetween(800, 880);
        assertThat(box[1]).isBetween(150, 267);
        assertThat(box[3]).isBetween(1333, 1450);
    }

    @Test
    void givenAScanWithNoTableAroundIt_whenFound_thenThereIsNoPaperToCutOut() {
        BufferedImage scan = new BufferedImage(800, 1200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scan.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 1200);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 30));
        g.drawString("TOTAL 12.00", 50, 100);
        g.dispose();
        assertThat(ReceiptImages.paper(scan)).isNull();
    }

    @Test
    void givenAPhoto_whenPrepared_thenThePaperIsCutOutScaledToAScansWidthAndTheShadowLifted() {
        ReceiptImages.Prepared prepared = ReceiptImages.prepare(photo(3024, 4032, false));
        BufferedImage page = prepared.page();
        assertThat(prepared.sideways()).isFalse();
        assertThat(Math.min(page.getWidth(), page.getHeight())).isBetween(ReceiptImages.PAPER_WIDTH - 10,
                ReceiptImages.PAPER_WIDTH + 10);
        // paper in the light and paper in the shadow both come out white
        int lit = page.getRaster().getSample(page.getWidth() / 4, page.getHeight() - page.getHeight() / 12, 0);
        int shadowed = page.getRaster().getSample(page.getWidth() * 3 / 4, page.getHeight() - page.getHeight() / 12, 0);
        assertThat(lit).isGreaterThan(230);
        assertThat(shadowed).isGreaterThan(230);
    }

    @Test
    void givenPaperLyingSideways_whenPrepared_thenItIsSaidToBeSideways() {
        assertThat(ReceiptImages.prepare(photo(4032, 3024, true)).sideways()).isTrue();
    }

    @Test
    void givenFadedGreyPrint_whenEvenlyLit_thenThePrintIsNearBlack() {
        BufferedImage gray = new BufferedImage(600, 400, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(new Color(235, 235, 235));
        g.fillRect(0, 0, 600, 400);
        g.setColor(new Color(170, 170, 170));
        g.fillRect(100, 100, 400, 8);
        g.dispose();
        BufferedImage lit = ReceiptImages.evenlyLit(gray);
        assertThat(lit.getRaster().getSample(300, 104, 0)).isLessThan(60);
        assertThat(lit.getRaster().getSample(300, 300, 0)).isGreaterThan(240);
    }

    @Test
    void givenAQuarterTurn_whenTurned_thenPixelsGoWhereAClockwiseTurnPutsThem() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 200); // top left
        BufferedImage once = ReceiptImages.quarterTurns(image, 1);
        assertThat(once.getWidth()).isEqualTo(2);
        assertThat(once.getHeight()).isEqualTo(3);
        assertThat(once.getRaster().getSample(1, 0, 0)).isEqualTo(200); // now top right
        assertThat(ReceiptImages.quarterTurns(image, 3).getRaster().getSample(0, 2, 0)).isEqualTo(200); // bottom left
    }

    @Test
    void givenSparseFragments_whenJoinedIntoRows_thenTheRowsTheFirstReadingLacksAreAdded() {
        List<Tesseract.OcrLine> first = List.of(new Tesseract.OcrLine("SUBTOTAL 127.70", 95, 10, 100, 400, 30),
                new Tesseract.OcrLine("Cash Tend 150.00", 95, 10, 300, 400, 30));
        List<Tesseract.OcrLine> sparse = DocumentReader.rows(List.of(
                new Tesseract.OcrLine("$ 135.68", 80, 300, 200, 120, 60), new Tesseract.OcrLine("Total", 85, 10, 195, 90, 62),
                new Tesseract.OcrLine("SUBTOTAL", 90, 10, 101, 150, 28)));
        assertThat(sparse).extracting(Tesseract.OcrLine::text).containsExactly("SUBTOTAL", "Total $ 135.68");
        assertThat(DocumentReader.merged(first, sparse)).extracting(Tesseract.OcrLine::text)
                .containsExactly("SUBTOTAL 127.70", "Total $ 135.68", "Cash Tend 150.00");
    }

    @Test
    void givenAThickDarkBandBesidePrint_whenBlotsAreRemoved_thenTheBandGoesAndThePrintStays() {
        BufferedImage gray = new BufferedImage(600, 400, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 400);
        g.setColor(Color.BLACK);
        g.fillRect(540, 0, 60, 400); // the table's edge, 60 px wide
        g.fillRect(100, 100, 300, 10); // a stroke of print, 10 px thick
        g.fillRect(100, 200, 300, 22); // a double-height bold bar, 22 px thick
        g.dispose();
        BufferedImage clean = ReceiptImages.withoutBlots(gray);
        assertThat(clean.getRaster().getSample(570, 200, 0)).isEqualTo(255);
        assertThat(clean.getRaster().getSample(250, 105, 0)).isEqualTo(0);
        assertThat(clean.getRaster().getSample(250, 211, 0)).isEqualTo(0);
    }
}
