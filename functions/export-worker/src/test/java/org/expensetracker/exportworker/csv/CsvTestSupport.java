package org.expensetracker.exportworker.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;

/** Independent re-statement of the export contract, used to check what the writer produced. */
final class CsvTestSupport {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Columns that are not text cells: never guarded. */
    static final Set<String> NON_TEXT_COLUMNS = Set.of("Date", "Debit", "Credit", "Amount");

    static final CSVFormat RFC4180_CRLF = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private CsvTestSupport() {
    }

    static List<List<String>> writeAndParse(ExportLayout layout, List<ExportRow> rows) {
        return parse(write(layout, rows));
    }

    static byte[] write(ExportLayout layout, List<ExportRow> rows) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            var writer = new CsvExportWriter(out, layout);
            for (ExportRow row : rows) {
                writer.write(row);
            }
            writer.finish();
            assertThat(writer.rows()).isEqualTo(rows.size());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the BOM and the raw record separators, then parses everything after the BOM with commons-csv. */
    static List<List<String>> parse(byte[] csv) {
        assertBomExactlyOnceAtStart(csv);
        assertEveryRecordEndsInCrlf(csv);
        String text = new String(csv, BOM.length, csv.length - BOM.length, StandardCharsets.UTF_8);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), RFC4180_CRLF)) {
            List<List<String>> records = new ArrayList<>();
            for (CSVRecord record : parser) {
                records.add(record.toList());
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertBomExactlyOnceAtStart(byte[] csv) {
        assertThat(csv.length).isGreaterThanOrEqualTo(3);
        assertThat(Arrays.copyOf(csv, 3)).as("BOM at start").isEqualTo(BOM);
        int count = 0;
        for (int i = 0; i + 2 < csv.length; i++) {
            if (csv[i] == BOM[0] && csv[i + 1] == BOM[1] && csv[i + 2] == BOM[2]) {
                count++;
            }
        }
        assertThat(count).as("BOM occurrences").isEqualTo(1);
    }

    /**
     * Outside quoted fields, every CR is followed by LF and every LF preceded by CR, and the
     * output ends with CRLF outside quotes (UTF-8 multi-byte sequences never contain ASCII bytes,
     * so scanning bytes is exact). Returns the number of records seen.
     */
    static int assertEveryRecordEndsInCrlf(byte[] csv) {
        boolean inQuotes = false;
        int records = 0;
        for (int i = 0; i < csv.length; i++) {
            byte b = csv[i];
            if (b == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && b == '\r') {
                assertThat(i + 1 < csv.length && csv[i + 1] == '\n').as("CR at byte %d followed by LF", i).isTrue();
            } else if (!inQuotes && b == '\n') {
                assertThat(i > 0 && csv[i - 1] == '\r').as("LF at byte %d preceded by CR (no lone LF)", i).isTrue();
                records++;
            }
        }
        assertThat(inQuotes).as("quotes balanced").isFalse();
        assertThat(csv[csv.length - 2]).as("ends with CR").isEqualTo((byte) '\r');
        assertThat(csv[csv.length - 1]).as("ends with LF").isEqualTo((byte) '\n');
        return records;
    }

    /** The guard of the contract: a text cell starting with = + - @ TAB CR LF gets a leading '. */
    static String guarded(String value) {
        if (!value.isEmpty() && "=+-@\t\r\n".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    /** The cells (before the text guard) a row must produce in a layout. */
    static List<String> expectedCells(ExportLayout layout, ExportRow row) {
        String amount = row.amount().setScale(2).toPlainString();
        boolean debit = row.type() == EntryType.DEBIT;
        List<String> cells = new ArrayList<>();
        cells.add(row.date().toString());
        cells.add(row.type().name());
        if (layout == ExportLayout.SIGNED) {
            cells.add(debit ? "-" + amount : amount);
        } else {
            cells.add(debit ? amount : "");
            cells.add(debit ? "" : amount);
        }
        cells.add(row.currency());
        cells.add(row.category());
        cells.add(row.description());
        cells.add(String.join("; ", row.receipts()));
        cells.add(row.entryId().toString());
        return cells;
    }

    /** The exact cells (text guard applied) a row must read back as. */
    static List<String> expectedParsedCells(ExportLayout layout, ExportRow row) {
        List<String> cells = expectedCells(layout, row);
        List<String> header = layout.header();
        List<String> result = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            result.add(NON_TEXT_COLUMNS.contains(header.get(i)) ? cells.get(i) : guarded(cells.get(i)));
        }
        return result;
    }

    /** Asserts the parsed file is the header followed by exactly the given rows, cell by cell. */
    static void assertRoundTrip(ExportLayout layout, List<ExportRow> rows, List<List<String>> records) {
        assertThat(records).hasSize(rows.size() + 1);
        assertThat(records.get(0)).containsExactlyElementsOf(layout.header());
        for (int i = 0; i < rows.size(); i++) {
            List<String> actual = records.get(i + 1);
            List<String> expected = expectedParsedCells(layout, rows.get(i));
            assertThat(actual).as("record %d (%s)", i + 1, rows.get(i).entryId()).hasSize(layout.header().size());
            for (int c = 0; c < expected.size(); c++) {
                assertThat(actual.get(c)).as("record %d column %s", i + 1, layout.header().get(c))
                        .isEqualTo(expected.get(c));
            }
        }
    }
}
