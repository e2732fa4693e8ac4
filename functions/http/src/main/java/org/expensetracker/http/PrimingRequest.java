package org.expensetracker.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/**
 * A read-only request a function sends through its own request path before a SnapStart snapshot
 * is taken, so that the snapshot holds a JVM that has already loaded, linked and run everything a
 * real request needs: the endpoint, Jackson, the SDK's marshalling, signing, HTTP client and
 * response parsing. It is made as a user who cannot exist: Cognito subjects are UUIDs, so no row
 * can belong to {@link #OWNER}, and a read-only route changes nothing.
 */
public record PrimingRequest(String routeKey, Map<String, String> pathParameters, Map<String, String> query) {
    public static final String OWNER = "snapstart-priming";

    public PrimingRequest {
        if (!routeKey.startsWith("GET ")) {
            throw new IllegalArgumentException("priming uses read-only routes only: " + routeKey);
        }
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
    }

    public static PrimingRequest get(String routeKey) {
        return new PrimingRequest(routeKey, Map.of(), Map.of());
    }

    public PrimingRequest withPath(String name, String value) {
        var parameters = new java.util.HashMap<>(pathParameters);
        parameters.put(name, value);
        return new PrimingRequest(routeKey, parameters, query);
    }

    public PrimingRequest withQuery(String name, String value) {
        var parameters = new java.util.HashMap<>(query);
        parameters.put(name, value);
        return new PrimingRequest(routeKey, pathParameters, parameters);
    }

    /** @param clientId the app client the handler accepts tokens of; null for any */
    APIGatewayV2HTTPEvent toEvent(String clientId) {
        String path = routeKey.substring("GET ".length());
        for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(Map.of(
                "sub", OWNER, "token_use", "access", "client_id", clientId == null ? OWNER : clientId)).build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(OWNER)
                .withRouteKey(routeKey)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withPathParameters(pathParameters)
                .withQueryStringParameters(query)
                .withHeaders(Map.of("accept", "application/json"))
                .withRequestContext(context)
                .build();
    }
}
