package org.expensetracker.core.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract's amounts are plain decimals. The same text rule applies to a JSON string and to
 * the literal of a JSON number, so 1E-2 is refused however it is sent, although it equals 0.01.
 */
class AmountsTest {

    @ParameterizedTest
    @CsvSource({"12.5, 12.50", "1250, 1250.00", "1250.00, 1250.00", "0.01, 0.01", "0, 0.00", "007, 7.00",
            "999999999999.99, 999999999999.99"})
    void givenAPlainDecimal_whenParsed_thenItHasTwoDecimals(String text, String expected) {
        assertThat(Amounts.parse(text)).hasValueSatisfying(amount -> assertThat(amount).hasToString(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2", "1e2", "1E+2", "1.5e1", "12.50E0", "-0", "-0.0", "-5", "+5",
            "0x10", "0X10", "1.", ".5", "1.234", "1234567890123", "1_000", "1,000", "1 000", "12.5.0", "NaN",
            "Infinity", "", " ", "\u0661\u0662", "\uff11\uff12", "1\u00a0", "5d", "5f", "5L"})
    void givenTextThatIsNotAPlainDecimal_whenParsed_thenItIsRefused(String text) {
        assertThat(Amounts.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {" 5", "5 ", "\t5\n"})
    void givenAPlainDecimalWithSurroundingBlanks_whenParsed_thenTheBlanksAreTrimmed(String text) {
        assertThat(Amounts.parse(text)).hasValue(new BigDecimal("5.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-2", "5E0", "100E-2"})
    void givenAnExponentWhoseValueIsAPlainAmount_whenParsed_thenTheTextDecidesNotTheValue(String text) {
        assertThat(new BigDecimal(text).scale()).isGreaterThanOrEqualTo(0);
        assertThat(Amounts.parse(new BigDecimal(text).toPlainString())).isPresent();
        assertThat(Amounts.parse(text)).isEmpty();
    }
}
