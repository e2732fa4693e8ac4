package org.expensetracker.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.FieldError;
import org.expensetracker.core.settings.SettingsService;
import org.expensetracker.core.settings.UserSettings;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/** The user's settings: GET /settings and PUT /settings (the fields given change, the others stay). */
final class SettingsEndpoints {
    private final SettingsService settings;

    SettingsEndpoints(SettingsService settings) {
        this.settings = settings;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of(
                "GET /settings", request -> ApiResponse.ok(json(settings.get(request.owner()))),
                "PUT /settings", this::change);
    }

    private ApiResponse change(ApiRequest request) {
        ObjectNode body = Json.parseObject(request.jsonBody());
        List<FieldError> errors = new ArrayList<>();
        String homeCurrency = Json.optionalText(body, "homeCurrency", errors);
        String locale = Json.optionalText(body, "locale", errors);
        String month = null;
        JsonNode monthNode = body.get("fiscalYearStartMonth");
        if (monthNode != null && !monthNode.isNull()) {
            if (monthNode.canConvertToExactIntegral() && monthNode.canConvertToInt()) {
                month = Integer.toString(monthNode.intValue());
            } else {
                errors.add(new FieldError("fiscalYearStartMonth", "must be a whole number from 1 to 12"));
            }
        }
        // lockedThrough: absent leaves the lock as it is, null opens every period, a date closes through it
        String locked = body.has("lockedThrough") ? Json.optionalText(body, "lockedThrough", errors) : null;
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return ApiResponse.ok(json(settings.change(request.owner(), homeCurrency, month, locale,
                body.has("lockedThrough"), locked)));
    }

    static ObjectNode json(UserSettings settings) {
        ObjectNode json = Json.object();
        json.put("homeCurrency", settings.homeCurrency());
        json.put("fiscalYearStartMonth", settings.fiscalYearStartMonth());
        json.put("locale", settings.locale());
        if (settings.lockedThrough() == null) {
            json.putNull("lockedThrough");
        } else {
            json.put("lockedThrough", settings.lockedThrough().toString());
        }
        return json;
    }
}
