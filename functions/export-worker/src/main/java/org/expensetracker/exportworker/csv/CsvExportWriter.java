package org.expensetracker.exportworker.csv;

import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;

/**
 * Streams export rows as CSV, exactly per the export contract (DESIGN.md, "Exports"):
 *
 * <ul>
 *   <li>UTF-8, starting with one byte-order mark ({@code EF BB BF}) so Excel reads it as UTF-8;</li>
 *   <li>RFC 4180: every record, the last included, ends in CRLF; a field is enclosed in double
 *       quotes when it holds {@code ,} {@code "} CR or LF, and quotes inside it are doubled;</li>
 *   <li>the header row of the {@link ExportLayout}, written at construction;</li>
 *   <li>dates {@code YYYY-MM-DD}; amounts plain ({@code 1250.00}: scale 2, no separators, no symbols).
 *       {@link ExportLayout#DEBIT_CREDIT}: the amount goes in Debit for DEBIT rows and in Credit for
 *       CREDIT rows, the other column empty. {@link ExportLayout#SIGNED}: one Amount column, negative
 *       for DEBIT ({@code -1250.00}), positive for CREDIT;</li>
 *   <li>Receipts: the receipt names/paths joined with {@code "; "}, empty when there are none;</li>
 *   <li>Tags (a last column after Entry ID, only when asked for: the export holds a tagged entry): the
 *       entry's tags joined with {@code "; "}, empty when it has none;</li>
 *   <li>formula-injection guard (OWASP CSV injection): a text cell (every column but Date and the
 *       amount columns) that starts with {@code =} {@code +} {@code -} {@code @} TAB CR or LF gets a
 *       single quote {@code '} in front, before quoting. Amount cells are never prefixed.</li>
 * </ul>
 *
 * <p>Memory stays flat: each record is built in one reused {@link StringBuilder} and goes through a
 * 64 KiB {@link BufferedWriter} over an {@link OutputStreamWriter}; no regex, no {@code String.format}.
 * Text that is not valid UTF-16 (a lone surrogate) is written as {@code ?} by the encoder.
 *
 * <p>The writer never closes the stream: the caller owns it (it may be a ZIP entry or a multipart
 * upload). Call {@link #finish()} after the last row to push everything buffered into the stream.
 * Not thread-safe.
 */
public final class CsvExportWriter implements Flushable {

    /** UTF-8 byte-order mark, written once at the start of the output. */
    static final char BOM = '\uFEFF';

    /** Separator between receipt names in the Receipts column. */
    public static final String RECEIPTS_SEPARATOR = "; ";

    private static final int WRITER_BUFFER_CHARS = 64 * 1024;

    /** The header of the extra column written when the export holds tagged entries. */
    public static final String TAGS_HEADER = "Tags";

    private final ExportLayout layout;
    private final boolean withTags;
    private final Writer writer;
    /** The record being built; reused for every row. */
    private final StringBuilder line = new StringBuilder(1024);
    /** The joined Receipts cell being built; reused for every row. */
    private final StringBuilder receiptsCell = new StringBuilder(256);
    /** Transfer buffer from {@link #line} to the writer (avoids a String per row); grows as needed. */
    private char[] transfer = new char[2048];
    private long rows;
    private boolean finished;

    /**
     * Starts the CSV: writes the BOM and the header row of {@code layout} (into the buffer; they
     * reach {@code out} at the latest on {@link #finish()}).
     *
     * @param out    where the UTF-8 bytes go; not closed by this writer
     * @param layout the column layout
     * @throws IOException if writing to {@code out} fails
     */
    public CsvExportWriter(OutputStream out, ExportLayout layout) throws IOException {
        this(out, layout, false);
    }

    /**
     * As {@link #CsvExportWriter(OutputStream, ExportLayout)}, with a Tags column after the layout's
     * columns when {@code withTags}: appended, so a reader of the contract's columns by position still
     * finds every one where it was.
     */
    public CsvExportWriter(OutputStream out, ExportLayout layout, boolean withTags) throws IOException {
        Objects.requireNonNull(out, "out");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.withTags = withTags;
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), WRITER_BUFFER_CHARS);
        line.append(BOM);
        List<String> header = layout.header();
        for (int i = 0; i < header.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendText(header.get(i));
        }
        if (withTags) {
            line.append(',');
            appendText(TAGS_HEADER);
        }
        line.append('\r').append('\n');
        emitLine();
    }

    /**
     * Appends one record.
     *
     * @throws IOException           if writing to the stream fails
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(ExportRow row) throws IOException {
        Objects.requireNonNull(row, "row");
        if (finished) {
            throw new IllegalStateException("CSV export already finished");
        }
        StringBuilder sb = line;
        sb.setLength(0);

        appendDate(row.date());
        sb.append(',');
        EntryType type = row.type();
        appendText(type.name());
        sb.append(',');
        BigDecimal amount = row.amount();
        if (layout == ExportLayout.SIGNED) {
            if (type == EntryType.DEBIT) {
                sb.append('-');
            }
            sb.append(amount.toPlainString());
        } else {
            if (type == EntryType.DEBIT) {
                sb.append(amount.toPlainString());
            }
            sb.append(',');
            if (type == EntryType.CREDIT) {
                sb.append(amount.toPlainString());
            }
        }
        sb.append(',');
        appendText(row.currency());
        sb.append(',');
        appendText(row.category());
        sb.append(',');
        appendText(row.description());
        sb.append(',');
        appendText(joined(row.receipts()));
        sb.append(',');
        appendText(row.entryId().toString());
        if (withTags) {
            sb.append(',');
            appendText(joined(row.tags()));
        }
        sb.append('\r').append('\n');

        emitLine();
        rows++;
    }

    /** Number of data rows written so far (the header not counted). */
    public long rows() {
        return rows;
    }

    /** The layout this writer was created with. */
    public ExportLayout layout() {
        return layout;
    }

    /**
     * Ends the CSV: flushes everything buffered into the stream (and flushes the stream) without
     * closing it. Further {@link #write} calls fail; calling it again only flushes again.
     */
    public void finish() throws IOException {
        finished = true;
        writer.flush();
    }

    /** Pushes everything buffered into the stream and flushes the stream; does not close it. */
    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    private CharSequence joined(List<String> receipts) {
        int n = receipts.size();
        if (n == 0) {
            return "";
        }
        if (n == 1) {
            return receipts.get(0);
        }
        StringBuilder cell = receiptsCell;
        cell.setLength(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                cell.append(RECEIPTS_SEPARATOR);
            }
            cell.append(receipts.get(i));
        }
        return cell;
    }

    /** YYYY-MM-DD; the year is 0000–9999 (checked by {@link ExportRow}). */
    private void appendDate(LocalDate date) {
        int y = date.getYear();
        int m = date.getMonthValue();
        int d = date.getDayOfMonth();
        line.append((char) ('0' + y / 1000))
                .append((char) ('0' + y / 100 % 10))
                .append((char) ('0' + y / 10 % 10))
                .append((char) ('0' + y % 10))
                .append('-')
                .append((char) ('0' + m / 10))
                .append((char) ('0' + m % 10))
                .append('-')
                .append((char) ('0' + d / 10))
                .append((char) ('0' + d % 10));
    }

    /** A text cell: formula guard, then RFC 4180 quoting when needed. */
    private void appendText(CharSequence value) {
        StringBuilder sb = line;
        int len = value.length();
        if (len == 0) {
            return;
        }
        boolean guard = isFormulaStart(value.charAt(0));
        boolean quote = false;
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            if (guard) {
                sb.append('\'');
            }
            sb.append(value);
            return;
        }
        sb.append('"');
        if (guard) {
            sb.append('\'');
        }
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    private static boolean isFormulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n';
    }

    private void emitLine() throws IOException {
        int len = line.length();
        if (transfer.length < len) {
            transfer = new char[Math.max(len, transfer.length * 2)];
        }
        line.getChars(0, len, transfer, 0);
        writer.write(transfer, 0, len);
    }
}
