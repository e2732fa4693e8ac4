package org.expensetracker.entries;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.entry.BulkAction;
import org.expensetracker.core.entry.Entry;
import org.expensetracker.core.entry.EntryFilter;
import org.expensetracker.core.entry.EntryRepository;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.entry.GroupBy;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.core.entry.SuggestionQuery;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.DocumentJson;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** The entry routes: request → use case → response, nothing more. */
final class EntryEndpoints {
    private final EntryService entries;
    private final DocumentService documents;

    EntryEndpoints(EntryService entries, DocumentService documents) {
        this.entries = entries;
        this.documents = documents;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.ofEntries(
                Map.entry("POST /entries", (Endpoint) this::create),
                Map.entry("GET /entries", (Endpoint) this::list),
                Map.entry("GET /entries/{id}", (Endpoint) this::get),
                Map.entry("PUT /entries/{id}", (Endpoint) this::update),
                Map.entry("DELETE /entries/{id}", (Endpoint) this::delete),
                Map.entry("GET /trash", (Endpoint) this::trash),
                Map.entry("POST /entries/{id}/restore", (Endpoint) this::restore),
                Map.entry("GET /suggestions", (Endpoint) this::suggestions),
                Map.entry("GET /summary", (Endpoint) this::summary),
                Map.entry("POST /entries/bulk", (Endpoint) this::bulk),
                Map.entry("POST /categories/rename", (Endpoint) this::renameCategory));
    }

    private ApiResponse create(ApiRequest request) {
        var input = EntryJson.input(Json.parseBody(request.jsonBody()));
        EntryService.Created created = entries.create(request.owner(), input);
        // A repeated create answers 200 with the entry made the first time.
        return withEtag(ApiResponse.json(created.created() ? 201 : 200, EntryJson.entry(created.entry())), created.entry())
                .header("Location", "/entries/" + created.entry().id());
    }

    private ApiResponse get(ApiRequest request) {
        var details = entries.getWithDocuments(request.owner(), request.pathId("id", "Entry"));
        ObjectNode json = EntryJson.entry(details.entry());
        ArrayNode list = json.putArray("documents");
        // Signing a URL is local computation: the entry and its documents still cost one Data API call.
        details.documents().forEach(stored -> list.add(DocumentJson.of(stored.document(),
                documents.links(stored.document(), stored.objectKey()))));
        return withEtag(ApiResponse.ok(json), details.entry());
    }

    private ApiResponse list(ApiRequest request) {
        EntryFilter filter = EntryFilter.parse(request::query);
        PageRequest page = PageRequest.parse(request.query("limit"), request.query("cursor"));
        return ApiResponse.ok(page(entries.list(request.owner(), filter, page)));
    }

    private ApiResponse update(ApiRequest request) {
        UUID id = request.pathId("id", "Entry");
        long expectedVersion = IfMatch.version(request.header("if-match"));
        var input = EntryJson.input(Json.parseBody(request.jsonBody()));
        Entry updated = entries.update(request.owner(), id, expectedVersion, input);
        return withEtag(ApiResponse.ok(EntryJson.entry(updated)), updated);
    }

    private ApiResponse delete(ApiRequest request) {
        entries.moveToTrash(request.owner(), request.pathId("id", "Entry"));
        return ApiResponse.noContent();
    }

    private ApiResponse trash(ApiRequest request) {
        PageRequest page = PageRequest.parse(request.query("limit"), request.query("cursor"));
        return ApiResponse.ok(page(entries.trash(request.owner(), page)));
    }

    private ApiResponse restore(ApiRequest request) {
        Entry restored = entries.restore(request.owner(), request.pathId("id", "Entry"));
        return withEtag(ApiResponse.ok(EntryJson.entry(restored)), restored);
    }

    /** {"action","ids":[…],"category"|"tag"} → {"action","count","ids":[the ones changed]}. */
    private ApiResponse bulk(ApiRequest request) {
        ObjectNode body = Json.parseObject(request.jsonBody());
        List<FieldError> errors = new ArrayList<>();
        String action = Json.optionalText(body, "action", errors);
        String category = Json.optionalText(body, "category", errors);
        String tag = Json.optionalText(body, "tag", errors);
        List<String> ids = Json.optionalTextArray(body, "ids", "ids", "entry ids", errors);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        BulkAction parsed = BulkAction.parse(action, ids, category, tag);
        return ApiResponse.ok(changed(json -> json.put("action", action.strip()), entries.bulk(request.owner(), parsed)));
    }

    /**
     * {"from","to"} → {"count","ids","previous":[{"category","ids"}]}: every live entry of category {@code from}
     * (any case) now has {@code to}; {@code previous} groups the ids by the category each had, for an undo
     * (one setCategory bulk action per group).
     */
    private ApiResponse renameCategory(ApiRequest request) {
        ObjectNode body = Json.parseObject(request.jsonBody());
        List<FieldError> errors = new ArrayList<>();
        String from = Json.optionalText(body, "from", errors);
        String to = Json.optionalText(body, "to", errors);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        List<EntryRepository.Renamed> renamed = entries.renameCategory(request.owner(), from, to);
        ObjectNode json = changed(head -> { }, renamed.stream().map(EntryRepository.Renamed::id).toList());
        Map<String, List<UUID>> byPrevious = new java.util.TreeMap<>();
        renamed.forEach(entry -> byPrevious.computeIfAbsent(entry.previousCategory(), k -> new ArrayList<>()).add(entry.id()));
        ArrayNode previous = json.putArray("previous");
        byPrevious.forEach((category, ids) -> {
            ObjectNode group = previous.addObject();
            group.put("category", category);
            ArrayNode list = group.putArray("ids");
            ids.forEach(id -> list.add(id.toString()));
        });
        return ApiResponse.ok(json);
    }

    private static ObjectNode changed(java.util.function.Consumer<ObjectNode> head, List<UUID> ids) {
        ObjectNode json = Json.object();
        head.accept(json);
        json.put("count", ids.size());
        ArrayNode list = json.putArray("ids");
        ids.forEach(id -> list.add(id.toString()));
        return json;
    }

    private ApiResponse suggestions(ApiRequest request) {
        SuggestionQuery query = SuggestionQuery.parse(request.query("field"), request.query("prefix"),
                request.query("limit"));
        ObjectNode json = Json.object();
        ArrayNode values = json.putArray("suggestions");
        entries.suggestions(request.owner(), query).forEach(values::add);
        return ApiResponse.ok(json);
    }

    private ApiResponse summary(ApiRequest request) {
        EntryFilter filter = EntryFilter.parse(request::query);
        GroupBy groupBy = GroupBy.parse(request.query("groupBy"));
        return ApiResponse.ok(EntryJson.summary(entries.summary(request.owner(), filter, groupBy)));
    }

    private static ObjectNode page(Page<Entry> page) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        page.items().forEach(entry -> items.add(EntryJson.entry(entry)));
        json.put("nextCursor", page.nextCursor());
        if (page.suggestion() != null) {
            json.put("suggestion", page.suggestion()); // "did you mean", for a search that found nothing
        }
        return json;
    }

    private static ApiResponse withEtag(ApiResponse response, Entry entry) {
        return response.header("ETag", IfMatch.etag(entry.version()));
    }

    /** Optimistic concurrency over the entry version: ETag {@code "3"}, If-Match {@code "3"}. */
    static final class IfMatch {
        private IfMatch() {
        }

        static String etag(long version) {
            return "\"" + version + "\"";
        }

        static long version(String header) {
            if (header == null || header.isBlank()) {
                throw DomainException.preconditionFailed(
                        "Send If-Match with the entry's ETag so a newer change is not overwritten.");
            }
            String value = header.strip();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            value = value.replace("\"", "");
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw DomainException.preconditionFailed("If-Match must be an ETag this API returned.");
            }
        }
    }
}
