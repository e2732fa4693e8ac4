package org.expensetracker.documentsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.document.UploadRequest;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.DocumentJson;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** The document routes: announce an upload, read a document with its download URL, remove it. */
final class DocumentEndpoints {
    private final DocumentService documents;

    DocumentEndpoints(DocumentService documents) {
        this.documents = documents;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "POST /entries/{id}/documents", this::attach,
                "GET /documents/{id}", this::get,
                "DELETE /documents/{id}", this::delete);
    }

    private ApiResponse attach(ApiRequest request) {
        var entryId = request.pathId("id", "Entry");
        ObjectNode body = Json.parseObject(request.jsonBody());
        UploadRequest upload = uploadRequest(body);
        DocumentService.Attached attached = documents.attach(request.owner(), entryId, upload);
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
