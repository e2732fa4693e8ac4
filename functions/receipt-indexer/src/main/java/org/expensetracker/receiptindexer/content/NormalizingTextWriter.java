package org.expensetracker.receiptindexer.content;

import java.io.Writer;

/**
 * A {@link Writer} that keeps normalized text only, bounded: runs of whitespace, control and
 * invisible characters become one space, leading/trailing space is dropped, unpaired surrogates
 * and NUL (which PostgreSQL text cannot hold) never get through, and at most {@code maxChars}
 * characters are kept. Once the bound is reached every further write throws
 * {@link LimitReachedException}, so a producer (e.g. a PDF text stripper) stops early
 * instead of extracting text nobody keeps.
 */
final class NormalizingTextWriter extends Writer {

    /** Thrown when the text bound is reached; cheap (no stack trace). */
    static final class LimitReachedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitReachedException() {
            super("text limit reached", null, false, false);
        }
    }

    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private boolean pendingSpace;
    private char pendingHighSurrogate;
    private boolean truncated;

    NormalizingTextWriter(int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be >= 0");
        }
        this.maxChars = maxChars;
    }

    /** Normalizes {@code value} into at most {@code maxChars} chars. */
    static String normalize(CharSequence value, int maxChars) {
        NormalizingTextWriter writer = new NormalizingTextWriter(maxChars);
        if (value != null) {
            writer.appendQuietly(value);
        }
        return writer.text();
    }

    /** Appends as much of {@code value} as fits, without throwing when the bound is reached. */
    NormalizingTextWriter appendQuietly(CharSequence value) {
        try {
            for (int i = 0; i < value.length(); i++) {
                put(value.charAt(i));
            }
        } catch (LimitReachedException ignored) {
            // bounded: the rest is dropped, truncated() says so
        }
        return this;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(cbuf[i]);
        }
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public void write(String str, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(str.charAt(i));
        }
    }

    @Override
    public void flush() {
        // nothing buffered outside the builder
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** The normalized text so far (never ends with a space). */
    String text() {
        return text.toString();
    }

    /** {@code true} when text was dropped because of the bound. */
    boolean truncated() {
        return truncated;
    }

    private void put(char c) {
        if (truncated) {
            throw new LimitReachedException();
        }
        if (Character.isHighSurrogate(c)) {
            pendingHighSurrogate = c; // a previous unpaired one is dropped
            return;
        }
        if (Character.isLowSurrogate(c)) {
            if (pendingHighSurrogate != 0) {
                char high = pendingHighSurrogate;
                pendingHighSurrogate = 0;
                emit(high, c);
            }
            return; // unpaired low surrogate: dropped
        }
        pendingHighSurrogate = 0;
        if (isSeparator(c)) {
            pendingSpace = text.length() > 0;
            return;
        }
        emit(c, (char) 0);
    }

    private void emit(char first, char second) {
        int needed = (second == 0 ? 1 : 2) + (pendingSpace ? 1 : 0);
        if (text.length() + needed > maxChars) {
            truncated = true;
            throw new LimitReachedException();
        }
        if (pendingSpace) {
            text.append(' ');
            pendingSpace = false;
        }
        text.append(first);
        if (second != 0) {
            text.append(second);
        }
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || Character.isISOControl(c)
                || c == '\u200B' || c == '\u2060' // zero-width space / word joiner (ZWJ, ZWNJ matter in Indic scripts: kept)
                || c == '\uFEFF' // BOM / zero-width no-break space
                || c == '\uFFFE' || c == '\uFFFF'; // non-characters
    }
}
