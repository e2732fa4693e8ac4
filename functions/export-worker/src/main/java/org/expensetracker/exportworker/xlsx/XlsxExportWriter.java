package org.expensetracker.exportworker.xlsx;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;
import org.expensetracker.exportworker.csv.CsvExportWriter;
import org.expensetracker.exportworker.csv.ExportRow;

/**
 * Streams export rows into an XLSX workbook with the CSV's columns, typed as a spreadsheet wants them:
 * dates are dates ({@code yyyy-mm-dd}), amounts numbers shown with two decimals (debits negative in the
 * signed layout, as in the CSV), and every text an inline string — never a formula, so a description
 * {@code =HYPERLINK(…)} is shown, not run, and a category {@code 00123} or {@code 3/4} stays exactly that
 * (no quote is prefixed: nothing in a string cell can run). A second sheet, Totals, has debit, credit,
 * net and count per currency and category, and per currency.
 *
 * <p>Memory stays flat: rows are flushed to the stream every {@value #FLUSH_EVERY} rows, inline strings
 * keep no shared-string table, and the totals hold one line per currency and category. Not thread-safe;
 * the stream is not closed (the caller owns it).
 */
public final class XlsxExportWriter {
    static final int FLUSH_EVERY = 1_000;
    static final String ENTRIES_SHEET = "Entries";
    static final String TOTALS_SHEET = "Totals";
    static final List<String> TOTALS_HEADER = List.of("Currency", "Category", "Debit", "Credit", "Net", "Entries");
    /** The Totals sheet's line for a currency's whole. */
    static final String ALL_CATEGORIES = "All categories";
    private static final String DATE_FORMAT = "yyyy-mm-dd";
    private static final String AMOUNT_FORMAT = "0.00";

    private final ExportLayout layout;
    private final boolean withTags;
    private final Workbook workbook;
    private final Worksheet entries;
    /** currency → category → totals; categories compared as stored (the CSV does not merge them either). */
    private final Map<String, Map<String, Totals>> totals = new TreeMap<>();
    private int row = 1;
    private long rows;
    private boolean finished;

    public XlsxExportWriter(OutputStream out, ExportLayout layout, boolean withTags) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.withTags = withTags;
        this.workbook = new Workbook(new KeepOpen(Objects.requireNonNull(out, "out")), "Expense Tracker", "1.0");
        this.entries = workbook.newWorksheet(ENTRIES_SHEET);
        List<String> header = new ArrayList<>(layout.header());
        if (withTags) {
            header.add(CsvExportWriter.TAGS_HEADER);
        }
        for (int column = 0; column < header.size(); column++) {
            entries.inlineString(0, column, header.get(column));
            entries.style(0, column).bold().set();
        }
        entries.freezePane(0, 1);
        entries.width(0, 11);
    }

    public void write(ExportRow entry) throws IOException {
        if (finished) {
            throw new IllegalStateException("XLSX export already finished");
        }
        int column = 0;
        entries.value(row, column, entry.date());
        entries.style(row, column++).format(DATE_FORMAT).set();
        entries.inlineString(row, column++, entry.type().name());
        if (layout == ExportLayout.SIGNED) {
            amount(column++, entry.type() == EntryType.DEBIT ? entry.amount().negate() : entry.amount());
        } else {
            if (entry.type() == EntryType.DEBIT) {
                amount(column, entry.amount());
            }
            column++;
            if (entry.type() == EntryType.CREDIT) {
                amount(column, entry.amount());
            }
            column++;
        }
        text(column++, entry.currency());
        text(column++, entry.category());
        text(column++, entry.description());
        text(column++, String.join(CsvExportWriter.RECEIPTS_SEPARATOR, entry.receipts()));
        text(column++, entry.entryId().toString());
        if (withTags) {
            text(column, String.join(CsvExportWriter.RECEIPTS_SEPARATOR, entry.tags()));
        }
        totals.computeIfAbsent(entry.currency(), currency -> new TreeMap<>())
                .computeIfAbsent(entry.category(), category -> new Totals()).add(entry);
        row++;
        rows++;
        if (rows % FLUSH_EVERY == 0) {
            entries.flush();
        }
    }

    public long rows() {
        return rows;
    }

    /** Ends the Entries sheet, writes Totals and the rest of the workbook into the stream. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        entries.finish();
        Worksheet sheet = workbook.newWorksheet(TOTALS_SHEET);
        for (int column = 0; column < TOTALS_HEADER.size(); column++) {
            sheet.inlineString(0, column, TOTALS_HEADER.get(column));
            sheet.style(0, column).bold().set();
        }
        int line = 1;
        for (Map.Entry<String, Map<String, Totals>> currency : totals.entrySet()) {
            Totals whole = new Totals();
            for (Map.Entry<String, Totals> category : currency.getValue().entrySet()) {
                totalsLine(sheet, line++, currency.getKey(), category.getKey(), category.getValue(), false);
                whole.add(category.getValue());
            }
            totalsLine(sheet, line++, currency.getKey(), ALL_CATEGORIES, whole, true);
        }
        sheet.finish();
        workbook.finish();
    }

    private static void totalsLine(Worksheet sheet, int line, String currency, String category, Totals sums, boolean bold) {
        sheet.inlineString(line, 0, currency);
        sheet.inlineString(line, 1, category);
        BigDecimal[] values = {sums.debit, sums.credit, sums.credit.subtract(sums.debit)};
        for (int i = 0; i < values.length; i++) {
            sheet.value(line, 2 + i, values[i]);
            var style = sheet.style(line, 2 + i).format(AMOUNT_FORMAT);
            (bold ? style.bold() : style).set();
        }
        sheet.value(line, 5, sums.count);
        if (bold) {
            sheet.style(line, 0).bold().set();
            sheet.style(line, 1).bold().set();
        }
    }

    private void amount(int column, BigDecimal value) {
        entries.value(row, column, value);
        entries.style(row, column).format(AMOUNT_FORMAT).set();
    }

    private void text(int column, String value) {
        if (!value.isEmpty()) {
            entries.inlineString(row, column, value);
        }
    }

    private static final class Totals {
        BigDecimal debit = BigDecimal.ZERO.setScale(2);
        BigDecimal credit = BigDecimal.ZERO.setScale(2);
        long count;

        void add(ExportRow entry) {
            if (entry.type() == EntryType.DEBIT) {
                debit = debit.add(entry.amount());
            } else {
                credit = credit.add(entry.amount());
            }
            count++;
        }

        void add(Totals other) {
            debit = debit.add(other.debit);
            credit = credit.add(other.credit);
            count += other.count;
        }
    }

    /** The workbook ends its ZIP when it finishes; the stream beneath (a ZIP entry, an upload) stays the caller's. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
