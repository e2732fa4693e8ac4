package org.expensetracker.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursors are base64url text a client can forge: whatever decodes must still be a value this API wrote. */
class CursorTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000000");

    @Test
    void givenAnEntryDate_whenEncodedAndDecoded_thenTheDateKeyRoundTrips() {
        LocalDate date = LocalDate.of(2026, 11, 21);
        Cursor decoded = Cursor.decode(Cursor.ofDate(date, ID).encode());
        assertThat(decoded.dateKey()).isEqualTo(date);
        assertThat(decoded.id()).isEqualTo(ID);
    }

    @Test
    void givenTheEdgesOfTheEntryDateRange_whenDecoded_thenTheyAreAccepted() {
        assertThat(Cursor.decode(forged("1|1900-01-01|" + ID)).dateKey()).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(Cursor.decode(forged("1|2999-12-31|" + ID)).dateKey()).isEqualTo(LocalDate.of(2999, 12, 31));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-01-01", "-999999999-01-01", "+10000-01-01", "0001-01-01", "1899-12-31",
            "3000-01-01", "9999-12-31", "2026-02-30", "2026-1-1", "20261121", " 2026-11-21", "2026-11-21 ",
            "2026-11-21T00:00", "1763683200000000", "+2026-11-21", "２０２６-11-21"})
    void givenAForgedCursorWhoseSortKeyIsNoEntryDate_whenReadAsADate_thenCursorIsInvalid(String sortKey) {
        Cursor cursor = Cursor.decode(forged("1|" + sortKey + "|" + ID));
        assertInvalidCursor(() -> cursor.dateKey());
    }

    @Test
    void givenAnInstant_whenEncodedAndDecoded_thenTheInstantKeyRoundTripsToTheMicrosecond() {
        Instant instant = Instant.parse("2026-11-21T10:15:30.123456Z");
        assertThat(Cursor.decode(Cursor.ofInstant(instant, ID).encode()).instantKey()).isEqualTo(instant);
        assertThat(Cursor.decode(forged("1|0|" + ID)).instantKey()).isEqualTo(Instant.EPOCH);
        assertThat(Cursor.decode(forged("1|253402300799999999|" + ID)).instantKey())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-9223372036854775808", "9223372036854775807", "9223372036854775808", "253402300800000000",
            "-1", "+5", "1e6", "1.5", "0x10", " 5", "2026-11-21", "١٢٣", "99999999999999999999999"})
    void givenAForgedCursorWhoseSortKeyIsNoInstant_whenReadAsAnInstant_thenCursorIsInvalid(String sortKey) {
        Cursor cursor = Cursor.decode(forged("1|" + sortKey + "|" + ID));
        assertInvalidCursor(() -> cursor.instantKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1|2026-11-21", "2|2026-11-21|00000000-0000-4000-8000-000000000000",
            "1||00000000-0000-4000-8000-000000000000", "1|2026-11-21|not-a-uuid", "1|2026-11-21|" +
            "00000000-0000-4000-8000-000000000000|x", "1|2026-11-21|{00000000-0000-4000-8000-00000000000}"})
    void givenAForgedCursorOfTheWrongShape_whenDecoded_thenCursorIsInvalid(String raw) {
        assertInvalidCursor(() -> Cursor.decode(forged(raw)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "%%%", "a", "MXwyMDI2LTExLTIxfDAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==="})
    void givenTextThatIsNotBase64Url_whenDecoded_thenCursorIsInvalid(String text) {
        assertInvalidCursor(() -> Cursor.decode(text));
    }

    @Test
    void givenBytesThatAreNotUtf8_whenDecoded_thenCursorIsInvalid() {
        byte[] raw = ("1|2026-11-21|" + ID).getBytes(StandardCharsets.UTF_8);
        raw[3] = (byte) 0xC3;
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertInvalidCursor(() -> Cursor.decode(text).dateKey());
    }

    private static String forged(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalidCursor(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.details()).extracting(FieldError::field).containsExactly("cursor");
        });
    }
}
