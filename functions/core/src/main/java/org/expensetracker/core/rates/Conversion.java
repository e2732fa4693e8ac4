package org.expensetracker.core.rates;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What an amount in {@code from} is worth in {@code to} by the ECB reference rates of {@code rateDate}
 * (the latest on or before {@code date}): a suggestion the user may take, never applied by itself.
 * {@code amount} and {@code converted} are null when no amount was asked about.
 */
public record Conversion(String from, String to, LocalDate date, LocalDate rateDate, BigDecimal rate,
                         BigDecimal amount, BigDecimal converted) {
    /** Where the rates come from, as the answer names it. */
    public static final String SOURCE = "ECB";
}
