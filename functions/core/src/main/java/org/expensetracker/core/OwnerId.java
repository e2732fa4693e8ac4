package org.expensetracker.core;

import java.util.Objects;
import java.util.Optional;

/** The tenant key: the identity provider's {@code sub} of the signed-in user. Every row carries it. */
public record OwnerId(String value) {
    public static final int MAX_LENGTH = 128;

    public OwnerId {
        Objects.requireNonNull(value, "owner id");
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("owner id must be 1-128 characters");
        }
    }

    /**
     * The owner a token's {@code sub} names, or empty when it cannot be one: blank, longer than
     * 128 characters, or holding what the keys built from it cannot carry (a control character,
     * which PostgreSQL text refuses for NUL, a {@code /}, which would split a receipt's object key,
     * or half of a surrogate pair, which has no UTF-8 form). Cognito's are UUIDs; anything else
     * reaching the API is a token no user could have been issued.
     */
    public static Optional<OwnerId> ofSubject(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < sub.length(); i++) {
            char c = sub.charAt(i);
            if (Character.isISOControl(c) || c == '/') {
                return Optional.empty();
            }
            if (Character.isHighSurrogate(c) && i + 1 < sub.length() && Character.isLowSurrogate(sub.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(new OwnerId(sub));
    }

    @Override
    public String toString() {
        return value;
    }
}
