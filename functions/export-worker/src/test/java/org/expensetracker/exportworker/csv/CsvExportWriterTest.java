package org.expensetracker.exportworker.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.expensetracker.exportworker.csv.CsvTestSupport.assertRoundTrip;
import static org.expensetracker.exportworker.csv.CsvTestSupport.parse;
import static org.expensetracker.exportworker.csv.CsvTestSupport.write;
import static org.expensetracker.exportworker.csv.CsvTestSupport.writeAndParse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvExportWriterTest {

    private static final String BOM = "\uFEFF";
    private static final UUID ID = UUID.fromString("6f1c2b3a-0000-4000-8000-00000000abcd");
    private static final LocalDate DATE = LocalDate.of(2026, 11, 21);

    private static ExportRow row(EntryType type, String amount, String category, String description,
                                 List<String> receipts) {
        return new ExportRow(DATE, type, new BigDecimal(amount), "INR", category, description, receipts, ID);
    }

    private static ExportRow describedRow(String description) {
        return row(EntryType.DEBIT, "1250.00", "Travel", description, List.of());
    }

    private static String text(byte[] csv) {
        return new String(csv, StandardCharsets.UTF_8);
    }

    // ---- the Tags column -------------------------------------------------------------------------

    @Test
    void givenAnExportWithTags_whenWritten_thenTagsComeLastJoinedAndGuardedAndUntaggedRowsLeaveItEmpty() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var writer = new CsvExportWriter(out, ExportLayout.SIGNED, true);
        writer.write(new ExportRow(DATE, EntryType.DEBIT, new BigDecimal("5.00"), "EUR", "Food", "Lunch", List.of(), ID,
                List.of("=hyperlink", "work, client a")));
        writer.write(new ExportRow(DATE, EntryType.CREDIT, new BigDecimal("9.00"), "EUR", "Pay", "Refund", List.of(), ID));
        writer.finish();

        assertThat(text(out.toByteArray())).isEqualTo(BOM
                + "Date,Type,Amount,Currency,Category,Description,Receipts,Entry ID,Tags\r\n"
                + "2026-11-21,DEBIT,-5.00,EUR,Food,Lunch,," + ID + ",\"'=hyperlink; work, client a\"\r\n"
                + "2026-11-21,CREDIT,9.00,EUR,Pay,Refund,," + ID + ",\r\n");
    }

    // ---- header, BOM, record separators -------------------------------------------------------

    @Test
    void givenDebitCreditLayout_whenFinishedWithoutRows_thenOutputIsBomAndHeaderOnly() {
        byte[] csv = write(ExportLayout.DEBIT_CREDIT, List.of());

        assertThat(text(csv)).isEqualTo(BOM + "Date,Type,Debit,Credit,Currency,Category,Description,Receipts,Entry ID\r\n");
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
    }

    @Test
    void givenSignedLayout_whenFinishedWithoutRows_thenOutputIsBomAndSignedHeaderOnly() {
        byte[] csv = write(ExportLayout.SIGNED, List.of());

        assertThat(text(csv)).isEqualTo(BOM + "Date,Type,Amount,Currency,Category,Description,Receipts,Entry ID\r\n");
    }

    @ParameterizedTest
    @EnumSource(ExportLayout.class)
    void givenAnyLayout_whenParsed_thenHeaderMatchesLayout(ExportLayout layout) {
        List<List<String>> records = writeAndParse(layout, List.of(describedRow("x")));

        assertThat(records.get(0)).containsExactlyElementsOf(layout.header());
    }

    @ParameterizedTest
    @EnumSource(ExportLayout.class)
    void givenManyRowsWithLineBreaksInText_whenWritten_thenBomOnceAndEveryRecordEndsInCrlf(ExportLayout layout) {
        List<ExportRow> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(describedRow("line\nbreak " + i + "\r\nand\rmore"));
        }

        byte[] csv = write(layout, rows);

        CsvTestSupport.assertBomExactlyOnceAtStart(csv);
        assertThat(CsvTestSupport.assertEveryRecordEndsInCrlf(csv)).isEqualTo(51);
        assertRoundTrip(layout, rows, parse(csv));
    }

    // ---- amounts ------------------------------------------------------------------------------

    @Test
    void givenDebitAndCredit_whenDebitCreditLayout_thenAmountInItsOwnColumnAndOtherEmpty() {
        byte[] csv = write(ExportLayout.DEBIT_CREDIT, List.of(
                row(EntryType.DEBIT, "1250.00", "Travel", "Taxi to airport", List.of("bill.jpg")),
                row(EntryType.CREDIT, "99.50", "Salary", "November", List.of())));

        assertThat(text(csv)).isEqualTo(BOM
                + "Date,Type,Debit,Credit,Currency,Category,Description,Receipts,Entry ID\r\n"
                + "2026-11-21,DEBIT,1250.00,,INR,Travel,Taxi to airport,bill.jpg," + ID + "\r\n"
                + "2026-11-21,CREDIT,,99.50,INR,Salary,November,," + ID + "\r\n");
    }

    @Test
    void givenDebitAndCredit_whenSignedLayout_thenDebitNegativeCreditPositiveAndNeverGuarded() {
        byte[] csv = write(ExportLayout.SIGNED, List.of(
                row(EntryType.DEBIT, "1250.00", "Travel", "Taxi to airport", List.of()),
                row(EntryType.CREDIT, "99.50", "Salary", "November", List.of())));

        assertThat(text(csv)).isEqualTo(BOM
                + "Date,Type,Amount,Currency,Category,Description,Receipts,Entry ID\r\n"
                + "2026-11-21,DEBIT,-1250.00,INR,Travel,Taxi to airport,," + ID + "\r\n"
                + "2026-11-21,CREDIT,99.50,INR,Salary,November,," + ID + "\r\n");
        assertThat(text(csv)).doesNotContain("'-");
    }

    @Test
    void givenAmountsOfAnyShape_whenWritten_thenPlainScaleTwoWithoutSeparatorsOrExponent() {
        List<ExportRow> rows = List.of(
                row(EntryType.DEBIT, "1250", "c", "d", List.of()),
                row(EntryType.DEBIT, "1E+3", "c", "d", List.of()),
                row(EntryType.CREDIT, "0.01", "c", "d", List.of()),
                row(EntryType.CREDIT, "999999999999.99", "c", "d", List.of()),
                row(EntryType.DEBIT, "1234567.8", "c", "d", List.of()));

        List<List<String>> dc = writeAndParse(ExportLayout.DEBIT_CREDIT, rows);
        List<List<String>> signed = writeAndParse(ExportLayout.SIGNED, rows);

        assertThat(dc.subList(1, dc.size())).extracting(r -> r.get(2) + "|" + r.get(3)).containsExactly(
                "1250.00|", "1000.00|", "|0.01", "|999999999999.99", "1234567.80|");
        assertThat(signed.subList(1, signed.size())).extracting(r -> r.get(2)).containsExactly(
                "-1250.00", "-1000.00", "0.01", "999999999999.99", "-1234567.80");
        for (List<String> r : signed.subList(1, signed.size())) {
            BigDecimal parsed = new BigDecimal(r.get(2));
            assertThat(parsed.scale()).isEqualTo(2);
            assertThat(parsed.signum()).isEqualTo(r.get(1).equals("DEBIT") ? -1 : 1);
        }
        for (List<String> r : dc.subList(1, dc.size())) {
            String amount = r.get(1).equals("DEBIT") ? r.get(2) : r.get(3);
            assertThat(new BigDecimal(amount).signum()).as("never negative in debitCredit").isEqualTo(1);
            assertThat(amount).doesNotContain(",", " ", "E", "'");
        }
    }

    // ---- dates --------------------------------------------------------------------------------

    @Test
    void givenDatesWithSmallParts_whenWritten_thenIsoYyyyMmDdZeroPadded() {
        List<ExportRow> rows = List.of(
                new ExportRow(LocalDate.of(2026, 1, 5), EntryType.DEBIT, BigDecimal.ONE, "INR", "", "", null, ID),
                new ExportRow(LocalDate.of(987, 12, 31), EntryType.DEBIT, BigDecimal.ONE, "INR", "", "", null, ID),
                new ExportRow(LocalDate.of(9999, 10, 10), EntryType.DEBIT, BigDecimal.ONE, "INR", "", "", null, ID));

        List<List<String>> records = writeAndParse(ExportLayout.SIGNED, rows);

        assertThat(records.subList(1, 4)).extracting(r -> r.get(0))
                .containsExactly("2026-01-05", "0987-12-31", "9999-10-10");
    }

    // ---- quoting and awkward text -------------------------------------------------------------

    @Test
    void givenSpecialCharacters_whenWritten_thenQuotedOnlyWhenNeededWithQuotesDoubled() {
        byte[] csv = write(ExportLayout.SIGNED, List.of(
                row(EntryType.CREDIT, "1.00", "a,b", "say \"hi\"", List.of()),
                row(EntryType.CREDIT, "1.00", "plain text", "two\r\nlines", List.of()),
                row(EntryType.CREDIT, "1.00", " spaced ", "tab\tinside", List.of())));

        assertThat(text(csv)).contains(
                "\r\n2026-11-21,CREDIT,1.00,INR,\"a,b\",\"say \"\"hi\"\"\",," + ID + "\r\n",
                "\r\n2026-11-21,CREDIT,1.00,INR,plain text,\"two\r\nlines\",," + ID + "\r\n",
                "\r\n2026-11-21,CREDIT,1.00,INR, spaced ,tab\tinside,," + ID + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a,b", ",", ",,,", "\"", "\"\"", "say \"hi\", then leave", "\"quoted\"", "x\"",
        "cr\rinside", "lf\ninside", "crlf\r\ninside", "\r\n", "\n\n", "trailing\r", "trailing\n",
        "tab\tinside", "\t", "=SUM(A1:A9)", "+1", "-1", "@cmd", "=", "-", "\ttab first", "\rcr first",
        "\nlf first", "\r\nboth first", "=HYPERLINK(\"http://x\",\"y\")", "'already quoted", "'=x", " =not first",
        "Müller & Söhne ä", "日本語の領収書", "emoji 😀😀 end", "😀", "مرحبا بالعالم", "mixed عربي, english",
        "\u200Frtl mark", "; semi; colons;", "  leading and trailing  ", "back\\slash", "nul\u0000char"
    })
    void givenAwkwardDescription_whenRoundTrippedThroughCommonsCsv_thenExactlyEqual(String description) {
        for (ExportLayout layout : ExportLayout.values()) {
            List<ExportRow> rows = List.of(describedRow(description),
                    row(EntryType.CREDIT, "1.00", description, description, List.of(description, description)));

            assertRoundTrip(layout, rows, writeAndParse(layout, rows));
        }
    }

    @Test
    void givenFiveHundredCharDescriptionFullOfSpecials_whenRoundTripped_thenExactlyEqual() {
        StringBuilder sb = new StringBuilder();
        String unit = "=a,\"b\"\r\nä日😀م\t";
        while (sb.length() < 500) {
            sb.append(unit);
        }
        String description = sb.substring(0, 499) + "x";
        assertThat(description).hasSize(500);
        List<ExportRow> rows = List.of(describedRow(description), describedRow("x".repeat(500)));

        for (ExportLayout layout : ExportLayout.values()) {
            assertRoundTrip(layout, rows, writeAndParse(layout, rows));
        }
    }

    @Test
    void givenLoneSurrogate_whenWritten_thenEncodedAsQuestionMarkAndRestIntact() {
        List<List<String>> records = writeAndParse(ExportLayout.SIGNED, List.of(describedRow("a\uD83Db")));

        assertThat(records.get(1).get(5)).isEqualTo("a?b");
    }

    // ---- formula-injection guard --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r", "\n"})
    void givenTextStartingWithFormulaTrigger_whenWritten_thenEveryTextColumnPrefixedWithQuote(String trigger) {
        String value = trigger + "cmd|' /C calc'!A0";
        ExportRow row = new ExportRow(DATE, EntryType.DEBIT, new BigDecimal("5.00"), value, value, value,
                List.of(value, "second"), ID);

        for (ExportLayout layout : ExportLayout.values()) {
            List<String> cells = writeAndParse(layout, List.of(row)).get(1);
            List<String> header = layout.header();

            assertThat(cells.get(header.indexOf("Currency"))).isEqualTo("'" + value);
            assertThat(cells.get(header.indexOf("Category"))).isEqualTo("'" + value);
            assertThat(cells.get(header.indexOf("Description"))).isEqualTo("'" + value);
            assertThat(cells.get(header.indexOf("Receipts"))).isEqualTo("'" + value + "; second");
        }
    }

    @Test
    void givenGuardedValueNeedingQuotes_whenWritten_thenQuoteGoesInsideTheQuotedField() {
        byte[] csv = write(ExportLayout.SIGNED, List.of(row(EntryType.DEBIT, "1.00", "=1+2", "\nx,\"y\"", List.of())));

        assertThat(text(csv)).contains(",INR,'=1+2,\"'\nx,\"\"y\"\"\",,");
    }

    @Test
    void givenTriggerNotAtStart_whenWritten_thenNotGuarded() {
        List<ExportRow> rows = List.of(row(EntryType.CREDIT, "1.00", "a=b", " =SUM(A1)", List.of("x-1.pdf", "=y.pdf")));

        List<String> cells = writeAndParse(ExportLayout.SIGNED, rows).get(1);

        assertThat(cells.subList(4, 7)).containsExactly("a=b", " =SUM(A1)", "x-1.pdf; =y.pdf");
    }

    @Test
    void givenSignedDebit_whenWritten_thenNegativeAmountIsNeverGuardedNorQuoted() {
        byte[] csv = write(ExportLayout.SIGNED, List.of(row(EntryType.DEBIT, "1250.00", "-", "-", List.of())));

        assertThat(text(csv)).contains("\r\n2026-11-21,DEBIT,-1250.00,INR,'-,'-,," + ID + "\r\n");
    }

    // ---- receipts -----------------------------------------------------------------------------

    @Test
    void givenReceipts_whenWritten_thenJoinedWithSemicolonSpaceAndEmptyWhenNone() {
        List<ExportRow> rows = List.of(
                row(EntryType.DEBIT, "1.00", "c", "d", List.of("receipts/1-bill.jpg", "receipts/2 scan, page 2.pdf")),
                row(EntryType.DEBIT, "1.00", "c", "d", List.of("only.pdf")),
                row(EntryType.DEBIT, "1.00", "c", "d", List.of()),
                new ExportRow(DATE, EntryType.DEBIT, BigDecimal.ONE, "INR", "c", "d", null, ID));

        List<List<String>> records = writeAndParse(ExportLayout.DEBIT_CREDIT, rows);

        assertThat(records.subList(1, 5)).extracting(r -> r.get(7)).containsExactly(
                "receipts/1-bill.jpg; receipts/2 scan, page 2.pdf", "only.pdf", "", "");
    }

    // ---- counting, lifecycle, stream ownership ------------------------------------------------

    @Test
    void givenRowsWritten_whenCountingRows_thenHeaderNotCounted() throws IOException {
        var writer = new CsvExportWriter(new ByteArrayOutputStream(), ExportLayout.SIGNED);
        assertThat(writer.rows()).isZero();

        for (int i = 0; i < 7; i++) {
            writer.write(describedRow("r" + i));
        }
        writer.finish();

        assertThat(writer.rows()).isEqualTo(7);
        assertThat(writer.layout()).isEqualTo(ExportLayout.SIGNED);
    }

    @Test
    void givenWriter_whenFinished_thenStreamFlushedButNotClosedAndFurtherWritesRejected() throws IOException {
        var target = new ByteArrayOutputStream();
        var closed = new boolean[1];
        var flushes = new int[1];
        OutputStream out = new FilterOutputStream(target) {
            @Override
            public void close() {
                closed[0] = true;
            }

            @Override
            public void flush() throws IOException {
                flushes[0]++;
                super.flush();
            }
        };
        var writer = new CsvExportWriter(out, ExportLayout.DEBIT_CREDIT);
        writer.write(describedRow("one"));
        assertThat(target.size()).as("still buffered before finish").isZero();

        writer.finish();

        assertThat(closed[0]).isFalse();
        assertThat(flushes[0]).isPositive();
        assertThat(parse(target.toByteArray())).hasSize(2);
        assertThatThrownBy(() -> writer.write(describedRow("two"))).isInstanceOf(IllegalStateException.class);
        writer.finish();
        assertThat(parse(target.toByteArray())).hasSize(2);
    }

    @Test
    void givenWriter_whenFlushedMidway_thenBytesSoFarReachTheStream() throws IOException {
        var target = new ByteArrayOutputStream();
        var writer = new CsvExportWriter(target, ExportLayout.SIGNED);
        writer.write(describedRow("one"));

        writer.flush();

        assertThat(parse(target.toByteArray())).hasSize(2);
        writer.write(describedRow("two"));
        writer.finish();
        assertThat(parse(target.toByteArray())).hasSize(3);
    }

    @Test
    void givenZipEntry_whenCsvFinished_thenZipStaysOpenForMoreEntries() throws IOException {
        var zipBytes = new ByteArrayOutputStream();
        List<ExportRow> rows = List.of(describedRow("ä, \"b\"\r\n"), describedRow("=x"));
        try (var zip = new ZipOutputStream(zipBytes)) {
            zip.putNextEntry(new ZipEntry("export.csv"));
            var writer = new CsvExportWriter(zip, ExportLayout.DEBIT_CREDIT);
            for (ExportRow row : rows) {
                writer.write(row);
            }
            writer.finish();
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("receipts/bill.jpg"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }

        try (var in = new ZipInputStream(new ByteArrayInputStream(zipBytes.toByteArray()))) {
            assertThat(in.getNextEntry().getName()).isEqualTo("export.csv");
            assertRoundTrip(ExportLayout.DEBIT_CREDIT, rows, parse(in.readAllBytes()));
            assertThat(in.getNextEntry().getName()).isEqualTo("receipts/bill.jpg");
        }
    }

    @Test
    void givenNullArguments_whenConstructingOrWriting_thenRejected() throws IOException {
        assertThatThrownBy(() -> new CsvExportWriter(null, ExportLayout.SIGNED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CsvExportWriter(new ByteArrayOutputStream(), null))
                .isInstanceOf(NullPointerException.class);
        var writer = new CsvExportWriter(new ByteArrayOutputStream(), ExportLayout.SIGNED);
        assertThatThrownBy(() -> writer.write(null)).isInstanceOf(NullPointerException.class);
    }
}
