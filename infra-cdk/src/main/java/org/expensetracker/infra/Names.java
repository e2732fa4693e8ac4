package org.expensetracker.infra;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Construct ids from catalogue names: {@code receipt-indexer} → {@code ReceiptIndexer}. */
final class Names {

    private Names() {
    }

    static String pascal(String kebab) {
        return Arrays.stream(kebab.split("[-_]"))
                .filter(part -> !part.isEmpty())
                .map(part -> part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
    }
}
