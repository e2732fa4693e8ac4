package org.expensetracker.core.rates;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.Amounts;
import org.expensetracker.core.entry.EntryFields;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;

/**
 * Exchange rates for suggesting what a foreign bill cost at home: the ECB's euro reference rates,
 * crossed through the euro (USD→INR = INR per euro ÷ USD per euro).
 */
public final class RatesService {
    /**
     * The ECB publishes on its working days only; the longest gap (Good Friday to Easter Monday, after a
     * Thursday) is four days. A week without a rate means the rates stopped coming, and an old rate is not
     * offered as if it were the day's.
     */
    public static final int MAX_RATE_AGE_DAYS = 7;
    /** Shown with six decimals: enough for a cross rate such as JPY→KWD without pretending more. */
    static final int RATE_SCALE = 6;

    private final RateRepository rates;
    private final String defaultHome;
    private final Clock clock;

    /** @param defaultHome the home currency of a user who saved no settings (the deployment's) */
    public RatesService(RateRepository rates, String defaultHome, Clock clock) {
        this.rates = rates;
        this.defaultHome = defaultHome;
        this.clock = clock;
    }

    /**
     * The rate from {@code from} to {@code to} (null: the owner's home currency) on {@code date} (null:
     * today), and {@code amount} converted when given; every bad parameter is reported at once.
     */
    public Conversion convert(OwnerId owner, String from, String to, String date, String amount) {
        List<FieldError> errors = new ArrayList<>();
        String fromCode = currency("from", from, true, errors);
        String toCode = currency("to", to, false, errors);
        LocalDate day = date == null ? LocalDate.now(clock) : EntryValidator.parseDateField("date", date, errors);
        BigDecimal value = null;
        if (amount != null) {
            value = Amounts.parse(amount).orElse(null);
            if (value == null) {
                errors.add(new FieldError("amount", Amounts.rule()));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        RateRepository.Lookup found = rates.find(owner, fromCode, toCode, defaultHome, day,
                day.minusDays(MAX_RATE_AGE_DAYS));
        if (found.to().equals(fromCode)) {
            return new Conversion(fromCode, fromCode, day, day, BigDecimal.ONE.setScale(RATE_SCALE), value, value);
        }
        if (found.rateDate() == null) {
            throw new DomainException(ErrorCode.NOT_FOUND, "The European Central Bank has no reference rate from "
                    + fromCode + " to " + found.to() + " on " + day + " or in the " + MAX_RATE_AGE_DAYS
                    + " days before it" + (day.isAfter(LocalDate.now(clock)) ? " (a day still to come)." : "."));
        }
        BigDecimal rate = found.toPerEuro().divide(found.fromPerEuro(), MathContext.DECIMAL64);
        BigDecimal converted = value == null ? null
                : value.multiply(found.toPerEuro()).divide(found.fromPerEuro(), MathContext.DECIMAL64)
                        .setScale(EntryFields.SCALE, RoundingMode.HALF_EVEN);
        return new Conversion(fromCode, found.to(), day, found.rateDate(),
                rate.setScale(RATE_SCALE, RoundingMode.HALF_EVEN), value, converted);
    }

    /**
     * Stores a file's rates, with the euro's own rate of 1 on each of its days (so every currency, the
     * euro too, is found the same way); the count of rates written.
     */
    public int store(List<EuroRate> published) {
        Set<LocalDate> days = new LinkedHashSet<>();
        List<EuroRate> all = new ArrayList<>(published.size() + 64);
        for (EuroRate rate : published) {
            if (!rate.currency().equals("EUR")) {
                all.add(rate);
            }
            days.add(rate.date());
        }
        days.forEach(day -> all.add(new EuroRate(day, "EUR", BigDecimal.ONE)));
        return rates.store(all);
    }

    private static String currency(String field, String text, boolean required, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required: an ISO 4217 currency code such as EUR"));
            }
            return null;
        }
        String code = EntryValidator.validCurrency(text).orElse(null);
        if (code == null) {
            errors.add(new FieldError(field, "must be an ISO 4217 currency code such as INR or EUR"));
        }
        return code;
    }
}
