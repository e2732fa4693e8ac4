package org.expensetracker.core.config;

import java.time.Duration;

/**
 * How long the user pool's tokens live, for the deployed app client and the local identity
 * endpoint alike. Access and ID tokens last Cognito's minimum of five minutes: API Gateway's JWT
 * authorizer cannot see a sign-out or a revoked refresh token, so a stolen or signed-out access
 * token keeps working until it expires, and five minutes is the shortest that window can be. The
 * web app renews them silently with the refresh token, which lasts 30 days.
 */
public record TokenLifetimes(Duration accessToken, Duration idToken, Duration refreshToken) {

    public static final TokenLifetimes DEPLOYED =
            new TokenLifetimes(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(30));

    public TokenLifetimes {
        requireBetween(accessToken, Duration.ofMinutes(5), Duration.ofDays(1), "access token");
        requireBetween(idToken, Duration.ofMinutes(5), Duration.ofDays(1), "ID token");
        requireBetween(refreshToken, Duration.ofHours(1), Duration.ofDays(3650), "refresh token");
        if (refreshToken.compareTo(accessToken) <= 0) {
            throw new IllegalArgumentException("the refresh token must outlive the access token");
        }
    }

    private static void requireBetween(Duration value, Duration min, Duration max, String what) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("Cognito allows a " + what + " validity of " + min + " to " + max
                    + ", not " + value);
        }
    }
}
