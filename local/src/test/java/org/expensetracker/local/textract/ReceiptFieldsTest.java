package org.expensetracker.local.textract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiptFieldsTest {

    private static ReceiptFields.Found find(String... lines) {
        return ReceiptFields.find(Arrays.stream(lines).map(l -> new ReceiptFields.Line(l, 90)).toList(), true);
    }

    private static String value(ReceiptFields.Found found, String type) {
        return found.field(type).map(ReceiptFields.Field::value).orElse(null);
    }

    @Test
    void givenATypicalIndianBill_whenRead_thenMerchantDateTotalTaxCurrencyAndItemsAreFound() {
        ReceiptFields.Found found = find(
                "Blue Cab Co.",
                "12 MG Road, Bengaluru",
                "GSTIN 29ABCDE1234F1Z5",
                "Date: 21/11/2026 14:05",
                "Fare 1,190.48",
                "Toll 0.00",
                "Sub Total 1,190.48",
                "GST 5% 59.52",
                "TOTAL ₹ 1,250.00",
                "Cash 1,300.00",
                "Change 50.00");
        assertThat(value(found, "VENDOR_NAME")).isEqualTo("Blue Cab Co.");
        assertThat(value(found, "INVOICE_RECEIPT_DATE")).isEqualTo("21/11/2026");
        assertThat(value(found, "TOTAL")).isEqualTo("₹ 1,250.00");
        assertThat(found.field("TOTAL").orElseThrow().currency()).isEqualTo("INR");
        assertThat(value(found, "TAX")).isEqualTo("59.52");
        assertThat(value(found, "SUBTOTAL")).isEqualTo("1,190.48");
        assertThat(found.items()).extracting(ReceiptFields.LineItem::description).containsExactly("Fare", "Toll");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GRAND TOTAL 842.50|842.50",
            "Amount Due $17.25|$17.25",
            "NET PAYABLE Rs. 410|410",
            "TOTAL TTC 23,40 €|23,40",
            "Total (incl. GST) 1,250.00|1,250.00"})
    void givenTheTotalKeywordsReceiptsUse_whenRead_thenTheTotalIsTheirAmountNotTheSubtotalOrTax(String line, String expected) {
        ReceiptFields.Found found = find("Corner Shop", "Bread 2.00", "Subtotal 999.99", "Total Tax 1.11", line, "Thank you");
        assertThat(value(found, "TOTAL")).isEqualTo(expected);
    }

    @Test
    void givenTheTotalLabelAboveItsAmount_whenRead_thenTheAmountBelowIsTaken() {
        assertThat(value(find("Cafe Lumiere", "Latte 4.50", "TOTAL", "4.50"), "TOTAL")).isEqualTo("4.50");
    }

    @Test
    void givenNoTotalKeyword_whenRead_thenTheLargestAmountIsAGuessWithLowConfidence() {
        ReceiptFields.Found found = find("Kiosk 7", "Tea 1.50", "Cake 3.25", "4.75");
        assertThat(value(found, "TOTAL")).isEqualTo("4.75");
        assertThat(found.field("TOTAL").orElseThrow().confidence()).isLessThan(50);
    }

    @Test
    void givenHeadingsAndAddressesAtTheTop_whenRead_thenTheMerchantIsTheFirstNameLikeLine() {
        assertThat(value(find("TAX INVOICE", "Hotel Lübeck Altstadt", "Breite Str. 12", "Total 120,00 €"), "VENDOR_NAME"))
                .isEqualTo("Hotel Lübeck Altstadt");
    }

    @Test
    void givenCurrenciesPrintedOnAReceipt_whenRead_thenTheOneOnTheTotalLineWins() {
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("Visit us at $hop.example", 90),
                new ReceiptFields.Line("TOTAL € 12.00", 90)))).isEqualTo("EUR");
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("Total Rs 410", 90)))).isEqualTo("INR");
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("Total GBP 4.10", 90)))).isEqualTo("GBP");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Date: 21/11/2026|21/11/2026",
            "2026-11-21 10:02|2026-11-21",
            "Bill 21-Nov-2026 Table 4|21-Nov-2026",
            "Nov 21, 2026|Nov 21, 2026"})
    void givenTheDateFormatsReceiptsPrint_whenRead_thenTheDateIsTheTextAsPrinted(String line, String expected) {
        assertThat(ReceiptFields.printedDate(line, true)).contains(expected);
    }
}
