package org.expensetracker.core.export;

import java.util.Optional;

/**
 * CSV alone, a ZIP with the CSV and every available receipt under receipts/, or an XLSX workbook
 * with the same columns, typed (dates, numbers, text) and a totals sheet.
 */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    ZIP("zip", "application/zip"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final String apiName;
    private final String contentType;

    ExportFormat(String apiName, String contentType) {
        this.apiName = apiName;
        this.contentType = contentType;
    }

    public String apiName() {
        return apiName;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return apiName;
    }

    public static Optional<ExportFormat> fromApiName(String name) {
        for (ExportFormat format : values()) {
            if (format.apiName.equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
