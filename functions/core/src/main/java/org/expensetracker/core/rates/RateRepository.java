package org.expensetracker.core.rates;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.expensetracker.core.OwnerId;

/** Where the reference rates are kept: shared by every user (they are public figures), read per request. */
public interface RateRepository {
    /** Stores the rates (a day's rate already there is replaced: the ECB corrects rarely, but it does); the count written. */
    int store(List<EuroRate> rates);

    /**
     * The two currencies' rates of the latest day on or before {@code date} and not before {@code earliest}
     * on which both were published, in one read. {@code to} null means the owner's home currency (their
     * settings, else {@code defaultHome}).
     */
    Lookup find(OwnerId owner, String from, String to, String defaultHome, LocalDate date, LocalDate earliest);

    /** {@code to} resolved; the rest null when no day in the window has both rates. */
    record Lookup(String to, LocalDate rateDate, BigDecimal fromPerEuro, BigDecimal toPerEuro) {
    }
}
