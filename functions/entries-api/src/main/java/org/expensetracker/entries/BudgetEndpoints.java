package org.expensetracker.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.budget.Budget;
import org.expensetracker.core.budget.BudgetService;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** Budgets per category and month: PUT|DELETE /budgets/{category}, GET /budgets?month=YYYY-MM. */
final class BudgetEndpoints {
    private final BudgetService budgets;

    BudgetEndpoints(BudgetService budgets) {
        this.budgets = budgets;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "PUT /budgets/{category}", this::put,
                "DELETE /budgets/{category}", this::delete,
                "GET /budgets", this::month);
    }

    private ApiResponse put(ApiRequest request) {
        Json.Body parsed = Json.parseBody(request.jsonBody());
        ObjectNode body = parsed.object();
        List<FieldError> errors = new ArrayList<>();
        String currency = Json.optionalText(body, "currency", errors);
        String amount = null;
        JsonNode node = body.get("amount");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("amount", "is required"));
        } else if (node.isTextual()) {
            amount = node.textValue();
        } else if (node.isNumber()) {
            amount = parsed.numberText("amount");
        } else {
            errors.add(new FieldError("amount", "must be a string or a number"));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return ApiResponse.ok(json(budgets.put(request.owner(), request.pathParameter("category"), amount, currency)));
    }

    private ApiResponse delete(ApiRequest request) {
        budgets.delete(request.owner(), request.pathParameter("category"));
        return ApiResponse.noContent();
    }

    private ApiResponse month(ApiRequest request) {
        BudgetService.Month month = budgets.month(request.owner(), request.query("month"));
        ObjectNode json = Json.object();
        json.put("month", month.month().toString());
        ArrayNode items = json.putArray("items");
        month.budgets().forEach(budget -> items.add(json(budget)));
        return ApiResponse.ok(json);
    }

    private static ObjectNode json(Budget budget) {
        ObjectNode json = Json.object();
        json.put("category", budget.category());
        json.put("amount", budget.amount().toPlainString());
        json.put("currency", budget.currency());
        json.put("spent", budget.spent().toPlainString());
        json.put("remaining", budget.remaining().toPlainString());
        json.put("over", budget.remaining().signum() < 0);
        return json;
    }
}
