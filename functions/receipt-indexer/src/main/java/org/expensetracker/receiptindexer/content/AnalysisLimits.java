package org.expensetracker.receiptindexer.content;

/**
 * Bounds of one analysis.
 *
 * @param maxTextChars most characters of normalized text kept (default 100 000)
 * @param maxPdfPages  most PDF pages whose text is extracted (default 50)
 * @param maxBytes     largest accepted content in bytes (default 20 MiB); reading stops at one byte more
 */
public record AnalysisLimits(int maxTextChars, int maxPdfPages, long maxBytes) {

    public static final int DEFAULT_MAX_TEXT_CHARS = 100_000;
    public static final int DEFAULT_MAX_PDF_PAGES = 50;
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    public static final AnalysisLimits DEFAULTS =
            new AnalysisLimits(DEFAULT_MAX_TEXT_CHARS, DEFAULT_MAX_PDF_PAGES, DEFAULT_MAX_BYTES);

    public AnalysisLimits {
        if (maxTextChars < 0) {
            throw new IllegalArgumentException("maxTextChars must be >= 0");
        }
        if (maxPdfPages < 1) {
            throw new IllegalArgumentException("maxPdfPages must be >= 1");
        }
        if (maxBytes < 1 || maxBytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1 and Long.MAX_VALUE - 1");
        }
    }

    public static AnalysisLimits defaults() {
        return DEFAULTS;
    }
}
