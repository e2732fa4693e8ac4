package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.identity.LocalIdentity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local gateway refuses what the HTTP API JWT authorizer refuses, on every route. */
class AuthorizationTest {

    @ParameterizedTest
    @ValueSource(strings = {"missing", "garbage", "tampered", "expired", "id-token-of-other-client", "own-id-token"})
    void givenABadToken_whenAnyRouteIsCalled_thenUnauthorizedAndNothingRuns(String kind) {
        ApiClient owner = ApiClient.newUser();
        String id = owner.create("2026-11-21", "DEBIT", "1.00", "Food", "Tea").path("id").asText();
        String token = switch (kind) {
            case "missing" -> null;
            case "garbage" -> "not.a.jwt";
            case "tampered" -> tamper(owner.token());
            case "expired" -> expiredToken(owner.stack());
            // the owner's own ID token: signed by the pool for the app's client, but not an access token
            case "own-id-token" -> ownIdToken(owner.stack());
            default -> otherClientToken(owner.stack());
        };
        ApiClient intruder = ApiClient.withToken(token);
        long callsBefore = owner.stack().dataApi().calls();

        for (ApiClient.Response response : new ApiClient.Response[] {
                intruder.get("/entries"),
                intruder.get("/entries/" + id),
                intruder.post("/entries", ApiClient.entry("2026-11-21", "DEBIT", "1.00", "x", "x")),
                intruder.delete("/entries/" + id),
                intruder.get("/summary")}) {
            assertThat(response.status()).as(kind + " " + response).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(owner.stack().dataApi().calls()).isEqualTo(callsBefore);
        assertThat(owner.get("/entries/" + id).status()).isEqualTo(200);
    }

    /** A user's ID token, as the sign-in returned it next to the access token. */
    private static String ownIdToken(LocalStack stack) {
        String user = "id-token-" + System.nanoTime() + "@example.com";
        ApiClient.signUpAndConfirm(stack, user, "Correct-horse-9");
        return ApiClient.cognito(stack, "InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH",
                        "ClientId", stack.clientId(), "AuthParameters", Map.of("USERNAME", user, "PASSWORD", "Correct-horse-9")))
                .path("AuthenticationResult").path("IdToken").asText();
    }

    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes())
                + "." + parts[2];
    }

    /** A genuine token of this pool (same signing key, same client) issued two hours ago. */
    private static String expiredToken(LocalStack stack) {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        LocalIdentity pastPool = new LocalIdentity(stack.dataDirectory(), stack.identity().issuer(),
                stack.clientId(), past, Duration.ofHours(1));
        String user = "expired-" + System.nanoTime() + "@example.com";
        return signUpConfirmAndLogIn(pastPool, stack.clientId(), user);
    }

    /** Signed by this pool's key, but for another app client: the audience check must refuse it. */
    private static String otherClientToken(LocalStack stack) {
        LocalIdentity otherClient = new LocalIdentity(stack.dataDirectory(), stack.identity().issuer(),
                "some-other-client", Clock.systemUTC(), Duration.ofHours(1));
        String user = "other-" + System.nanoTime() + "@example.com";
        return signUpConfirmAndLogIn(otherClient, "some-other-client", user);
    }

    /** The AWS way, on a pool of its own: sign up, the code from that pool's mailbox, confirm, log in. */
    private static String signUpConfirmAndLogIn(LocalIdentity pool, String clientId, String email) {
        pool.signUp(clientId, email, "Correct-horse-9", Map.of());
        var mail = pool.mailbox().messages(email);
        pool.confirmSignUp(clientId, email, mail.get(mail.size() - 1).code());
        return pool.authenticate(clientId, email, "Correct-horse-9").accessToken();
    }
}
