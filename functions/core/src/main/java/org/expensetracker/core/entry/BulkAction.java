package org.expensetracker.core.entry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;

/**
 * One change to a selection of the user's entries, done in one statement: move them to the trash,
 * bring them back, set their category, add or remove a tag. Entries that are not the user's, or not
 * in the state the action needs, are left out (and not named in the answer).
 */
public record BulkAction(Kind kind, List<UUID> ids, String category, String tag) {
    public static final int MAX_IDS = 200;

    public enum Kind {
        DELETE, RESTORE, SET_CATEGORY, ADD_TAG, REMOVE_TAG
    }

    public BulkAction {
        ids = List.copyOf(ids);
    }

    /** Reads and checks a request, every bad field at once. */
    public static BulkAction parse(String action, List<String> idTexts, String category, String tag) {
        List<FieldError> errors = new ArrayList<>();
        Kind kind = null;
        if (action == null || action.isBlank()) {
            errors.add(new FieldError("action", "is required: delete, restore, setCategory, addTag or removeTag"));
        } else {
            kind = switch (action.strip().toLowerCase(Locale.ROOT)) {
                case "delete" -> Kind.DELETE;
                case "restore" -> Kind.RESTORE;
                case "setcategory" -> Kind.SET_CATEGORY;
                case "addtag" -> Kind.ADD_TAG;
                case "removetag" -> Kind.REMOVE_TAG;
                default -> null;
            };
            if (kind == null) {
                errors.add(new FieldError("action", "must be delete, restore, setCategory, addTag or removeTag"));
            }
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        if (idTexts.isEmpty() || idTexts.size() > MAX_IDS) {
            errors.add(new FieldError("ids", "must name 1 to " + MAX_IDS + " entries"));
        } else {
            for (int i = 0; i < idTexts.size(); i++) {
                var id = EntryValidator.parseUuid(idTexts.get(i));
                if (id.isEmpty()) {
                    errors.add(new FieldError("ids[" + i + "]", "must be an entry id (a UUID)"));
                } else {
                    ids.add(id.get());
                }
            }
        }
        String cleanCategory = null;
        if (kind == Kind.SET_CATEGORY) {
            cleanCategory = EntryValidator.text("category", category == null ? "" : category, EntryFields.MAX_CATEGORY, errors);
        }
        String cleanTag = null;
        if (kind == Kind.ADD_TAG || kind == Kind.REMOVE_TAG) {
            cleanTag = Tags.one("tag", tag, errors);
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new BulkAction(kind, new ArrayList<>(ids), cleanCategory, cleanTag);
    }
}
