package org.expensetracker.entries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.expensetracker.core.rates.Conversion;
import org.expensetracker.core.rates.RatesService;
import org.expensetracker.http.ApiRequest;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.Json;

/**
 * GET /rates?from=EUR[&to=INR][&date=YYYY-MM-DD][&amount=120.00]: the ECB reference rate of that day (or
 * the latest before it) and the amount converted, for the web app to suggest a home amount.
 */
final class RatesEndpoints {
    private final RatesService rates;

    RatesEndpoints(RatesService rates) {
        this.rates = rates;
    }

    Map<String, Endpoint> byRouteKey() {
        return Map.of("GET /rates", this::convert);
    }

    private ApiResponse convert(ApiRequest request) {
        Conversion conversion = rates.convert(request.owner(), request.query("from"), request.query("to"),
                request.query("date"), request.query("amount"));
        ObjectNode json = Json.object();
        json.put("from", conversion.from());
        json.put("to", conversion.to());
        json.put("date", conversion.date().toString());
        json.put("rateDate", conversion.rateDate().toString());
        json.put("rate", conversion.rate().toPlainString());
        if (conversion.amount() != null) {
            json.put("amount", conversion.amount().toPlainString());
            json.put("converted", conversion.converted().toPlainString());
        }
        json.put("source", Conversion.SOURCE);
        return ApiResponse.ok(json);
    }
}
