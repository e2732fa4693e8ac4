package org.expensetracker.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintedValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "₹1,250.00|1250.00", "$17.25|17.25", "23,40 €|23.40", "1.250,00|1250.00", "Rs. 410|410.00",
            "TOTAL 59.5|59.50", "12,345,678.90|12345678.90", "1O5.00|105.00"})
    void givenAnAmountAsPrinted_whenRead_thenItIsTheValue(String printed, String expected) {
        assertThat(PrintedValues.lastAmount(printed)).contains(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "21/11/2026|true|2026-11-21", "2026-11-21|true|2026-11-21", "21-Nov-2026|true|2026-11-21",
            "Nov 21, 2026|true|2026-11-21", "21 November 2026|true|2026-11-21", "21.11.26|true|2026-11-21",
            "11/21/2026|false|2026-11-21", "11/21/2026|true|2026-11-21", "03/04/2026|false|2026-03-04",
            "03/04/2026|true|2026-04-03"})
    void givenADateAsPrinted_whenRead_thenItIsTheDay(String printed, boolean dayFirst, String expected) {
        assertThat(PrintedValues.date(printed, dayFirst)).contains(LocalDate.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"31/02/2026", "99/99/9999", "Table 12", "1999-01-01"})
    void givenTextThatIsNoDate_whenRead_thenThereIsNone(String printed) {
        assertThat(PrintedValues.date(printed, true)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"₹ 12|INR", "€3|EUR", "£3|GBP", "$3|USD", "Rs 40|INR", "total INR 40|INR", "CHF 3|CHF"})
    void givenACurrencyAsPrinted_whenRead_thenItIsTheIsoCode(String printed, String code) {
        assertThat(PrintedValues.currency(printed)).contains(code);
    }
}
