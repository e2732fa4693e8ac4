package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.document.DocumentRepository;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/**
 * Turns client input into {@link EntryFields}, reporting every invalid field in one error so a form
 * can mark them all at once.
 */
public final class EntryValidator {
    /** Strict ISO dates: 2026-02-30 is an error, not March 2nd. */
    static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

    private final String defaultCurrency;

    public EntryValidator(String defaultCurrency) {
        this.defaultCurrency = validCurrency(defaultCurrency)
                .orElseThrow(() -> new IllegalArgumentException("default currency is not ISO 4217: " + defaultCurrency));
    }

    public String defaultCurrency() {
        return defaultCurrency;
    }

    public EntryFields validate(EntryInput input) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate date = parseDate("date", input.date(), errors);
        EntryType type = parseType("type", input.type(), errors);
        BigDecimal amount = null;
        if (input.amount() == null) {
            errors.add(new FieldError("amount", "is required"));
        } else {
            amount = Amounts.parse(input.amount()).filter(a -> a.signum() > 0).orElse(null);
            if (amount == null) {
                errors.add(new FieldError("amount", Amounts.rule()));
            }
        }
        String currency = defaultCurrency;
        if (input.currency() != null && !input.currency().isBlank()) {
            currency = validCurrency(input.currency()).orElse(null);
            if (currency == null) {
                errors.add(new FieldError("currency", "must be an ISO 4217 currency code such as INR or EUR"));
            }
        }
        String category = text("category", input.category(), EntryFields.MAX_CATEGORY, errors);
        String description = text("description", input.description(), EntryFields.MAX_DESCRIPTION, errors);
        BigDecimal homeAmount = null;
        if (input.homeAmount() != null && !input.homeAmount().isBlank()) {
            homeAmount = Amounts.parse(input.homeAmount()).filter(a -> a.signum() > 0).orElse(null);
            if (homeAmount == null) {
                errors.add(new FieldError("homeAmount", "what the entry cost in your home currency: " + Amounts.rule()));
            }
        }
        List<String> tags = Tags.parse("tags", input.tags(), errors);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new EntryFields(date, type, amount, currency, category, description, homeAmount, tags);
    }

    /**
     * The receipts a new entry takes: distinct UUIDs, at most as many as an entry can hold. Whether
     * each is one of the caller's waiting receipts is for the store to say, in the same statement.
     */
    public static List<UUID> documentIds(List<String> ids) {
        List<FieldError> errors = new ArrayList<>();
        java.util.LinkedHashSet<UUID> parsed = new java.util.LinkedHashSet<>();
        if (ids.size() > DocumentRepository.MAX_PER_ENTRY) {
            throw DomainException.validation("documentIds", "an entry can hold at most "
                    + DocumentRepository.MAX_PER_ENTRY + " receipts");
        }
        for (int i = 0; i < ids.size(); i++) {
            Optional<UUID> id = parseUuid(ids.get(i));
            if (id.isEmpty()) {
                errors.add(new FieldError("documentIds[" + i + "]", "must be a document id (a UUID)"));
            } else if (!parsed.add(id.get())) {
                errors.add(new FieldError("documentIds[" + i + "]", "names the same receipt twice"));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return List.copyOf(parsed);
    }

    /** A client-chosen id makes creates idempotent; it must be a UUID. Absent → a fresh one. */
    public static UUID clientId(String id) {
        if (id == null) {
            return UUID.randomUUID();
        }
        return parseUuid(id).orElseThrow(() -> DomainException.validation("id", "must be a UUID"));
    }

    public static Optional<UUID> parseUuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A date field of another resource, with the entry date's rules. */
    public static LocalDate parseDateField(String field, String text, List<FieldError> errors) {
        return parseDate(field, text, errors);
    }

    static LocalDate parseDate(String field, String text, List<FieldError> errors) {
        if (text == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.strip(), ISO_DATE);
            if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
                errors.add(new FieldError(field, "must be between 1900-01-01 and 2999-12-31"));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a calendar date written YYYY-MM-DD"));
            return null;
        }
    }

    static EntryType parseType(String field, String text, List<FieldError> errors) {
        if (text == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            return EntryType.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be DEBIT or CREDIT"));
            return null;
        }
    }

    public static Optional<String> validCurrency(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String code = text.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code).getCurrencyCode());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String text(String field, String text, int maxLength, List<FieldError> errors) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        if (TextRules.characters(trimmed) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (TextRules.hasForbiddenControlCharacter(trimmed)) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return trimmed;
    }
}
