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

    @Test
    void givenAnAmountOfFourDigitsWithoutThousandsSeparator_whenRead_thenItIsOneAmount() {
        assertThat(value(find("Lakshmi Hardware", "Samosa 659.50", "AMOUNT PAYABLE INR 1455.43", "CASH 1500.00"), "TOTAL"))
                .isEqualTo("1455.43");
        assertThat(value(find("Ganesh Bakery", "NET PAYABLE Rs 2576.00"), "TOTAL")).isEqualTo("2576.00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Total à payer 1.250,00 €|1.250,00",
            "NET A PAYER 23,40 €|23,40",
            "MONTANT TTC 23,40|23,40",
            "SUMME EUR 55,45|55,45",
            "Gesamtbetrag 1.250,00 EUR|1.250,00",
            "Zu zahlen 9,95|9,95",
            "T0TAL 17.25|17.25"})
    void givenEuropeanTotalsAndDecimals_whenRead_thenTheTotalIsFound(String line, String expected) {
        ReceiptFields.Found found = find("Boulangerie Dupont", "Baguette 1,20", "Sous-total 999,99", "TVA 5,5% 1,11", line,
                "Espèces 2.000,00", "Rendu monnaie 750,00", "Merci de votre visite");
        assertThat(value(found, "TOTAL")).isEqualTo(expected);
        assertThat(value(found, "SUBTOTAL")).isEqualTo("999,99");
    }

    @Test
    void givenCashChangeAndCardLinesAfterTheTotal_whenRead_thenNoneOfThemIsTheTotal() {
        assertThat(value(find("Maple Diner", "Coffee 16oz 3.50", "TOTAL $17.25", "CASH TEND 20.00", "CHANGE DUE 2.75",
                "Total Items: 3", "Total Savings $1.20", "VISA **** 4821 17.25"), "TOTAL")).isEqualTo("$17.25");
        assertThat(value(find("Bäckerei Müller", "Brezel 0,95", "SUMME EUR 9,95", "Gegeben 20,00", "Rückgeld 10,05"), "TOTAL"))
                .isEqualTo("9,95");
        assertThat(value(find("Café de la Gare", "Croissant 1,10", "Total à payer 12,40 €", "ESPECES 20,00", "RENDU 7,60"),
                "TOTAL")).isEqualTo("12,40");
    }

    @Test
    void givenNoTotalKeywordRead_whenGuessing_thenCashAndChangeAreNotTheTotal() {
        ReceiptFields.Found found = find("Kiosk 7", "Tea 1.50", "Cake 3.25", "T#t@l 4.75", "Cash 10.00", "Change 5.25");
        assertThat(value(found, "TOTAL")).isEqualTo("4.75");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Thank you for shopping at", "Welcome to", "WILLKOMMEN", "Bienvenue", "VAT RECEIPT", "RECEIF", "KASSENBON", "TICKET"})
    void givenAHeadingAboveTheName_whenRead_thenTheNameIsTheMerchant(String heading) {
        assertThat(value(find(heading, "Sunset Auto Parts", "1421 Main St", "TOTAL 88.15"), "VENDOR_NAME"))
                .isEqualTo("Sunset Auto Parts");
    }

    @Test
    void givenNoCurrencySignRead_whenTheTaxWordsTellTheCountry_thenTheyGiveTheCurrency() {
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("GSTIN: 29ABCDE1234F1Z5", 90),
                new ReceiptFields.Line("CGST 2.5% 14.88", 90), new ReceiptFields.Line("TOTAL 1,250.00", 90)))).isEqualTo("INR");
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("MwSt 19% 2,85", 90),
                new ReceiptFields.Line("SUMME 17,85", 90)))).isEqualTo("EUR");
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("Sales Tax 8.25% 1.22", 90),
                new ReceiptFields.Line("GRAND TOTAL § 88.15", 90)))).isEqualTo("USD");
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("VAT Reg No: GB 742 6034 63", 90),
                new ReceiptFields.Line("TOTAL 6.95", 90)))).isEqualTo("GBP");
        // a printed sign wins over the words
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("VAT 20% 1.16", 90),
                new ReceiptFields.Line("TOTAL € 6.95", 90)))).isEqualTo("EUR");
    }

    @Test
    void givenTheTotalLineMisreadButCardAndSumsAgree_whenRead_thenTheAgreedAmountIsTheTotal() {
        // 2576.09 read for 2576.00: the card charged 2576.00, and subtotal + taxes + round-off make 2576.00
        ReceiptFields.Found found = find("Ganesh Bakery", "Masala Chai Rs.143.00", "SUBTOTAL Rs.2453.00", "CGST 2.5% 61.33",
                "SGST 2.5% 61.33", "Round Off +0.34", "NET PAYABLE Rs 2576.09", "VISA **** 1621 Rs.2576.00", "THANK YOU");
        assertThat(value(found, "TOTAL")).isEqualTo("2576.00");
        // 211.76 read for 214.76: subtotal + tax and tendered − change both make 214.76
        assertThat(value(find("Golden Gate Deli", "Subtotal 196.13", "Tax 9.5% 18.63", "Total Due USD 211.76", "Tendered 250.00",
                "Change 35.24"), "TOTAL")).isEqualTo("214.76");
        // one other line alone does not outweigh the total line
        assertThat(value(find("Corner Shop", "Subtotal 10.00", "TOTAL 10.50", "VISA 10.80"), "TOTAL")).isEqualTo("10.50");
    }

    @Test
    void givenNoTotalKeywordRead_whenTheCardChargeIsPrinted_thenItIsTheTotal() {
        ReceiptFields.Found found = find("Lone Star Diner", "Wiper Blades 24.00", "SUBTOTAL 127.70", "Tax 6.25% 7.98",
                "Cash Tend 150.00", "CHANGE 14.32");
        assertThat(value(found, "TOTAL")).isEqualTo("135.68");
        assertThat(found.field("TOTAL").orElseThrow().confidence()).isLessThan(90);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2025 -09-12 5:29 AM|2025-09-12",
            "Date 05/1 8/2024 Time: 13:47:26|05/18/2024"})
    void givenSpacesOcrPutIntoADate_whenRead_thenTheDateIsStillFound(String line, String expected) {
        assertThat(value(find("Golden Gate Market", line, "TOTAL $64.48"), "INVOICE_RECEIPT_DATE")).isEqualTo(expected);
    }

    private static ReceiptFields.Found read(Object... textAndConfidence) {
        List<ReceiptFields.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < textAndConfidence.length; i += 2) {
            lines.add(new ReceiptFields.Line((String) textAndConfidence[i], ((Number) textAndConfidence[i + 1]).floatValue()));
        }
        return ReceiptFields.find(lines, true);
    }

    @Test
    void givenTheTotalLineADigitOffAndAnotherLineReadMoreSurely_whenRead_thenThatLinesAmountIsTheTotal() {
        // 116,16 for 216,16: the subtotal (VAT included) says 216,16 and was read more surely
        assertThat(value(read("Boulangerie des Arts", 94, "Sub Total 216,16", 93, "TVA 5,5% 11,27", 90,
                "Total a payer 116,16 €", 80, "Total Qty: 4", 95), "TOTAL")).isEqualTo("216.16");
        // 1640.16 for 1640.10: cash less change is 1640.10
        assertThat(value(read("Sharma Hardware", 69, "TOTAL Rs 1640.16", 84, "CASH 2000.00", 89, "Change Due 359.90", 92),
                "TOTAL")).isEqualTo("1640.10");
        // a subtotal a digit away is no evidence where a tax line may have been lost
        assertThat(value(read("Maple Diner", 90, "Subtotal 125.56", 97, "TOTAL 128.56", 80), "TOTAL")).isEqualTo("128.56");
    }

    @Test
    void givenTaxIncludedInTheSubtotalAndTheCardCharge_whenTheTotalLineDisagrees_thenTheyWin() {
        assertThat(value(find("Greenway Cafe", "Subtotal 470.93", "VAT included 78.49", "TOTAL GBP 476.93",
                "MASTERCARD **** 1956 470.93"), "TOTAL")).isEqualTo("470.93");
    }

    @Test
    void givenASpaceOcrPutIntoAnAmount_whenRead_thenTheAmountIsWhole() {
        assertThat(value(find("Highgate Newsagents", "Incl. VAT @ 20% 1.58", "BALANCE DUE £9 ,49"), "TOTAL")).isEqualTo("£9,49");
        assertThat(ReceiptFields.spacesInAmounts("Subt ot al 1562, 00")).isEqualTo("Subt ot al 1562,00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Bill Date: 64/03/2025 14:08|04/03/2025",
            "Le 29.16.2625|29.10.2025",
            "2025-84-20 Uhrzeit: 21:28|2025-04-20",
            "Date: 2O/11/2026|20/11/2026"})
    void givenADateWithDigitsOcrConfuses_whenItCannotBeADate_thenItIsRepaired(String line, String expected) {
        assertThat(value(find("Annapurna Restaurant", line, "Net Amount INR 2,158.00"), "INVOICE_RECEIPT_DATE"))
                .isEqualTo(expected);
    }

    @Test
    void givenALogoReadAsUnsureLettersAboveTheName_whenRead_thenTheSureNameIsTheMerchant() {
        assertThat(value(read("6 RT ont", 19, "EPICERIE LE MARAIS", 94, "4 place Bellecour, 69002 Lyon", 94, "TOTAL 55,50 €", 95),
                "VENDOR_NAME")).isEqualTo("EPICERIE LE MARAIS");
        // with no surer line, the first name-like line still is
        assertThat(value(read("Paul Ray", 34, "12.00", 90), "VENDOR_NAME")).isEqualTo("Paul Ray");
    }

    @Test
    void givenTheNameLostAndAColumnHeadingOrAnAddressFirst_whenRead_thenNeitherIsTheMerchant() {
        assertThat(value(find("Article Qté Prix Montant", "Croissant 1 1,10 1,10", "TOTAL 1,10 €"), "VENDOR_NAME")).isNull();
        assertThat(value(find("rue Nationale, 59000 Lille", "Tél : 01 65 44 21 19", "TOTAL 1,10 €"), "VENDOR_NAME")).isNull();
        assertThat(value(find("Blue Cab Co.", "12 MG Road, Bengaluru"), "VENDOR_NAME")).isEqualTo("Blue Cab Co.");
    }

    @Test
    void givenOneMisreadSignAgainstTheTaxWordsOfSeveralLines_whenRead_thenTheWordsGiveTheCurrency() {
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("GSTIN: 29ABCDE5441F1Z1", 90),
                new ReceiptFields.Line("CGST 6% 38.63", 90), new ReceiptFields.Line("SGST 6% 38.63", 90),
                new ReceiptFields.Line("Total Amount ¥ 4,454.00", 90)))).isEqualTo("INR");
        // signs read on several lines stand
        assertThat(ReceiptFields.currency(List.of(new ReceiptFields.Line("CGST 6% 38.63", 90),
                new ReceiptFields.Line("SGST 6% 38.63", 90), new ReceiptFields.Line("Tea $1.50", 90),
                new ReceiptFields.Line("Total $ 4.50", 90)))).isEqualTo("USD");
    }

    @Test
    void givenAReceiptInEuros_whenItsTaxLineIsLost_thenTheSubtotalStillSpeaksForTheTotal() {
        // the TVA line unread: in euros the subtotal has the VAT in it all the same
        assertThat(value(read("Boulangerie des Arts", 94, "Sub ‘Total 216,16", 93, "Total a payer 116,16 €", 88), "TOTAL"))
                .isEqualTo("216.16");
    }

    @Test
    void givenSpecksReadAsShortWordsAboveTheName_whenRead_thenTheyAreNotTheMerchant() {
        assertThat(value(read("eee ee eee ee ee)", 70, "Librairie Martin", 92, "TOTAL 25,80 €", 95), "VENDOR_NAME"))
                .isEqualTo("Librairie Martin");
        assertThat(value(read("KFC", 93, "TOTAL 8.50", 95), "VENDOR_NAME")).isEqualTo("KFC");
    }

    @Test
    void givenTheTotalsDigitsReadLessSurelyThanTheSubtotals_whenADigitApart_thenTheSubtotalsDigitsWin() {
        // the line's words alike (92, 93), the total's own digits unsure (70): Sub Total's 216,16 stands
        List<ReceiptFields.Line> lines = List.of(new ReceiptFields.Line("Boulangerie des Arts", 94),
                new ReceiptFields.Line("Sub Total 216,16", 93, 92), new ReceiptFields.Line("Total a payer 116,16 €", 92, 70));
        assertThat(ReceiptFields.find(lines, true).field("TOTAL").orElseThrow().value()).isEqualTo("216.16");
    }

    @Test
    void givenALabelWithoutAmountAboveAPaymentLine_whenRead_thenThePaymentIsNotTakenForTheTotal() {
        // "Total Qty" read as "Total Oty", then the cash line: the total is still the one with its amount
        assertThat(value(find("Boulangerie des Arts", "Total a payer 216,16 €", "Total Oty: A", "ESPECES 250,00", "RENDU 33,84"),
                "TOTAL")).isEqualTo("216,16");
        assertThat(value(find("Boulangerie des Arts", "Total a payer", "ESPECES 250,00"), "TOTAL")).isNotEqualTo("250,00");
    }
}
