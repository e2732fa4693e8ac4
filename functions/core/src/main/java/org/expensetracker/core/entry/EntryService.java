package org.expensetracker.core.entry;

import java.util.List;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.error.DomainException;

/** The entry use cases. Validation and the rules of idempotency and versioning live here. */
public final class EntryService {
    private final EntryRepository entries;
    private final EntryValidator validator;
    private final EntrySettings settings;

    public EntryService(EntryRepository entries, EntrySettings settings) {
        this.entries = entries;
        this.settings = settings;
        this.validator = new EntryValidator(settings.defaultCurrency());
    }

    /**
     * Creates an entry. Repeating the request with the same client id returns the entry made the
     * first time (a phone retrying on a bad network makes no duplicate); reusing the id for other
     * content is a conflict. Receipts captured first that the input names move into the new entry in
     * the same statement, all or none.
     */
    public Created create(OwnerId owner, EntryInput input) {
        UUID id = EntryValidator.clientId(input.id());
        EntryFields fields = validator.validate(input);
        List<UUID> documentIds = EntryValidator.documentIds(input.documentIds());
        String fingerprint = fields.fingerprint(documentIds);
        EntryRepository.CreateOutcome outcome = entries.createIfAbsent(owner, id, fields, fingerprint, documentIds);
        if (outcome.entry() == null) {
            // Another user's document, one already in an entry, or none at all: told apart from nothing,
            // so an id says nothing about whether it exists for someone else.
            throw DomainException.validation("documentIds",
                    "must name your own receipts that wait for an entry (captured first, not yet in an entry)");
        }
        if (!outcome.created() && !fingerprint.equals(outcome.storedFingerprint())) {
            throw DomainException.conflict("An entry with this id already exists with different content.");
        }
        return new Created(outcome.entry(), outcome.created());
    }

    public Entry get(OwnerId owner, UUID id) {
        return entries.find(owner, id).orElseThrow(EntryService::notFound);
    }

    public EntryRepository.EntryDetails getWithDocuments(OwnerId owner, UUID id) {
        return entries.findWithDocuments(owner, id).orElseThrow(EntryService::notFound);
    }

    public Page<Entry> list(OwnerId owner, EntryFilter filter, PageRequest page) {
        return entries.list(owner, filter, page);
    }

    public Entry update(OwnerId owner, UUID id, long expectedVersion, EntryInput input) {
        if (!input.documentIds().isEmpty()) {
            throw DomainException.validation("documentIds", "is only read when an entry is created; add a receipt"
                    + " to an existing entry with POST /entries/{id}/documents");
        }
        EntryFields fields = validator.validate(input);
        EntryRepository.UpdateOutcome outcome = entries.update(owner, id, expectedVersion, fields);
        if (outcome instanceof EntryRepository.UpdateOutcome.Updated updated) {
            return updated.entry();
        }
        if (outcome instanceof EntryRepository.UpdateOutcome.Stale stale) {
            throw DomainException.preconditionFailed("The entry was changed since you read it (now at version "
                    + stale.currentVersion() + "); reload it and try again.");
        }
        throw notFound();
    }

    public void moveToTrash(OwnerId owner, UUID id) {
        if (!entries.moveToTrash(owner, id)) {
            throw notFound();
        }
    }

    public Page<Entry> trash(OwnerId owner, PageRequest page) {
        return entries.trash(owner, settings.trashRetention(), page);
    }

    public Entry restore(OwnerId owner, UUID id) {
        return entries.restore(owner, id, settings.trashRetention()).orElseThrow(EntryService::notFound);
    }

    public List<String> suggestions(OwnerId owner, SuggestionQuery query) {
        return entries.suggestions(owner, query);
    }

    /** Sums never mix currencies: without a currency filter the deployment's default is summed. */
    public Summary summary(OwnerId owner, EntryFilter filter, GroupBy groupBy) {
        return entries.summary(owner, filter, validator.defaultCurrency(), groupBy);
    }

    /** One change to a selection of entries, in one statement; the ids that changed. */
    public List<UUID> bulk(OwnerId owner, BulkAction action) {
        return entries.bulk(owner, action, settings.trashRetention());
    }

    /** Renames a category across all live entries (or merges it into another); what changed, with what it was. */
    public List<EntryRepository.Renamed> renameCategory(OwnerId owner, String fromText, String toText) {
        List<org.expensetracker.core.error.FieldError> errors = new java.util.ArrayList<>();
        String from = EntryValidator.text("from", fromText == null ? "" : fromText, EntryFields.MAX_CATEGORY, errors);
        String to = EntryValidator.text("to", toText == null ? "" : toText, EntryFields.MAX_CATEGORY, errors);
        if (errors.isEmpty() && (from == null || from.isEmpty())) {
            errors.add(new org.expensetracker.core.error.FieldError("from", "is required: the category to rename"));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return entries.renameCategory(owner, from, to);
    }

    public String defaultCurrency() {
        return validator.defaultCurrency();
    }

    private static DomainException notFound() {
        return DomainException.notFound("Entry");
    }

    /** The entry and whether this request made it (false for a repeated create). */
    public record Created(Entry entry, boolean created) {
    }
}
