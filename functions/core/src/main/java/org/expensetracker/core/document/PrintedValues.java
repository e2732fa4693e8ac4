package org.expensetracker.core.document;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amounts, dates and currencies as receipts print them, read into values. Textract's AnalyzeExpense
 * answers a field with the text as printed ("₹1,250.00", "21-Nov-2026"); this is where that text
 * becomes {@code 1250.00} and {@code 2026-11-21}.
 */
public final class PrintedValues {
    /** 1,250.00 · 1.250,00 · 1250 · 59.5: the last separator followed by one or two digits starts the cents. */
    static final Pattern AMOUNT = Pattern.compile("(?<![\\d.,])(\\d{1,3}(?:[,.]\\d{3})+|\\d+)(?:([.,])(\\d{1,2}))?(?!\\d)");
    private static final Map<String, String> SYMBOLS = Map.of("₹", "INR", "€", "EUR", "£", "GBP", "$", "USD", "¥", "JPY");
    private static final Pattern CURRENCY = Pattern.compile(
            "(₹|€|£|\\$|¥|\\bRs\\.?(?=\\s*\\d)|\\b(?:INR|EUR|USD|GBP|AUD|CAD|CHF|JPY|SGD|AED)\\b)", Pattern.CASE_INSENSITIVE);
    private static final String MONTHS = "(JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
            + "|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)";
    private static final List<String> MONTH_PREFIXES = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(20\\d\\d)[-/.](\\d{1,2})[-/.](\\d{1,2})\\b");
    private static final Pattern DMY_DATE = Pattern.compile("\\b(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})\\b");
    private static final Pattern D_MON_Y = Pattern.compile("\\b(\\d{1,2})[\\s-]*" + MONTHS + "[\\s,.-]*(\\d{4}|\\d{2})\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MON_D_Y = Pattern.compile("\\b" + MONTHS + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b",
            Pattern.CASE_INSENSITIVE);

    private PrintedValues() {
    }

    /** Every amount in the text, as plain decimals ("1,250.00" → 1250.00, "1.250,00" → 1250.00). */
    public static List<BigDecimal> amounts(String text) {
        List<BigDecimal> found = new ArrayList<>();
        // OCR reads a 0 next to digits as O now and then
        Matcher m = AMOUNT.matcher(text.replaceAll("(?<=\\d)[oO]|[oO](?=\\d)", "0"));
        while (m.find()) {
            String whole = m.group(1).replaceAll("[,.]", "");
            String cents = m.group(3);
            found.add(new BigDecimal(cents == null ? whole : whole + "." + (cents.length() == 1 ? cents + "0" : cents)));
        }
        return found;
    }

    /** The last amount in the text (a label's value is printed after it), with two decimals. */
    public static Optional<BigDecimal> lastAmount(String text) {
        List<BigDecimal> all = amounts(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).setScale(2, java.math.RoundingMode.HALF_UP));
    }

    /** The ISO code of the first currency symbol or code in the text; "Rs" counts only before an amount. */
    public static Optional<String> currency(String text) {
        Matcher m = CURRENCY.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String token = m.group(1);
        String upper = token.toUpperCase(Locale.ROOT);
        return Optional.of(SYMBOLS.getOrDefault(token, upper.startsWith("RS") ? "INR" : upper));
    }

    /** Every currency symbol or code in the text, as ISO codes, in order. */
    public static List<String> currencies(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = CURRENCY.matcher(text);
        while (m.find()) {
            String token = m.group(1);
            String upper = token.toUpperCase(Locale.ROOT);
            found.add(SYMBOLS.getOrDefault(token, upper.startsWith("RS") ? "INR" : upper));
        }
        return found;
    }

    /**
     * The first date in the text: 2026-11-21, 21/11/2026, 21.11.26, 21-Nov-2026, 21 November 2026,
     * Nov 21, 2026. Numeric day/month dates are read day first unless {@code dayFirst} is false (or
     * the first number cannot be a month).
     */
    public static Optional<LocalDate> date(String text, boolean dayFirst) {
        try {
            Matcher m = ISO_DATE.matcher(text);
            if (m.find()) {
                return valid(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            m = MON_D_Y.matcher(text);
            if (m.find()) {
                return valid(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
            }
            m = D_MON_Y.matcher(text);
            if (m.find()) {
                return valid(year(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
            }
            m = DMY_DATE.matcher(text);
            if (m.find()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(2));
                int year = year(m.group(3));
                boolean dayThenMonth = dayFirst ? b <= 12 : a > 12;
                return dayThenMonth ? valid(year, b, a) : valid(year, a, b);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> valid(int year, int month, int day) {
        if (year < 2000 || year > 2100) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int year(String text) {
        int year = Integer.parseInt(text);
        return year < 100 ? 2000 + year : year;
    }

    private static int month(String name) {
        int index = MONTH_PREFIXES.indexOf(name.substring(0, 3).toUpperCase(Locale.ROOT));
        if (index < 0) {
            throw new NumberFormatException(name);
        }
        return index + 1;
    }
}
