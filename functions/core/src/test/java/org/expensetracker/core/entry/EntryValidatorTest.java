package org.expensetracker.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryValidatorTest {
    private final EntryValidator validator = new EntryValidator("INR");

    private static EntryInput input(String date, String type, String amount, String currency, String category,
                                    String description) {
        return new EntryInput(null, date, type, amount, currency, category, description);
    }

    @Test
    void givenAValidEntry_whenValidated_thenFieldsAreNormalised() {
        EntryFields fields = validator.validate(input("2026-11-21", "debit", " 1250 ", null, "  Travel ", " Taxi "));

        assertThat(fields.date()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(fields.type()).isEqualTo(EntryType.DEBIT);
        assertThat(fields.amount()).isEqualByComparingTo("1250").hasToString("1250.00");
        assertThat(fields.currency()).isEqualTo("INR");
        assertThat(fields.category()).isEqualTo("Travel");
        assertThat(fields.description()).isEqualTo("Taxi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-5", "1.234", "1e9", "abc", "1234567890123", "", " ", "1,000", "+5", "NaN", "1.", ".5"})
    void givenAnInvalidAmount_whenValidated_thenAmountIsReported(String amount) {
        assertThatThrownBy(() -> validator.validate(input("2026-11-21", "DEBIT", amount, null, "", "")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.details()).extracting(FieldError::field).containsExactly("amount");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01", "999999999999.99", "12.5", "7"})
    void givenABoundaryAmount_whenValidated_thenItIsAccepted(String amount) {
        assertThat(validator.validate(input("2026-11-21", "CREDIT", amount, "eur", "", "")).amount())
                .isEqualByComparingTo(new BigDecimal(amount));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "2026-13-01", "21-11-2026", "2026/11/21", "1899-12-31", "yesterday"})
    void givenAnImpossibleDate_whenValidated_thenDateIsReported(String date) {
        assertThatThrownBy(() -> validator.validate(input(date, "DEBIT", "5", null, "", "")))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.details()).extracting(FieldError::field).containsExactly("date"));
    }

    @Test
    void givenEverythingWrong_whenValidated_thenEveryFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> validator.validate(input(null, "TRANSFER", null, "ABC", "c".repeat(65), "d".repeat(501))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.details())
                        .extracting(FieldError::field)
                        .containsExactly("date", "type", "amount", "currency", "category", "description"));
    }

    @Test
    void givenTextAtTheLimitCountedInCharacters_whenValidated_thenItIsAccepted() {
        String sixtyFourEmoji = "\uD83D\uDE95".repeat(64);
        EntryFields fields = validator.validate(input("2026-11-21", "DEBIT", "5", null, sixtyFourEmoji, "é".repeat(500)));
        assertThat(fields.category()).isEqualTo(sixtyFourEmoji);
    }

    @Test
    void givenAControlCharacter_whenValidated_thenItIsRefusedButNewlinesAndTabsAreKept() {
        assertThatThrownBy(() -> validator.validate(input("2026-11-21", "DEBIT", "5", null, "a\u0000b", "")))
                .isInstanceOf(DomainException.class);
        assertThat(validator.validate(input("2026-11-21", "DEBIT", "5", null, "", "line 1\n\tline 2")).description())
                .isEqualTo("line 1\n\tline 2");
    }

    @Test
    void givenAClientIdThatIsNotAUuid_whenParsed_thenIdIsReported() {
        assertThatThrownBy(() -> EntryValidator.clientId("not-a-uuid"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.details()).extracting(FieldError::field).containsExactly("id"));
    }

    @Test
    void givenTheSameContent_whenFingerprinted_thenDigestsMatchAndDifferOtherwise() {
        EntryFields a = validator.validate(input("2026-11-21", "DEBIT", "5", null, "Food", "Lunch"));
        EntryFields b = validator.validate(input("2026-11-21", "DEBIT", "5.00", "inr", " Food", "Lunch "));
        EntryFields c = validator.validate(input("2026-11-21", "DEBIT", "5.01", null, "Food", "Lunch"));
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }
}
