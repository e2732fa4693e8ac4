package org.expensetracker.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.logging.LambdaLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The edge of one HTTP function: dispatches an event to the endpoint of its route key, turns
 * domain errors into the error contract and anything unexpected into a bare 500, and writes one
 * structured access log line per request, correlated by the API request id. Logs carry the route,
 * status and latency only: never bodies, tokens or other personal data.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Map<String, Endpoint> endpoints;
    private final String appClientId;

    /** Accepts access tokens of any client the authorizer let through; see the three-argument constructor. */
    public HttpApi(FunctionName function, Map<String, Endpoint> endpoints) {
        this(function, endpoints, null);
    }

    /**
     * Fails fast when the endpoints do not cover exactly this function's routes in {@link Routes}.
     *
     * @param appClientId the app client whose access tokens are accepted ({@code APP_CLIENT_ID});
     *                    null or blank leaves the client to the authorizer's audience
     */
    public HttpApi(FunctionName function, Map<String, Endpoint> endpoints, String appClientId) {
        Set<String> expected = Routes.of(function).stream().map(Route::key).collect(Collectors.toCollection(TreeSet::new));
        if (!expected.equals(new TreeSet<>(endpoints.keySet()))) {
            throw new IllegalStateException(function + " serves " + new TreeSet<>(endpoints.keySet())
                    + " but the route table gives it " + expected);
        }
        this.endpoints = Map.copyOf(endpoints);
        this.appClientId = appClientId == null || appClientId.isBlank() ? null : appClientId;
    }

    /**
     * Sends each priming request through the whole request path and returns the statuses. Never
     * throws: a snapshot taken without priming is slower to serve its first request, not wrong.
     * Stops at the first 503: a paused database is resuming, and priming should neither wait for
     * it request after request nor keep it awake.
     */
    public List<Integer> prime(List<PrimingRequest> requests) {
        List<Integer> statuses = new ArrayList<>(requests.size());
        for (PrimingRequest request : requests) {
            int status;
            try {
                status = handle(request.toEvent(appClientId), null).getStatusCode();
            } catch (RuntimeException e) {
                LOG.warn("priming {} failed", request.routeKey(), e);
                status = 500;
            }
            statuses.add(status);
            if (status == 503) {
                LOG.warn("priming stopped: the database is resuming");
                break;
            }
        }
        return statuses;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        ApiRequest request = new ApiRequest(event, appClientId);
        String requestId = request.requestId() != null ? request.requestId()
                : context == null ? null : context.getAwsRequestId();
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        MDC.put("correlation_id", requestId);
        ApiResponse response;
        try {
            Endpoint endpoint = endpoints.get(request.routeKey());
            response = endpoint == null ? ErrorResponses.of(DomainException.notFound("Route"), requestId)
                    : endpoint.handle(request);
        } catch (DomainException e) {
            response = ErrorResponses.of(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("unhandled failure on {}", request.routeKey(), e);
            response = ErrorResponses.internal(requestId);
        }
        LOG.info("{} -> {} in {} ms", request.routeKey(), response.status(), (System.nanoTime() - started) / 1_000_000);
        MDC.remove("correlation_id");
        return response.toEvent();
    }
}
