package org.expensetracker.exportsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.document.ReceiptObjects;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.core.export.ExportJob;
import org.expensetracker.core.export.ExportRequest;
import org.expensetracker.core.export.ExportService;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** The export routes: start a job, watch it, list recent ones. */
final class ExportEndpoints {
    private final ExportService exports;
    private final ReceiptObjects objects;
    private final Clock clock;

    ExportEndpoints(ExportService exports, ReceiptObjects objects, Clock clock) {
        this.exports = exports;
        this.objects = objects;
        this.clock = clock;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "POST /exports", this::start,
                "GET /exports/{id}", this::get,
                "GET /exports", this::recent);
    }

    private ApiResponse start(ApiRequest request) {
        Json.Body parsed = Json.parseBody(request.jsonBody());
        ObjectNode body = parsed.object();
        List<FieldError> errors = new ArrayList<>();
        String id = Json.optionalText(body, "id", errors);
        String format = Json.optionalText(body, "format", errors);
        String layout = Json.optionalText(body, "layout", errors);
        Map<String, String> filters = filters(parsed, errors);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        ExportService.Started started = exports.start(request.owner(), ExportRequest.parse(id, filters, format, layout));
        return ApiResponse.json(started.created() ? 202 : 200, json(started.job()))
                .header("Location", "/exports/" + started.job().id());
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(json(exports.get(request.owner(), request.pathId("id", "Export"))));
    }

    private ApiResponse recent(ApiRequest request) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        exports.recent(request.owner()).forEach(job -> items.add(json(job)));
        return ApiResponse.ok(json);
    }

    /**
     * Filter values may be JSON strings or numbers (amounts); they are validated like query
     * parameters, a number by its literal text (so 1E-2 is refused as "1E-2" is).
     */
    private static Map<String, String> filters(Json.Body body, List<FieldError> errors) {
        JsonNode node = body.object().get("filters");
        Map<String, String> filters = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return filters;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("filters", "must be an object of list filters"));
            return filters;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                filters.put(field.getKey(), value.textValue());
            } else if (value.isNumber()) {
                filters.put(field.getKey(), body.numberText("filters", field.getKey()));
            } else if (!value.isNull()) {
                errors.add(new FieldError("filters." + field.getKey(), "must be a string"));
            }
        }
        return filters;
    }

    private ObjectNode json(ExportJob job) {
        ObjectNode json = Json.object();
        json.put("id", job.id().toString());
        json.put("status", job.status().name());
        json.put("format", job.format().apiName());
        json.put("layout", job.layout().apiName());
        // the name the download is saved under, by the period it holds
        json.put("fileName", job.downloadName(job.format()));
        ObjectNode filters = json.putObject("filters");
        job.filter().toParameters().forEach(filters::put);
        json.put("rowCount", job.rowCount());
        if (job.bytes() != null) {
            json.put("bytes", job.bytes());
        }
        if (job.error() != null) {
            json.put("error", job.error());
        }
        json.put("createdAt", job.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        if (job.finishedAt() != null) {
            json.put("finishedAt", job.finishedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        }
        if (job.expiresAt() != null) {
            json.put("expiresAt", job.expiresAt().truncatedTo(ChronoUnit.MILLIS).toString());
        }
        if (job.downloadable(clock.instant())) {
            json.put("downloadUrl", objects.downloadUrl(job.objectKey(), job.downloadName(job.format()),
                    job.format().contentType()).toString());
        }
        return json;
    }
}
