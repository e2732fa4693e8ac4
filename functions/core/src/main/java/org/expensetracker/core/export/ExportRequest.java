package org.expensetracker.core.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/** What to export: which entries (the list filters), as CSV or ZIP, in which column layout. */
public record ExportRequest(UUID id, EntryFilter filter, ExportFormat format, ExportLayout layout) {
    public ExportRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(layout, "layout");
    }

    /**
     * Validates a request. {@code filters} holds the list filters by their query-parameter names;
     * an unknown filter name is an error rather than silently exporting more than was asked for.
     */
    public static ExportRequest parse(String id, Map<String, String> filters, String format, String layout) {
        List<FieldError> errors = new ArrayList<>();
        UUID exportId = id == null ? UUID.randomUUID() : EntryValidator.parseUuid(id).orElse(null);
        if (exportId == null) {
            errors.add(new FieldError("id", "must be a UUID"));
        }
        for (String name : filters.keySet()) {
            if (!EntryFilter.PARAMETERS.contains(name)) {
                errors.add(new FieldError("filters." + name, "is not a filter; use " + String.join(", ", EntryFilter.PARAMETERS)));
            }
        }
        EntryFilter filter = null;
        try {
            filter = EntryFilter.parse(filters::get);
        } catch (DomainException e) {
            e.details().forEach(d -> errors.add(new FieldError("filters." + d.field(), d.message())));
        }
        ExportFormat exportFormat = format == null ? ExportFormat.CSV : ExportFormat.fromApiName(format).orElse(null);
        if (exportFormat == null) {
            errors.add(new FieldError("format", "must be csv, zip or xlsx"));
        }
        ExportLayout exportLayout = layout == null ? ExportLayout.DEBIT_CREDIT : ExportLayout.fromApiName(layout).orElse(null);
        if (exportLayout == null) {
            errors.add(new FieldError("layout", "must be debitCredit or signed"));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new ExportRequest(exportId, filter, exportFormat, exportLayout);
    }

    /** Identifies the content of the request, so a retried create can be told from a different one. */
    public String fingerprint() {
        String canonical = new TreeMap<>(filter.toParameters()) + "|" + format + "|" + layout;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
