package org.expensetracker.core.entry;

/** Rules shared by every free-text field a user types. */
final class TextRules {
    private TextRules() {
    }

    /** Length as a person (and PostgreSQL's char_length) counts it: code points, not UTF-16 units. */
    static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Tabs and line breaks are legitimate in a description; other control characters (NUL above
     * all, which PostgreSQL text cannot hold) are not.
     */
    static boolean hasForbiddenControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
