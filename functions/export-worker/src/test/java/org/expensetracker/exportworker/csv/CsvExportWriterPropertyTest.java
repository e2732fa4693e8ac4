package org.expensetracker.exportworker.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.expensetracker.exportworker.csv.CsvTestSupport.assertRoundTrip;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.expensetracker.core.entry.EntryType;
import org.expensetracker.core.export.ExportLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Random rows (fixed seeds) from a pool of awkward characters must round-trip exactly. */
class CsvExportWriterPropertyTest {

    private static final int ROWS = 3_000;

    /** Code points that stress CSV quoting, the formula guard, UTF-8 and bidi text. */
    private static final int[] POOL = {
        'a', 'Z', '0', '9', ' ', '.', ';', '/', '\\', '\'', '|',
        ',', '"', '\r', '\n', '\t', '=', '+', '-', '@',
        'ä', 'ö', 'ß', 'é', 0x00A0 /* NBSP */, 0x0000,
        '日', '本', '語', '円',
        0x1F600 /* 😀 */, 0x1F4B8 /* 💸 */, 0x1F1EE, 0x1F1F3 /* 🇮🇳 */, 0x200D /* ZWJ */,
        0x0645, 0x0631, 0x062D, 0x0628, 0x0627 /* Arabic */, 0x0661 /* Arabic-Indic 1 */,
        0x200F /* RLM */, 0x202E /* RLO */, 0x2028 /* LINE SEPARATOR */, 0x0085 /* NEL */
    };

    /** Characters over-represented at the first position, to exercise the guard often. */
    private static final int[] FIRST = {'=', '+', '-', '@', '\t', '\r', '\n', '\'', ' ', '"', ','};

    @ParameterizedTest
    @EnumSource(ExportLayout.class)
    void givenThousandsOfRandomAwkwardRows_whenRoundTrippedThroughCommonsCsv_thenEveryCellExact(ExportLayout layout) {
        List<ExportRow> rows = randomRows(new Random(20261121L + layout.ordinal()), ROWS);

        byte[] csv = CsvTestSupport.write(layout, rows);
        List<List<String>> records = CsvTestSupport.parse(csv);

        assertThat(CsvTestSupport.assertEveryRecordEndsInCrlf(csv)).isEqualTo(ROWS + 1);
        assertRoundTrip(layout, rows, records);
        for (int i = 0; i < ROWS; i++) {
            ExportRow row = rows.get(i);
            List<String> cells = records.get(i + 1);
            BigDecimal amount = layout == ExportLayout.SIGNED
                    ? new BigDecimal(cells.get(2))
                    : new BigDecimal(cells.get(row.type() == EntryType.DEBIT ? 2 : 3));
            BigDecimal expected = layout == ExportLayout.SIGNED && row.type() == EntryType.DEBIT
                    ? row.amount().negate() : row.amount();
            assertThat(amount).isEqualTo(expected);
        }
    }

    @Test
    void givenHundredThousandRows_whenWritten_thenCountedAndFastWithoutHoldingOutput() throws IOException {
        List<ExportRow> sample = randomRows(new Random(7L), 1_000);
        CountingOutputStream out = new CountingOutputStream();
        long start = System.nanoTime();

        CsvExportWriter writer = new CsvExportWriter(out, ExportLayout.DEBIT_CREDIT);
        for (int i = 0; i < 100_000; i++) {
            writer.write(sample.get(i % sample.size()));
        }
        writer.finish();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(writer.rows()).isEqualTo(100_000);
        assertThat(out.bytes).isGreaterThan(100_000L * 60);
        assertThat(took).as("100k rows").isLessThan(Duration.ofSeconds(20));
    }

    static List<ExportRow> randomRows(Random random, int count) {
        long minDay = LocalDate.of(0, 1, 1).toEpochDay();
        long maxDay = LocalDate.of(9999, 12, 31).toEpochDay();
        List<ExportRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate date = LocalDate.ofEpochDay(minDay + (long) (random.nextDouble() * (maxDay - minDay + 1)));
            EntryType type = random.nextBoolean() ? EntryType.DEBIT : EntryType.CREDIT;
            long cents = 1 + (long) (random.nextDouble() * 99_999_999_999_999L);
            BigDecimal amount = BigDecimal.valueOf(cents, 2);
            String currency = random.nextInt(10) == 0 ? text(random, 5) : (random.nextBoolean() ? "INR" : "EUR");
            String category = text(random, 64);
            String description = random.nextInt(20) == 0 ? exactly(random, 500) : text(random, 500);
            List<String> receipts = new ArrayList<>();
            for (int r = random.nextInt(4); r > 0; r--) {
                receipts.add(text(random, 40));
            }
            rows.add(new ExportRow(date, type, amount, currency, category, description, receipts,
                    new UUID(random.nextLong(), random.nextLong())));
        }
        return rows;
    }

    /** Random text of 0..maxChars chars (often short, sometimes empty), never splitting a surrogate pair. */
    private static String text(Random random, int maxChars) {
        int roll = random.nextInt(10);
        int target = roll == 0 ? 0 : roll < 7 ? random.nextInt(Math.min(maxChars, 12) + 1) : random.nextInt(maxChars + 1);
        return build(random, target);
    }

    private static String exactly(Random random, int chars) {
        return build(random, chars);
    }

    private static String build(Random random, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        if (chars > 0 && random.nextInt(3) == 0) {
            sb.appendCodePoint(FIRST[random.nextInt(FIRST.length)]);
        }
        while (sb.length() < chars) {
            int cp = POOL[random.nextInt(POOL.length)];
            if (Character.charCount(cp) > chars - sb.length()) {
                cp = 'x';
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static final class CountingOutputStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
