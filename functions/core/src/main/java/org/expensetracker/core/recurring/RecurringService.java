package org.expensetracker.core.recurring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryFields;
import org.expensetracker.core.entry.EntryInput;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/** Recurring entries: validated here; made by {@link #materialize}, which the maintenance run calls. */
public final class RecurringService {
    /** At most this many entries of one schedule per run (a daily schedule started long ago catches up over runs). */
    static final int MAX_PER_RUN = 400;

    private final RecurringRepository schedules;
    private final EntryValidator validator;

    public RecurringService(RecurringRepository schedules, String defaultCurrency) {
        this.schedules = schedules;
        this.validator = new EntryValidator(defaultCurrency);
    }

    /** The parts of a request, as text; validated together, every bad field at once. */
    public record Input(String id, String frequency, String every, String startDate, String endDate, EntryInput template) {
    }

    public RecurringRepository.Created create(OwnerId owner, Input input) {
        UUID id = EntryValidator.clientId(input.id());
        Parsed parsed = parse(input);
        RecurringRepository.Created created = schedules.createIfAbsent(owner, id, parsed.schedule, parsed.template,
                parsed.fingerprint());
        if (!created.created() && !parsed.fingerprint().equals(created.storedFingerprint())) {
            throw DomainException.conflict("A recurring entry with this id already exists with different content.");
        }
        return created;
    }

    public List<RecurringEntry> list(OwnerId owner) {
        return schedules.list(owner);
    }

    public RecurringEntry get(OwnerId owner, UUID id) {
        return schedules.find(owner, id).orElseThrow(() -> DomainException.notFound("Recurring entry"));
    }

    public RecurringEntry update(OwnerId owner, UUID id, Input input) {
        Parsed parsed = parse(input);
        return schedules.update(owner, id, parsed.schedule, parsed.template)
                .orElseThrow(() -> DomainException.notFound("Recurring entry"));
    }

    public void delete(OwnerId owner, UUID id) {
        if (!schedules.delete(owner, id)) {
            throw DomainException.notFound("Recurring entry");
        }
    }

    /**
     * Makes every entry due up to {@code today}, schedule by schedule, until {@code deadlineMillis}.
     * Any number of runs, overlapping or interrupted, make each entry once. Returns the entries made.
     */
    public long materialize(LocalDate today, long deadlineMillis) {
        long made = 0;
        RecurringRepository.Due after = null;
        while (System.currentTimeMillis() < deadlineMillis) {
            List<RecurringRepository.Due> due = schedules.due(today, after, 200);
            for (RecurringRepository.Due schedule : due) {
                if (System.currentTimeMillis() >= deadlineMillis) {
                    return made;
                }
                List<LocalDate> dates = schedule.entry().schedule()
                        .datesBetween(schedule.entry().materializedThrough(), today, MAX_PER_RUN);
                if (!dates.isEmpty()) {
                    try {
                        made += schedules.materialize(schedule, dates);
                    } catch (RuntimeException e) {
                        // one schedule that cannot be made now (its owner being deleted, a database hiccup)
                        // must not stop the others; the next run tries it again
                        System.getLogger(RecurringService.class.getName())
                                .log(System.Logger.Level.WARNING, "recurring schedule not materialized", e);
                    }
                }
            }
            if (due.size() < 200) {
                break;
            }
            after = due.get(due.size() - 1);
        }
        return made;
    }

    private record Parsed(Schedule schedule, EntryFields template, String fingerprint) {
    }

    private Parsed parse(Input input) {
        List<FieldError> errors = new ArrayList<>();
        Schedule.Frequency frequency = null;
        if (input.frequency() == null || input.frequency().isBlank()) {
            errors.add(new FieldError("schedule.frequency", "is required: DAILY, WEEKLY, MONTHLY or YEARLY"));
        } else {
            try {
                frequency = Schedule.Frequency.valueOf(input.frequency().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("schedule.frequency", "must be DAILY, WEEKLY, MONTHLY or YEARLY"));
            }
        }
        int every = 1;
        if (input.every() != null) {
            try {
                every = Integer.parseInt(input.every().strip());
            } catch (NumberFormatException e) {
                every = 0;
            }
            if (every < 1 || every > 366) {
                errors.add(new FieldError("schedule.interval", "must be a whole number from 1 to 366"));
            }
        }
        LocalDate start = input.startDate() == null ? null : EntryValidator.parseDateField("schedule.startDate", input.startDate(), errors);
        if (input.startDate() == null) {
            errors.add(new FieldError("schedule.startDate", "is required"));
        }
        LocalDate end = input.endDate() == null ? null : EntryValidator.parseDateField("schedule.endDate", input.endDate(), errors);
        if (start != null && end != null && end.isBefore(start)) {
            errors.add(new FieldError("schedule.endDate", "must not be before startDate"));
        }
        EntryFields template = null;
        EntryInput given = input.template() == null ? new EntryInput(null, null, null, null, null, null, null) : input.template();
        try {
            // the template is an entry without its date: validated as one dated on the start
            template = validator.validate(new EntryInput(null, start == null ? "2000-01-01" : start.toString(), given.type(),
                    given.amount(), given.currency(), given.category(), given.description(), List.of(), null, given.tags()));
        } catch (DomainException e) {
            e.details().forEach(detail -> errors.add(new FieldError("template." + detail.field(), detail.message())));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        Schedule schedule = new Schedule(frequency, every, start, end);
        String canonical = String.join("\u001f", frequency.name(), Integer.toString(every), start.toString(),
                end == null ? "" : end.toString(), template.fingerprint());
        return new Parsed(schedule, template, sha256(canonical));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
