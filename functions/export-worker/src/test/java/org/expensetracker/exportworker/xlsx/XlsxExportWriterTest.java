package org.expensetracker.exportworker.xlsx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;
import org.expensetracker.exportworker.csv.ExportRow;
import org.junit.jupiter.api.Test;

/** The workbook as a spreadsheet reads it: typed cells, nothing that runs, and the totals. */
class XlsxExportWriterTest {
    private static final UUID ID = UUID.fromString("6f1c2b3a-0000-4000-8000-00000000abcd");

    @Test
    void givenAwkwardText_whenWritten_thenDatesAreDatesAmountsNumbersAndTextStaysTextWithNoFormula() throws IOException {
        byte[] file = write(ExportLayout.DEBIT_CREDIT, false, List.of(
                new ExportRow(LocalDate.of(2026, 11, 21), EntryType.DEBIT, new BigDecimal("1250.00"), "INR", "3/4",
                        "=HYPERLINK(\"http://evil\",\"x\")", List.of("bill.pdf", "tip.jpg"), ID),
                new ExportRow(LocalDate.of(2026, 11, 20), EntryType.CREDIT, new BigDecimal("0.10"), "INR", "00123",
                        "+1 refund", List.of(), ID)));

        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file), new ReadingOptions(true, false))) {
            List<Row> rows = rows(workbook.getFirstSheet());
            assertThat(texts(rows.get(0))).containsExactly("Date", "Type", "Debit", "Credit", "Currency", "Category",
                    "Description", "Receipts", "Entry ID");
            Row debit = rows.get(1);
            assertThat(debit.getCell(0).getType()).isEqualTo(CellType.NUMBER);
            assertThat(debit.getCell(0).asDate().toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 21));
            assertThat(debit.getCell(0).getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(debit.getCell(2).getType()).isEqualTo(CellType.NUMBER);
            assertThat(debit.getCell(2).asNumber()).isEqualByComparingTo("1250.00");
            assertThat(debit.getCell(2).getDataFormatString()).isEqualTo("0.00");
            assertThat(debit.getCellAsString(3)).isEmpty();
            assertThat(debit.getCell(5).getType()).isEqualTo(CellType.STRING);
            assertThat(debit.getCell(5).asString()).isEqualTo("3/4");
            assertThat(debit.getCell(6).getType()).isEqualTo(CellType.STRING);
            assertThat(debit.getCell(6).getFormula()).isNull();
            assertThat(debit.getCell(6).asString()).isEqualTo("=HYPERLINK(\"http://evil\",\"x\")");
            assertThat(debit.getCell(7).asString()).isEqualTo("bill.pdf; tip.jpg");
            assertThat(debit.getCell(8).asString()).isEqualTo(ID.toString());
            Row credit = rows.get(2);
            assertThat(credit.getCell(3).asNumber()).isEqualByComparingTo("0.10");
            assertThat(credit.getCell(5).asString()).isEqualTo("00123");
            assertThat(credit.getCell(6).asString()).isEqualTo("+1 refund");
            assertThat(rows).hasSize(3);
        }
    }

    @Test
    void givenTwoCurrenciesAndTags_whenWrittenSigned_thenDebitsAreNegativeTagsComeLastAndTotalsArePerCurrencyAndCategory()
            throws IOException {
        LocalDate day = LocalDate.of(2026, 11, 1);
        byte[] file = write(ExportLayout.SIGNED, true, List.of(
                new ExportRow(day, EntryType.DEBIT, new BigDecimal("100.00"), "EUR", "Travel", "Train", List.of(), ID,
                        List.of("trip", "work")),
                new ExportRow(day, EntryType.DEBIT, new BigDecimal("20.50"), "EUR", "Food", "Lunch", List.of(), ID),
                new ExportRow(day, EntryType.CREDIT, new BigDecimal("30.00"), "EUR", "Travel", "Refund", List.of(), ID),
                new ExportRow(day, EntryType.DEBIT, new BigDecimal("1250.00"), "INR", "Travel", "Taxi", List.of(), ID)));

        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file), new ReadingOptions(true, false))) {
            List<Sheet> sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("Entries", "Totals");
            List<Row> entries = rows(sheets.get(0));
            assertThat(texts(entries.get(0))).endsWith("Entry ID", "Tags").contains("Amount").doesNotContain("Debit");
            assertThat(entries.get(1).getCell(2).asNumber()).isEqualByComparingTo("-100.00");
            assertThat(entries.get(3).getCell(2).asNumber()).isEqualByComparingTo("30.00");
            assertThat(entries.get(1).getCell(8).asString()).isEqualTo("trip; work");
            assertThat(entries.get(2).getCellAsString(8)).isEmpty();

            List<Row> totals = rows(sheets.get(1));
            assertThat(texts(totals.get(0))).containsExactly("Currency", "Category", "Debit", "Credit", "Net", "Entries");
            assertThat(totals.subList(1, totals.size())).extracting(this::line).containsExactly(
                    "EUR Food 20.50 0.00 -20.50 1",
                    "EUR Travel 100.00 30.00 -70.00 2",
                    "EUR All categories 120.50 30.00 -90.50 3",
                    "INR Travel 1250.00 0.00 -1250.00 1",
                    "INR All categories 1250.00 0.00 -1250.00 1");
        }
    }

    private String line(Row row) {
        return row.getCell(0).asString() + " " + row.getCell(1).asString() + " "
                + row.getCell(2).asNumber().setScale(2) + " " + row.getCell(3).asNumber().setScale(2) + " "
                + row.getCell(4).asNumber().setScale(2) + " " + row.getCell(5).asNumber().toBigInteger();
    }

    private static byte[] write(ExportLayout layout, boolean withTags, List<ExportRow> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxExportWriter writer = new XlsxExportWriter(out, layout, withTags);
        for (ExportRow row : rows) {
            writer.write(row);
        }
        writer.finish();
        assertThat(writer.rows()).isEqualTo(rows.size());
        return out.toByteArray();
    }

    private static List<Row> rows(Sheet sheet) throws IOException {
        try (var stream = sheet.openStream()) {
            return stream.toList();
        }
    }

    private static List<String> texts(Row row) {
        return row.stream().map(Cell::getText).toList();
    }
}
