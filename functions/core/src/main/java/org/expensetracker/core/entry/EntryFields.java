package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The user-editable part of an entry, already valid. Input from the outside world goes through
 * {@link EntryValidator}, which reports every bad field at once; this constructor only guards the
 * invariants so no code path can build an invalid value.
 */
public record EntryFields(
        LocalDate date,
        EntryType type,
        BigDecimal amount,
        String currency,
        String category,
        String description,
        BigDecimal homeAmount,
        java.util.List<String> tags) {

    public static final int MAX_CATEGORY = 64;
    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_INTEGER_DIGITS = 12;
    public static final int SCALE = 2;

    public EntryFields {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(description, "description");
        if (amount.signum() <= 0 || amount.scale() > SCALE
                || amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount out of range: " + amount);
        }
        amount = amount.setScale(SCALE);
        tags = tags == null ? java.util.List.of() : java.util.List.copyOf(tags);
        if (tags.size() > Tags.MAX_TAGS) {
            throw new IllegalArgumentException("too many tags");
        }
        if (homeAmount != null) {
            if (homeAmount.signum() <= 0 || homeAmount.scale() > SCALE
                    || homeAmount.precision() - homeAmount.scale() > MAX_INTEGER_DIGITS) {
                throw new IllegalArgumentException("home amount out of range: " + homeAmount);
            }
            homeAmount = homeAmount.setScale(SCALE);
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
        if (TextRules.characters(category) > MAX_CATEGORY || TextRules.characters(description) > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("text too long");
        }
    }

    /** Without a home amount (an entry in the home currency, or one whose cost there is not known). */
    public EntryFields(LocalDate date, EntryType type, BigDecimal amount, String currency, String category,
                       String description) {
        this(date, type, amount, currency, category, description, null, java.util.List.of());
    }

    /**
     * A digest of the content, stored with the entry at creation so a retried create (same client
     * id) can be told apart from a different request that reuses the id.
     */
    public String fingerprint() {
        return fingerprint(java.util.List.of());
    }

    /** The fingerprint of creating this entry with these receipts (unchanged from the plain one without). */
    public String fingerprint(java.util.List<java.util.UUID> documentIds) {
        String canonical = String.join("\u001f", date.toString(), type.name(), amount.toPlainString(),
                currency, category, description);
        if (homeAmount != null) {
            canonical += "\u001dhome=" + homeAmount.toPlainString();
        }
        if (!tags.isEmpty()) {
            canonical += "\u001dtags=" + String.join(",", tags);
        }
        if (!documentIds.isEmpty()) {
            canonical += "\u001e" + String.join(",", documentIds.stream().map(java.util.UUID::toString).sorted().toList());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
