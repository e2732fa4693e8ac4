package org.expensetracker.core.entry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.expensetracker.core.error.FieldError;

/**
 * The rules of tags: at most {@link #MAX_TAGS} per entry, each 1 to {@link #MAX_LENGTH} characters
 * after trimming, stored lower-case (so "Trip" and "trip" are one tag), no control characters, no
 * duplicates (a repeated one is dropped), in the order given.
 */
public final class Tags {
    public static final int MAX_TAGS = 10;
    public static final int MAX_LENGTH = 32;

    private Tags() {
    }

    /** The tags in stored form; each bad one adds an error for {@code field[i]}. */
    static List<String> parse(String field, List<String> given, List<FieldError> errors) {
        if (given.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "at most " + MAX_TAGS + " tags"));
            return List.of();
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String tag = one(field + "[" + i + "]", given.get(i), errors);
            if (tag != null) {
                tags.add(tag);
            }
        }
        return List.copyOf(new ArrayList<>(tags));
    }

    /** One tag in stored form, or null with an error. */
    static String one(String field, String text, List<FieldError> errors) {
        String tag = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (tag.isEmpty() || TextRules.characters(tag) > MAX_LENGTH || tag.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must be a tag of 1 to " + MAX_LENGTH + " characters"));
            return null;
        }
        return tag;
    }
}
