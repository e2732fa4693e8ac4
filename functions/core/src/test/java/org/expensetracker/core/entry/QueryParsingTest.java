package org.expensetracker.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParsingTest {

    @Test
    void givenAllFilters_whenParsed_thenEachIsTyped() {
        Map<String, String> query = Map.of("from", "2026-01-01", "to", "2026-12-31", "q", " Taxi ",
                "category", "Travel", "type", "credit", "minAmount", "10", "maxAmount", "99.5", "currency", "usd");
        EntryFilter filter = EntryFilter.parse(query::get);
        assertThat(filter.from()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(filter.text()).isEqualTo("Taxi");
        assertThat(filter.type()).isEqualTo(EntryType.CREDIT);
        assertThat(filter.maxAmount()).isEqualByComparingTo("99.50");
        assertThat(filter.currency()).isEqualTo("USD");
    }

    @Test
    void givenContradictoryRanges_whenParsed_thenBothAreReported() {
        Map<String, String> query = Map.of("from", "2026-12-31", "to", "2026-01-01", "minAmount", "10", "maxAmount", "5");
        assertThatThrownBy(() -> EntryFilter.parse(query::get))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.details())
                        .extracting(FieldError::field).containsExactly("to", "maxAmount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "500", "-1", "ten", "1.5"})
    void givenALimitOutOfRange_whenParsed_thenLimitIsReported(String limit) {
        assertThatThrownBy(() -> PageRequest.parse(limit, null))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.details()).extracting(FieldError::field).containsExactly("limit"));
    }

    @Test
    void givenNoLimit_whenParsed_thenTheDefaultApplies() {
        assertThat(PageRequest.parse(null, null).limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
        assertThat(PageRequest.parse("200", "").limit()).isEqualTo(200);
    }

    @Test
    void givenACursor_whenEncodedAndDecoded_thenItRoundTrips() {
        Cursor cursor = new Cursor("2026-11-21", UUID.randomUUID());
        assertThat(PageRequest.parse("5", cursor.encode()).after()).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "!!!", "MXwyMDI2LTExLTIx", "eyJhIjoxfQ"})
    void givenABadCursor_whenParsed_thenCursorIsReported(String cursor) {
        assertThatThrownBy(() -> PageRequest.parse(null, cursor))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.details()).extracting(FieldError::field).containsExactly("cursor"));
    }

    @Test
    void givenSuggestionParameters_whenParsed_thenFieldIsRequiredAndLimitBounded() {
        assertThat(SuggestionQuery.parse("Category", "tr", null))
                .isEqualTo(new SuggestionQuery(SuggestionQuery.Field.CATEGORY, "tr", 10));
        assertThatThrownBy(() -> SuggestionQuery.parse(null, "", "0"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.details())
                        .extracting(FieldError::field).containsExactly("field", "limit"));
    }
}
