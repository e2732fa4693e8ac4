package org.expensetracker.core.rates;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One euro reference rate of the European Central Bank: how many units of {@code currency} one euro
 * was worth on {@code date} (the ECB publishes them on its working days, around 16:00 CET).
 */
public record EuroRate(LocalDate date, String currency, BigDecimal perEuro) {
    public EuroRate {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(perEuro, "perEuro");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("not a currency code: " + currency);
        }
        if (perEuro.signum() <= 0) {
            throw new IllegalArgumentException("a rate must be greater than 0: " + perEuro);
        }
    }
}
