package org.expensetracker.core.entry;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses money amounts as the contract writes them: plain digits, at most 2 decimals, no exponent. */
public final class Amounts {
    private static final Pattern PLAIN = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");

    private Amounts() {
    }

    /** The amount, or empty when the text is not a plain decimal with at most 12+2 digits. */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (!PLAIN.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(trimmed).setScale(EntryFields.SCALE));
    }

    /** The explanation shown next to a refused amount. */
    public static String rule() {
        return "must be a decimal number greater than 0 with at most 12 integer digits and 2 decimals, e.g. \"1250.00\"";
    }
}
