package org.expensetracker.core;

import java.util.Objects;

/** The tenant key: the identity provider's {@code sub} of the signed-in user. Every row carries it. */
public record OwnerId(String value) {
    public OwnerId {
        Objects.requireNonNull(value, "owner id");
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("owner id must be 1-128 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
