package org.expensetracker.exportworker.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.expensetracker.core.entry.EntryType;
import org.junit.jupiter.api.Test;

class ExportRowTest {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 21);
    private static final UUID ID = UUID.randomUUID();

    private static ExportRow withAmount(String amount) {
        return new ExportRow(DATE, EntryType.DEBIT, new BigDecimal(amount), "INR", "c", "d", List.of(), ID);
    }

    @Test
    void givenAmountWithFewerFractionDigits_whenConstructed_thenScaledToTwo() {
        assertThat(withAmount("1250").amount()).hasToString("1250.00");
        assertThat(withAmount("1E+3").amount()).hasToString("1000.00");
        assertThat(withAmount("0.5").amount()).hasToString("0.50");
        assertThat(withAmount("12.340").amount()).hasToString("12.34");
    }

    @Test
    void givenAmountNeedingRoundingOrNotPositive_whenConstructed_thenRejected() {
        assertThatThrownBy(() -> withAmount("1.005")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withAmount("0.00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withAmount("-5.00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenYearOutsideFourDigits_whenConstructed_thenRejected() {
        assertThatThrownBy(() -> new ExportRow(LocalDate.of(10000, 1, 1), EntryType.DEBIT, BigDecimal.ONE,
                "INR", "", "", List.of(), ID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportRow(LocalDate.of(-1, 1, 1), EntryType.DEBIT, BigDecimal.ONE,
                "INR", "", "", List.of(), ID)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNullTextAndReceipts_whenConstructed_thenEmpty() {
        ExportRow row = new ExportRow(DATE, EntryType.CREDIT, BigDecimal.TEN, null, null, null, null, ID);

        assertThat(row.currency()).isEmpty();
        assertThat(row.category()).isEmpty();
        assertThat(row.description()).isEmpty();
        assertThat(row.receipts()).isEmpty();
    }

    @Test
    void givenMutableReceiptList_whenConstructed_thenCopiedAndImmutable() {
        List<String> receipts = new ArrayList<>(List.of("a.pdf"));
        ExportRow row = new ExportRow(DATE, EntryType.CREDIT, BigDecimal.TEN, "INR", "", "", receipts, ID);
        receipts.add("b.pdf");

        assertThat(row.receipts()).containsExactly("a.pdf");
        assertThatThrownBy(() -> row.receipts().add("c.pdf")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenMissingRequiredField_whenConstructed_thenNullPointerException() {
        assertThatThrownBy(() -> new ExportRow(null, EntryType.DEBIT, BigDecimal.ONE, "", "", "", null, ID))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExportRow(DATE, null, BigDecimal.ONE, "", "", "", null, ID))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExportRow(DATE, EntryType.DEBIT, null, "", "", "", null, ID))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExportRow(DATE, EntryType.DEBIT, BigDecimal.ONE, "", "", "", null, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExportRow(DATE, EntryType.DEBIT, BigDecimal.ONE, "", "", "",
                Arrays.asList("a", null), ID)).isInstanceOf(NullPointerException.class);
    }
}
