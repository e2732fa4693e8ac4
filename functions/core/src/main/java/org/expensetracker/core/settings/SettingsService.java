package org.expensetracker.core.settings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/** Reading and changing a user's settings, validated here. */
public final class SettingsService {
    private final SettingsRepository settings;
    private final UserSettings defaults;

    /** @param defaults what a user who saved nothing has (the deployment's currency, January, English) */
    public SettingsService(SettingsRepository settings, UserSettings defaults) {
        this.settings = settings;
        this.defaults = defaults;
    }

    public UserSettings get(OwnerId owner) {
        return settings.find(owner, defaults);
    }

    /**
     * Changes the fields given; every bad one is reported at once and nothing changes. The lock
     * changes only when {@code lockedThroughGiven}: to the date of {@code lockedThrough}, or, when that
     * is null, to nothing closed (moving the lock back is how a filed entry is corrected).
     */
    public UserSettings change(OwnerId owner, String homeCurrency, String fiscalYearStartMonth, String locale,
                               boolean lockedThroughGiven, String lockedThrough) {
        List<FieldError> errors = new ArrayList<>();
        String currency = null;
        if (homeCurrency != null) {
            currency = EntryValidator.validCurrency(homeCurrency).orElse(null);
            if (currency == null) {
                errors.add(new FieldError("homeCurrency", "must be an ISO 4217 currency code such as INR or EUR"));
            }
        }
        Integer month = null;
        if (fiscalYearStartMonth != null) {
            try {
                month = Integer.parseInt(fiscalYearStartMonth.strip());
            } catch (NumberFormatException e) {
                month = null;
            }
            if (month == null || month < 1 || month > 12) {
                errors.add(new FieldError("fiscalYearStartMonth",
                        "must be the month the fiscal year starts, 1 (January) to 12; India's is 4"));
                month = null;
            }
        }
        String tag = null;
        if (locale != null) {
            tag = languageTag(locale);
            if (tag == null) {
                errors.add(new FieldError("locale", "must be a language tag such as en-IN, de-DE or fr"));
            }
        }
        LocalDate locked = null;
        if (lockedThroughGiven && lockedThrough != null) {
            locked = EntryValidator.parseDateField("lockedThrough", lockedThrough, errors);
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return settings.save(owner, new SettingsRepository.SettingsChange(currency, month, tag, lockedThroughGiven, locked),
                defaults);
    }

    /** The tag in its standard form (en-in → en-IN), or null for one that is not a language tag. */
    static String languageTag(String text) {
        String trimmed = text.strip();
        if (trimmed.length() < 2 || trimmed.length() > 35) {
            return null;
        }
        try {
            Locale parsed = new Locale.Builder().setLanguageTag(trimmed).build();
            String tag = parsed.toLanguageTag();
            return parsed.getLanguage().isEmpty() || "und".equals(tag) ? null : tag;
        } catch (IllformedLocaleException e) {
            return null;
        }
    }
}
