package org.expensetracker.receiptindexer.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.expensetracker.receiptindexer.content.Fixtures.GeneratedStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptAnalyzerTest {

    private static final long FIFTEEN_MB = 15L * 1024 * 1024;

    @TempDir
    Path spoolDir;

    private ReceiptAnalyzer analyzer() {
        return new ReceiptAnalyzer(AnalysisLimits.DEFAULTS, spoolDir);
    }

    private Analysis analyze(byte[] content, String declaredType) {
        return analyzer().analyze(new ByteArrayInputStream(content), declaredType, content.length);
    }

    @AfterEach
    void everySpooledFileIsDeleted() throws IOException {
        try (Stream<Path> left = Files.list(spoolDir)) {
            assertThat(left).isEmpty();
        }
    }

    // ---- PDF ----

    @Test
    void givenTwoPagePdfWithAUniqueWordOnPageTwo_whenAnalyzed_thenTextPagesAndShaAreRight() {
        byte[] pdf = Fixtures.pdf(List.of(
                List.of("City Taxi Co.", "Fare        1250.00 INR"),
                List.of("Thank you", "Ref zanzibarquokka77")));

        Analysis analysis = analyze(pdf, "application/pdf");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.rejected()).isFalse();
        assertThat(analysis.sniffedType()).isEqualTo("application/pdf");
        assertThat(analysis.text()).contains("zanzibarquokka77").contains("Fare 1250.00 INR")
                .doesNotContain("  ").doesNotContain("\n");
        assertThat(analysis.metadata()).containsEntry("pages", "2").doesNotContainKey("encrypted");
        assertThat(analysis.actualSize()).isEqualTo(pdf.length);
        assertThat(analysis.sha256()).isEqualTo(Fixtures.sha256Hex(pdf)).hasSize(64).isLowerCase();
    }

    @Test
    void givenPdfWithTitleAndAuthor_whenAnalyzed_thenTheyAreInTheMetadata() {
        byte[] pdf = Fixtures.pdf(List.of(List.of("x")), "Invoice  4711", null, "ACME\tLtd");

        Analysis analysis = analyze(pdf, "application/pdf");

        assertThat(analysis.metadata()).containsEntry("title", "Invoice 4711").containsEntry("author", "ACME Ltd");
    }

    @Test
    void givenPdfWithMorePagesThanTheLimit_whenAnalyzed_thenOnlyTheFirstPagesAreSearched() {
        byte[] pdf = Fixtures.pdf(List.of(List.of("alphapage"), List.of("betapage"), List.of("gammapage")));
        ReceiptAnalyzer analyzer = new ReceiptAnalyzer(new AnalysisLimits(1000, 2, 1 << 20), spoolDir);

        Analysis analysis = analyzer.analyze(new ByteArrayInputStream(pdf), "application/pdf", pdf.length);

        assertThat(analysis.text()).contains("alphapage", "betapage").doesNotContain("gammapage");
        assertThat(analysis.metadata()).containsEntry("pages", "3").containsEntry("pagesIndexed", "2");
    }

    @Test
    void givenATinyTextLimit_whenAnalyzed_thenTextIsBoundedAndMarkedTruncated() {
        byte[] pdf = Fixtures.pdf(List.of(
                List.of("Lorem ipsum dolor sit amet consectetur adipiscing elit"),
                List.of("sed do eiusmod tempor incididunt ut labore")));
        ReceiptAnalyzer analyzer = new ReceiptAnalyzer(new AnalysisLimits(12, 50, 1 << 20), spoolDir);

        Analysis analysis = analyzer.analyze(new ByteArrayInputStream(pdf), "application/pdf", pdf.length);

        assertThat(analysis.rejected()).isFalse();
        assertThat(analysis.text()).hasSizeLessThanOrEqualTo(12).isEqualTo("Lorem ipsum");
        assertThat(analysis.metadata()).containsEntry("textTruncated", "true");
    }

    @Test
    void givenTruncatedPdf_whenAnalyzed_thenRejectedAsDamaged() {
        byte[] pdf = Fixtures.pdf(List.of(List.of("hello"), List.of("world")));
        byte[] truncated = java.util.Arrays.copyOf(pdf, 400);

        Analysis analysis = analyze(truncated, "application/pdf");

        assertThat(analysis.rejectionReason()).hasValueSatisfying(r -> assertThat(r).contains("PDF could not be read"));
        assertThat(analysis.sniffedType()).isEqualTo("application/pdf");
        assertThat(analysis.text()).isEmpty();
    }

    @Test
    void givenPdfHeaderFollowedByGarbage_whenAnalyzed_thenRejectedAsDamaged() {
        byte[] garbage = new byte[5000];
        new Random(7).nextBytes(garbage);
        byte[] corrupt = Fixtures.concat("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), garbage);

        Analysis analysis = analyze(corrupt, "application/pdf");

        assertThat(analysis.rejectionReason()).hasValueSatisfying(r -> assertThat(r).contains("PDF could not be read"));
    }

    @Test
    void givenPdfThatNeedsAPasswordToOpen_whenAnalyzed_thenAvailableWithoutTextAndMarkedEncrypted() {
        byte[] pdf = Fixtures.pdf(List.of(List.of("secretword")), null, "user-secret", null);

        Analysis analysis = analyze(pdf, "application/pdf");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.text()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("encrypted", "true");
    }

    @Test
    void givenPdfEncryptedWithAnOwnerPasswordOnly_whenAnalyzed_thenTextIsExtracted() {
        byte[] pdf = Fixtures.pdf(List.of(List.of("ownerlockedword")), null, "", null);

        Analysis analysis = analyze(pdf, "application/pdf");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.text()).contains("ownerlockedword");
        assertThat(analysis.metadata()).containsEntry("encrypted", "true").containsEntry("pages", "1");
    }

    // ---- images ----

    @Test
    void givenPngDeclaredAsPdf_whenAnalyzed_thenRejectedNamingBothTypes() {
        byte[] png = Fixtures.png(40, 30);

        Analysis analysis = analyze(png, "application/pdf");

        assertThat(analysis.rejectionReason()).contains("declared application/pdf but the content is image/png");
        assertThat(analysis.sniffedType()).isEqualTo("image/png");
        assertThat(analysis.metadata()).isEmpty();
    }

    @Test
    void givenJpegFromImageIo_whenAnalyzed_thenWidthAndHeightAreRight() {
        byte[] jpeg = Fixtures.jpeg(321, 123);

        Analysis analysis = analyze(jpeg, "image/jpeg");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.sniffedType()).isEqualTo("image/jpeg");
        assertThat(analysis.metadata()).containsEntry("width", "321").containsEntry("height", "123")
                .doesNotContainKeys("exifDate", "metadata");
        assertThat(analysis.text()).isEmpty();
    }

    @Test
    void givenPng_whenAnalyzed_thenWidthAndHeightAreRight() {
        Analysis analysis = analyze(Fixtures.png(17, 9), "image/png");

        assertThat(analysis.metadata()).containsEntry("width", "17").containsEntry("height", "9");
    }

    @Test
    void givenWebpBuiltByHand_whenAnalyzed_thenWidthAndHeightAreRight() {
        Analysis analysis = analyze(Fixtures.webpVp8x(640, 480), "image/webp");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("width", "640").containsEntry("height", "480");
    }

    @Test
    void givenHeicWithOnlyAnFtypBox_whenAnalyzed_thenAvailableWithUnreadableMetadata() {
        byte[] heic = Fixtures.ftyp("heic", "mif1", "heic");

        Analysis analysis = analyze(heic, "image/heic");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.sniffedType()).isEqualTo("image/heic");
        assertThat(analysis.metadata()).containsEntry("metadata", "unreadable");
    }

    @Test
    void givenJpegWithExifDateTimeOriginal_whenAnalyzed_thenExifDateIsIsoLocalDateTime() {
        byte[] jpeg = Fixtures.withExifDateTimeOriginal(Fixtures.jpeg(64, 48), "2026:11:20 14:03:05");

        Analysis analysis = analyze(jpeg, "image/jpeg");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("exifDate", "2026-11-20T14:03:05")
                .containsEntry("width", "64").containsEntry("height", "48");
    }

    @Test
    void givenJpegWithAnEmptyExifDate_whenAnalyzed_thenNoExifDate() {
        byte[] jpeg = Fixtures.withExifDateTimeOriginal(Fixtures.jpeg(64, 48), "0000:00:00 00:00:00");

        Analysis analysis = analyze(jpeg, "image/jpeg");

        assertThat(analysis.metadata()).doesNotContainKey("exifDate").containsEntry("width", "64");
    }

    @Test
    void givenJpegMagicFollowedByGarbage_whenAnalyzed_thenAvailableWithUnreadableMetadata() {
        byte[] garbage = new byte[3000];
        new Random(3).nextBytes(garbage);
        byte[] jpeg = Fixtures.concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, garbage);

        Analysis analysis = analyze(jpeg, "image/jpeg");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("metadata", "unreadable").doesNotContainKeys("width", "height");
    }

    @Test
    void givenPngWithAChunkClaimingTwoGigabytes_whenAnalyzed_thenAvailableWithUnreadableMetadata() {
        byte[] png = Fixtures.png(10, 10);
        // IHDR is 8 (signature) + 25 bytes; then a tEXt chunk whose length field lies
        byte[] lying = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 't', 'E', 'X', 't', 'k', 'e', 'y', 0};
        byte[] hostile = Fixtures.concat(java.util.Arrays.copyOf(png, 33), lying,
                java.util.Arrays.copyOfRange(png, 33, png.length));

        Analysis analysis = analyze(hostile, "image/png");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("metadata", "unreadable");
    }

    @Test
    void givenWebpWhoseRiffSizeLies_whenAnalyzed_thenAvailableWithUnreadableMetadata() {
        byte[] webp = Fixtures.webpVp8x(10, 10);
        webp[7] = 0x7F; // RIFF size ~2 GB in a 30-byte file

        Analysis analysis = analyze(webp, "image/webp");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("metadata", "unreadable");
    }

    @Test
    void givenHeicWithItsImageSize_whenAnalyzed_thenWidthAndHeightAreRead() {
        Analysis analysis = analyze(Fixtures.heic(4032, 3024), "image/heic");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("width", "4032").containsEntry("height", "3024");
    }

    @Test
    void givenHeicWithANestedBoxClaimingTwoGigabytes_whenAnalyzed_thenAvailableWithUnreadableMetadata() {
        byte[] lying = Fixtures.concat(Fixtures.uint32(0x7FFFFFF0L), "ispe".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new byte[12]);
        byte[] heic = Fixtures.concat(Fixtures.ftyp("heic", "mif1"),
                Fixtures.fullBox("meta", Fixtures.box("iprp", Fixtures.box("ipco", lying))));

        Analysis analysis = analyze(heic, "image/heic");

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.metadata()).containsEntry("metadata", "unreadable");
    }

    // ---- rejections ----

    @Test
    void givenDeclaredSizeOffByOne_whenAnalyzed_thenSizeMismatch() {
        byte[] jpeg = Fixtures.jpeg(20, 20);

        Analysis analysis = analyzer().analyze(new ByteArrayInputStream(jpeg), "image/jpeg", jpeg.length + 1L);

        assertThat(analysis.rejectionReason())
                .contains("size mismatch: announced " + (jpeg.length + 1) + " bytes, received " + jpeg.length);
        assertThat(analysis.actualSize()).isEqualTo(jpeg.length);
        assertThat(analysis.sha256()).isEqualTo(Fixtures.sha256Hex(jpeg));
    }

    @Test
    void givenRandomBytes_whenAnalyzed_thenNotASupportedReceiptType() {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);

        Analysis analysis = analyze(random, "image/jpeg");

        assertThat(analysis.rejectionReason()).hasValueSatisfying(
                r -> assertThat(r).startsWith("not a supported receipt type"));
        assertThat(analysis.sniffedType()).isNull();
        assertThat(analysis.sniffed()).isEmpty();
    }

    @Test
    void givenEmptyContent_whenAnalyzed_thenNotASupportedReceiptType() {
        Analysis analysis = analyze(new byte[0], "application/pdf");

        assertThat(analysis.rejectionReason()).hasValueSatisfying(
                r -> assertThat(r).startsWith("not a supported receipt type"));
        assertThat(analysis.actualSize()).isZero();
        assertThat(analysis.sha256()).isEqualTo(Fixtures.sha256Hex(new byte[0]));
    }

    @Test
    void givenNoDeclaredType_whenAnalyzed_thenRejectedAsMismatch() {
        Analysis analysis = analyze(Fixtures.png(4, 4), null);

        assertThat(analysis.rejectionReason()).contains("declared no content type but the content is image/png");
    }

    @Test
    void givenDeclaredTypeWithAnAliasOrParameters_whenAnalyzed_thenAccepted() {
        assertThat(analyze(Fixtures.jpeg(4, 4), "image/JPG").rejectionReason()).isEmpty();
        assertThat(analyze(Fixtures.png(4, 4), "image/png; charset=binary").rejectionReason()).isEmpty();
    }

    @Test
    void givenAnEndlessStream_whenAnalyzed_thenReadingStopsOneByteAfterTheLimit() {
        ReceiptAnalyzer analyzer = new ReceiptAnalyzer(new AnalysisLimits(100, 5, 10_000), spoolDir);
        GeneratedStream endless = new GeneratedStream(Fixtures.jpeg(8, 8), Long.MAX_VALUE / 2, (byte) 0, new byte[0]);

        Analysis analysis = analyzer.analyze(endless, "image/jpeg", 5_000);

        assertThat(endless.bytesHandedOut()).isEqualTo(10_001);
        assertThat(analysis.actualSize()).isEqualTo(10_001);
        assertThat(analysis.rejectionReason())
                .contains("size mismatch: announced 5000 bytes, received more than 10000 bytes (the limit)");
    }

    @Test
    void givenAnnouncedSizeAboveTheLimit_whenAnalyzed_thenTooLarge() {
        ReceiptAnalyzer analyzer = new ReceiptAnalyzer(new AnalysisLimits(100, 5, 10_000), spoolDir);
        GeneratedStream big = new GeneratedStream(Fixtures.jpeg(8, 8), 20_000, (byte) 0, new byte[0]);

        Analysis analysis = analyzer.analyze(big, "image/jpeg", big.length());

        assertThat(analysis.rejectionReason()).hasValueSatisfying(r -> assertThat(r).startsWith("too large"));
    }

    @Test
    void givenAnInputStreamThatFails_whenAnalyzed_thenUncheckedIoExceptionAndNoTempFileLeft() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100_000) {
                    throw new IOException("connection reset");
                }
                return 0xFF;
            }
        };

        assertThatThrownBy(() -> analyzer().analyze(failing, "image/jpeg", 200_000))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("connection reset");
    }

    // ---- memory ----

    @Test
    void givenA15MbJpegStream_whenAnalyzed_thenItIsStreamedWithoutHoldingItInTheHeap() {
        byte[] jpeg = Fixtures.jpeg(200, 100);
        analyze(jpeg, "image/jpeg"); // warm up class loading so it does not count below
        GeneratedStream stream = new GeneratedStream(jpeg, FIFTEEN_MB, (byte) 0, new byte[0]);

        long before = allocatedBytes();
        Analysis analysis = analyzer().analyze(stream, "image/jpeg", stream.length());
        long allocated = allocatedBytes() - before;

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.actualSize()).isEqualTo(stream.length());
        assertThat(analysis.sha256()).isEqualTo(stream.sha256Hex());
        assertThat(analysis.metadata()).containsEntry("width", "200").containsEntry("height", "100");
        assumeThat(before).as("thread allocation accounting").isNotNegative();
        assertThat(allocated).as("bytes allocated while analyzing 15 MB").isLessThan(FIFTEEN_MB / 2);
    }

    @Test
    void givenA15MbPdfStream_whenAnalyzed_thenItsTextIsFoundWithoutHoldingItInTheHeap() {
        GeneratedStream warmUp = Fixtures.pdfWithPaddingStream("warm up", 10);
        analyzer().analyze(warmUp, "application/pdf", warmUp.length());
        GeneratedStream stream = Fixtures.pdfWithPaddingStream("Paddedpdf total 99.50", FIFTEEN_MB);

        long before = allocatedBytes();
        Analysis analysis = analyzer().analyze(stream, "application/pdf", stream.length());
        long allocated = allocatedBytes() - before;

        assertThat(analysis.rejectionReason()).isEmpty();
        assertThat(analysis.text()).isEqualTo("Paddedpdf total 99.50");
        assertThat(analysis.metadata()).containsEntry("pages", "1");
        assertThat(analysis.sha256()).isEqualTo(stream.sha256Hex());
        assumeThat(before).as("thread allocation accounting").isNotNegative();
        assertThat(allocated).as("bytes allocated while analyzing 15 MB").isLessThan(FIFTEEN_MB / 2);
    }

    @Test
    void givenManyAnalyses_whenRunInParallel_thenResultsAreIndependent() throws Exception {
        ReceiptAnalyzer shared = analyzer();
        List<Thread> threads = new ArrayList<>();
        List<Analysis> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            byte[] jpeg = Fixtures.jpeg(10 + i, 10);
            threads.add(new Thread(() -> results.add(
                    shared.analyze(new ByteArrayInputStream(jpeg), "image/jpeg", jpeg.length))));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(results).hasSize(4).allSatisfy(a -> assertThat(a.rejected()).isFalse());
        assertThat(results).extracting(a -> a.metadata().get("width")).containsExactlyInAnyOrder("10", "11", "12", "13");
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
