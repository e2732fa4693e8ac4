package org.expensetracker.bench.receipts;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Whether a reading got a field right. Total: the same decimal (1250.00 = 1250.0). Date: the same
 * day. Currency: the same ISO code. Merchant: the same name once case, spaces, punctuation and
 * accents are set aside ("CAFE SAINT-MICHEL" is "Café Saint-Michel"), or the read name holds the
 * true one ("Blue Cab Co. Koramangala" for "Blue Cab Co."); a longer truth is not found in a shorter reading.
 */
final class Scoring {
    private Scoring() {
    }

    static boolean total(BigDecimal truth, String read) {
        if (read == null) {
            return false;
        }
        try {
            return new BigDecimal(read).compareTo(truth) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean date(LocalDate truth, String read) {
        return read != null && read.equals(truth.toString());
    }

    static boolean currency(String truth, String read) {
        return truth.equals(read);
    }

    static boolean merchant(String truth, String read) {
        if (read == null) {
            return false;
        }
        String t = name(truth);
        String r = name(read);
        return !r.isEmpty() && (r.equals(t) || r.contains(t));
    }

    /** Lower case letters and digits only, accents taken off. */
    static String name(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
