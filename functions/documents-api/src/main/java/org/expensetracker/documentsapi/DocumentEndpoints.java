package org.expensetracker.documentsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.document.UploadRequest;
import org.expensetracker.core.entry.Page;
import org.expensetracker.core.entry.PageRequest;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.DocumentJson;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/**
 * The document routes: announce an upload (onto an entry, or captured first into the inbox), list
 * the inbox, read a document with its URLs, remove it.
 */
final class DocumentEndpoints {
    private final DocumentService documents;

    DocumentEndpoints(DocumentService documents) {
        this.documents = documents;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "POST /entries/{id}/documents", this::attach,
                "POST /documents", this::capture,
                "GET /documents", this::unattached,
                "GET /documents/{id}", this::get,
                "DELETE /documents/{id}", this::delete);
    }

    private ApiResponse attach(ApiRequest request) {
        var entryId = request.pathId("id", "Entry");
        UploadRequest upload = uploadRequest(Json.parseObject(request.jsonBody()));
        return announced(documents.attach(request.owner(), entryId, upload));
    }

    /** A receipt photographed before its entry is typed: into the inbox, taken by a later POST /entries. */
    private ApiResponse capture(ApiRequest request) {
        UploadRequest upload = uploadRequest(Json.parseObject(request.jsonBody()));
        return announced(documents.capture(request.owner(), upload));
    }

    private ApiResponse unattached(ApiRequest request) {
        String unattached = request.query("unattached");
        if (!"true".equals(unattached)) {
            // Documents are read through their entries; only the inbox is listed on its own.
            throw DomainException.validation("unattached", "must be true: GET /documents lists the receipts"
                    + " captured first that wait for an entry");
        }
        PageRequest page = PageRequest.parse(request.query("limit"), request.query("cursor"));
        Page<DocumentService.Readable> listed = documents.unattached(request.owner(), page);
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        listed.items().forEach(readable -> items.add(DocumentJson.of(readable.document(), readable.links())));
        json.put("nextCursor", listed.nextCursor());
        return ApiResponse.ok(json);
    }

    private static ApiResponse announced(DocumentService.Attached attached) {
        ObjectNode json = Json.object();
        json.set("document", DocumentJson.of(attached.document(), DocumentService.Links.NONE));
        if (attached.upload() != null) {
            ObjectNode url = json.putObject("upload");
            url.put("url", attached.upload().url().toString());
            url.put("method", attached.upload().method());
            ObjectNode headers = url.putObject("headers");
            attached.upload().headers().forEach(headers::put);
            url.put("expiresAt", attached.upload().expiresAt().toString());
        }
        return ApiResponse.json(attached.created() ? 201 : 200, json)
                .header("Location", "/documents/" + attached.document().id());
    }

    private ApiResponse get(ApiRequest request) {
        DocumentService.Readable readable = documents.get(request.owner(), request.pathId("id", "Document"));
        return ApiResponse.ok(DocumentJson.of(readable.document(), readable.links()));
    }

    private ApiResponse delete(ApiRequest request) {
        documents.delete(request.owner(), request.pathId("id", "Document"));
        return ApiResponse.noContent();
    }

    /** Type errors (a number for a name, …) are field errors; the rules themselves live in UploadRequest. */
    private static UploadRequest uploadRequest(ObjectNode body) {
        List<FieldError> errors = new ArrayList<>();
        String id = Json.optionalText(body, "id", errors);
        String fileName = Json.optionalText(body, "fileName", errors);
        String contentType = Json.optionalText(body, "contentType", errors);
        String sha256 = Json.optionalText(body, "sha256", errors);
        Long size = null;
        JsonNode sizeNode = body.get("sizeBytes");
        if (sizeNode != null && !sizeNode.isNull()) {
            if (sizeNode.canConvertToExactIntegral() && sizeNode.canConvertToLong()) {
                size = sizeNode.longValue();
            } else {
                errors.add(new FieldError("sizeBytes", "must be a whole number of bytes"));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return UploadRequest.parse(id, fileName, contentType, size, sha256);
    }

}
