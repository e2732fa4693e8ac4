package org.expensetracker.core.entry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;

/**
 * Storage of entries. Every method is scoped by the owner: an entry of another owner behaves
 * exactly like one that does not exist. Implementations answer each call with one round trip to
 * the database where they can.
 */
public interface EntryRepository {

    /**
     * Inserts unless an entry with this id already exists for the owner; either way returns what is
     * stored. The new entry takes the named documents, which must all be the owner's and wait for an
     * entry (or already be in this one, for a retry); if any is not, nothing is inserted and the
     * outcome carries no entry.
     */
    CreateOutcome createIfAbsent(OwnerId owner, UUID id, EntryFields fields, String fingerprint, List<UUID> documentIds);

    /** A live (not trashed) entry. */
    Optional<Entry> find(OwnerId owner, UUID id);

    /** A live entry with its documents (and their object keys), read together. */
    Optional<EntryDetails> findWithDocuments(OwnerId owner, UUID id);

    /** Live entries matching the filter, newest date first (ties by id), after the cursor. */
    Page<Entry> list(OwnerId owner, EntryFilter filter, PageRequest page);

    /** Replaces the fields when the stored version equals {@code expectedVersion}. */
    UpdateOutcome update(OwnerId owner, UUID id, long expectedVersion, EntryFields fields);

    /** Moves a live entry to the trash; false when there is no such live entry. */
    boolean moveToTrash(OwnerId owner, UUID id);

    /** Trashed entries deleted less than {@code retention} ago, most recently deleted first. */
    Page<Entry> trash(OwnerId owner, Duration retention, PageRequest page);

    /** Brings an entry back from the trash if it is still within retention. */
    Optional<Entry> restore(OwnerId owner, UUID id, Duration retention);

    List<String> suggestions(OwnerId owner, SuggestionQuery query);

    /**
     * Applies the action to those of the named entries that are the owner's and in the state it
     * needs (live, or in the trash within {@code retention} for a restore), in one statement; each
     * changed entry gets a new version. Returns the ids changed.
     */
    List<UUID> bulk(OwnerId owner, BulkAction action, Duration retention);

    /**
     * Gives every live entry of category {@code from} (compared case-insensitively) the category
     * {@code to}, in one statement: renames a category, or merges it into another. Returns each changed
     * entry with the category it had, so the rename can be undone exactly (spellings differing in case too).
     */
    List<Renamed> renameCategory(OwnerId owner, String from, String to);

    /** An entry a rename changed, and the category it had before. */
    record Renamed(UUID id, String previousCategory) {
    }

    /**
     * Totals over the filter in one currency (the filter's, else the owner's home currency, else
     * {@code defaultCurrency}) with the groups, the totals of every currency among the filtered
     * entries, and the home-currency totals, in one statement.
     */
    Summary summary(OwnerId owner, EntryFilter filter, String defaultCurrency, GroupBy groupBy);

    /** An entry and its receipts. */
    record EntryDetails(Entry entry, java.util.List<org.expensetracker.core.document.DocumentRepository.StoredDocument> documents) {
        public EntryDetails {
            documents = java.util.List.copyOf(documents);
        }
    }

    /** What {@link #createIfAbsent} found or made; no entry when the documents could not be taken. */
    record CreateOutcome(Entry entry, boolean created, String storedFingerprint) {
    }

    /** Result of a conditional update: the entry is absent, stale (with its current version), or updated. */
    sealed interface UpdateOutcome {
        record Updated(Entry entry) implements UpdateOutcome {
        }

        record Stale(long currentVersion) implements UpdateOutcome {
        }

        record Missing() implements UpdateOutcome {
        }
    }
}
