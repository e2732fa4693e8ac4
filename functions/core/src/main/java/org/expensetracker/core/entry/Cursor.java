package org.expensetracker.core.entry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/**
 * A keyset position: the sort key of the last row served and its id (the tie-breaker). Opaque to
 * clients; a cursor that does not decode is a validation error, never a server error.
 *
 * <p>A client can forge a cursor that decodes (it is only base64url), so its sort key is read back
 * only through {@link #dateKey()} or {@link #instantKey()}, which accept exactly what this API
 * writes (an entry date in the range entries may have, an instant in microseconds no earlier than
 * 1970 and before the year 10000) and refuse anything else as an invalid cursor, before it could
 * reach the database as an out-of-range value.
 */
public record Cursor(String sortKey, UUID id) {
    private static final String VERSION = "1";
    private static final Pattern MICROS = Pattern.compile("\\d{1,18}");
    /** The last microsecond of the year 9999 (PostgreSQL goes further; the Data API's timestamp text does not). */
    private static final long MAX_MICROS =
            LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L - 1;

    public Cursor {
        Objects.requireNonNull(sortKey, "sortKey");
        Objects.requireNonNull(id, "id");
        if (sortKey.contains("|")) {
            throw new IllegalArgumentException("sort key must not contain |");
        }
    }

    /** The position of a row ordered by an entry date. */
    public static Cursor ofDate(LocalDate date, UUID id) {
        return new Cursor(date.toString(), id);
    }

    /** The position of a row ordered by an instant (kept to the microsecond, as PostgreSQL does). */
    public static Cursor ofInstant(Instant instant, UUID id) {
        return new Cursor(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant)), id);
    }

    /** The position of a row ordered by an entry date, then by when it was created. */
    public static Cursor ofDateThenInstant(LocalDate date, Instant instant, UUID id) {
        return new Cursor(date + "/" + ChronoUnit.MICROS.between(Instant.EPOCH, instant), id);
    }

    /** A date and an instant, the sort key of {@link #ofDateThenInstant}. */
    public record DateThenInstant(LocalDate date, Instant instant) {
    }

    /** The sort key as a date and an instant; a validation error when it is not one this API could have written. */
    public DateThenInstant dateThenInstantKey() {
        int slash = sortKey.indexOf('/');
        if (slash < 0 || slash != sortKey.lastIndexOf('/')) {
            throw invalid();
        }
        return new DateThenInstant(new Cursor(sortKey.substring(0, slash), id).dateKey(),
                new Cursor(sortKey.substring(slash + 1), id).instantKey());
    }

    /** The sort key as an entry date; a validation error when it is not one this API could have written. */
    public LocalDate dateKey() {
        List<FieldError> errors = new ArrayList<>();
        LocalDate date = sortKey.equals(sortKey.strip()) ? EntryValidator.parseDate("cursor", sortKey, errors) : null;
        if (date == null) {
            throw invalid();
        }
        return date;
    }

    /** The sort key as an instant; a validation error when it is not one this API could have written. */
    public Instant instantKey() {
        if (!MICROS.matcher(sortKey).matches()) {
            throw invalid();
        }
        long micros = Long.parseLong(sortKey);
        if (micros > MAX_MICROS) {
            throw invalid();
        }
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public String encode() {
        String raw = VERSION + "|" + sortKey + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty()) {
                throw invalid();
            }
            return new Cursor(parts[1], EntryValidator.parseUuid(parts[2]).orElseThrow(Cursor::invalid));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static DomainException invalid() {
        return DomainException.validation("cursor", "is not a cursor this API returned");
    }
}
