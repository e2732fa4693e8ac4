package org.expensetracker.core.settings;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A user's own settings: the currency their totals are counted in, the month their fiscal year
 * starts (India's runs April–March: 4), and how numbers and dates are written for them (a BCP 47
 * language tag such as {@code en-IN}), and the last day of the period they closed ({@code lockedThrough}:
 * entries dated on or before it cannot change; null when nothing is closed).
 */
public record UserSettings(String homeCurrency, int fiscalYearStartMonth, String locale, LocalDate lockedThrough) {
    /** Settings with no period closed. */
    public UserSettings(String homeCurrency, int fiscalYearStartMonth, String locale) {
        this(homeCurrency, fiscalYearStartMonth, locale, null);
    }

    public UserSettings {
        Objects.requireNonNull(homeCurrency, "homeCurrency");
        Objects.requireNonNull(locale, "locale");
        if (!homeCurrency.matches("[A-Z]{3}") || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
            throw new IllegalArgumentException("invalid settings");
        }
    }
}
