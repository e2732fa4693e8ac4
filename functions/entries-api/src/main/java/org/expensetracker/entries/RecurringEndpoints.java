package org.expensetracker.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.entry.EntryInput;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.core.recurring.RecurringEntry;
import org.expensetracker.core.recurring.RecurringRepository;
import org.expensetracker.core.recurring.RecurringService;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** Recurring entries: POST|GET /recurring, GET|PUT|DELETE /recurring/{id}. */
final class RecurringEndpoints {
    private final RecurringService recurring;

    RecurringEndpoints(RecurringService recurring) {
        this.recurring = recurring;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "POST /recurring", this::create,
                "GET /recurring", this::list,
                "GET /recurring/{id}", request -> ApiResponse.ok(json(recurring.get(request.owner(),
                        request.pathId("id", "Recurring entry")))),
                "PUT /recurring/{id}", this::update,
                "DELETE /recurring/{id}", request -> {
                    recurring.delete(request.owner(), request.pathId("id", "Recurring entry"));
                    return ApiResponse.noContent();
                });
    }

    private ApiResponse create(ApiRequest request) {
        RecurringRepository.Created created = recurring.create(request.owner(), input(request));
        return ApiResponse.json(created.created() ? 201 : 200, json(created.entry()))
                .header("Location", "/recurring/" + created.entry().id());
    }

    private ApiResponse list(ApiRequest request) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        recurring.list(request.owner()).forEach(entry -> items.add(json(entry)));
        return ApiResponse.ok(json);
    }

    private ApiResponse update(ApiRequest request) {
        var id = request.pathId("id", "Recurring entry");
        return ApiResponse.ok(json(recurring.update(request.owner(), id, input(request))));
    }

    private static RecurringService.Input input(ApiRequest request) {
        Json.Body parsed = Json.parseBody(request.jsonBody());
        ObjectNode body = parsed.object();
        List<FieldError> errors = new ArrayList<>();
        String id = Json.optionalText(body, "id", errors);
        JsonNode schedule = body.path("schedule");
        JsonNode template = body.path("template");
        if (!schedule.isObject()) {
            errors.add(new FieldError("schedule", "is required: {frequency, interval, startDate, endDate}"));
        }
        if (!template.isObject()) {
            errors.add(new FieldError("template", "is required: {type, amount, currency, category, description, tags}"));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        String frequency = text(schedule, "frequency", "schedule.", errors);
        String startDate = text(schedule, "startDate", "schedule.", errors);
        String endDate = text(schedule, "endDate", "schedule.", errors);
        String every = null;
        JsonNode interval = schedule.get("interval");
        if (interval != null && !interval.isNull()) {
            every = interval.canConvertToExactIntegral() ? Long.toString(interval.longValue()) : "x";
        }
        String amount = null;
        JsonNode amountNode = template.get("amount");
        if (amountNode != null && !amountNode.isNull()) {
            amount = amountNode.isTextual() || amountNode.isNumber() ? amountNode.asText() : null;
            if (amount == null) {
                errors.add(new FieldError("template.amount", "must be a string or a number"));
            } else if (amountNode.isNumber()) {
                amount = parsed.numberText("template", "amount");
            }
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagsNode = template.get("tags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isArray()) {
                errors.add(new FieldError("template.tags", "must be an array of strings"));
            } else {
                tagsNode.forEach(tag -> tags.add(tag.isTextual() ? tag.textValue() : null));
            }
        }
        EntryInput entry = new EntryInput(null, null, text(template, "type", "template.", errors), amount,
                text(template, "currency", "template.", errors), text(template, "category", "template.", errors),
                text(template, "description", "template.", errors), List.of(), null, tags);
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new RecurringService.Input(id, frequency, every, startDate, endDate, entry);
    }

    private static String text(JsonNode node, String field, String prefix, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(prefix + field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    static ObjectNode json(RecurringEntry entry) {
        ObjectNode json = Json.object();
        json.put("id", entry.id().toString());
        ObjectNode schedule = json.putObject("schedule");
        schedule.put("frequency", entry.schedule().frequency().name());
        schedule.put("interval", entry.schedule().every());
        schedule.put("startDate", entry.schedule().start().toString());
        schedule.put("endDate", entry.schedule().end() == null ? null : entry.schedule().end().toString());
        ObjectNode template = json.putObject("template");
        template.put("type", entry.template().type().name());
        template.put("amount", entry.template().amount().toPlainString());
        template.put("currency", entry.template().currency());
        template.put("category", entry.template().category());
        template.put("description", entry.template().description());
        ArrayNode tags = template.putArray("tags");
        entry.template().tags().forEach(tags::add);
        json.put("nextDate", entry.nextDate() == null ? null : entry.nextDate().toString());
        json.put("madeThrough", entry.materializedThrough() == null ? null : entry.materializedThrough().toString());
        return json;
    }
}
