package org.expensetracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims → owner: whatever the token's sub, the answer is an owner or 401, never a server error. */
class ApiRequestTest {

    @Test
    void givenACognitoSubject_whenTheOwnerIsRead_thenItIsTheSubject() {
        assertThat(request("6f1c2a9e-1b2c-4d5e-8f90-123456789abc").owner().value())
                .isEqualTo("6f1c2a9e-1b2c-4d5e-8f90-123456789abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\u0000b", "a/b", "a\ud800", "12345678901234567890123456789012345678901234567890"
            + "12345678901234567890123456789012345678901234567890123456789012345678901234567890"})
    void givenASubjectNoOwnerCanHave_whenTheOwnerIsRead_thenUnauthorized(String sub) {
        assertUnauthorized(request(sub));
    }

    @Test
    void givenNoSubjectOrNoAuthorizer_whenTheOwnerIsRead_thenUnauthorized() {
        assertUnauthorized(request(null));
        assertUnauthorized(new ApiRequest(APIGatewayV2HTTPEvent.builder().build()));
        assertUnauthorized(new ApiRequest(APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().build()).build()));
    }

    @Test
    void givenAnOddSubject_whenAnEndpointRunsThroughTheEdge_thenTheAnswerIs401InTheContract() {
        HttpApi api = new HttpApi(FunctionName.EXPORTS_API, Map.of(
                "POST /exports", r -> ApiResponse.ok(Json.object().put("owner", r.owner().value())),
                "GET /exports/{id}", r -> ApiResponse.noContent(),
                "GET /exports", r -> ApiResponse.noContent()));
        APIGatewayV2HTTPEvent event = event("s".repeat(200));
        event.setRouteKey("POST /exports");
        var response = api.handle(event, null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    private static void assertUnauthorized(ApiRequest request) {
        assertThatThrownBy(request::owner).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    private static ApiRequest request(String sub) {
        return new ApiRequest(event(sub));
    }

    private static final String APP_CLIENT = "4hq2n7c3kd9v1e8b6m0r5t2s7a";
    private static final String SUB = "6f1c2a9e-1b2c-4d5e-8f90-123456789abc";

    @Test
    void givenTheAppsAccessToken_whenTheOwnerIsRead_thenItIsTheSubject() {
        assertThat(new ApiRequest(event(Map.of("sub", SUB, "token_use", "access", "client_id", APP_CLIENT)), APP_CLIENT)
                .owner().value()).isEqualTo(SUB);
    }

    @Test
    void givenTheUsersIdToken_whenTheOwnerIsRead_thenUnauthorizedNamingTheAccessToken() {
        // An ID token of the app's client passes API Gateway's audience check (aud = the client id).
        var idToken = event(Map.of("sub", SUB, "token_use", "id", "aud", APP_CLIENT));
        assertThatThrownBy(() -> new ApiRequest(idToken, APP_CLIENT).owner())
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("access token");
                });
    }

    @Test
    void givenAnAccessTokenOfAnotherClientOrNone_whenTheOwnerIsRead_thenUnauthorized() {
        assertUnauthorized(new ApiRequest(event(Map.of("sub", SUB, "token_use", "access", "client_id", "other")), APP_CLIENT));
        assertUnauthorized(new ApiRequest(event(Map.of("sub", SUB, "token_use", "access")), APP_CLIENT));
        assertUnauthorized(new ApiRequest(event(Map.of("sub", SUB, "token_use", "access")), null));
        assertUnauthorized(new ApiRequest(event(Map.of("sub", SUB, "client_id", APP_CLIENT)), APP_CLIENT));
    }

    @Test
    void givenAnIdTokenThroughTheEdge_whenAnEndpointRuns_thenTheAnswerIs401InTheContractAndTheEndpointDoesNot() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        HttpApi api = new HttpApi(FunctionName.EXPORTS_API, Map.of(
                "POST /exports", r -> {
                    r.owner();
                    ran.incrementAndGet();
                    return ApiResponse.noContent();
                },
                "GET /exports/{id}", r -> ApiResponse.noContent(),
                "GET /exports", r -> ApiResponse.noContent()), APP_CLIENT);
        APIGatewayV2HTTPEvent event = event(Map.of("sub", SUB, "token_use", "id", "aud", APP_CLIENT));
        event.setRouteKey("POST /exports");
        var response = api.handle(event, null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"code\":\"UNAUTHORIZED\"");
        assertThat(ran).hasValue(0);
    }

    private static APIGatewayV2HTTPEvent event(String sub) {
        Map<String, String> claims = new HashMap<>(Map.of("token_use", "access", "client_id", APP_CLIENT));
        if (sub != null) {
            claims.put("sub", sub);
        }
        return event(claims);
    }

    private static APIGatewayV2HTTPEvent event(Map<String, String> claims) {
        var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build();
        return APIGatewayV2HTTPEvent.builder().withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build())
                .withRequestId("r-1").build()).build();
    }
}
