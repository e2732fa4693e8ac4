package org.expensetracker.local.identity;

/**
 * Cognito's {@code AuthenticationResult}.
 *
 * @param refreshToken null when the tokens come from a refresh: like Cognito (without refresh
 *                     token rotation) the client keeps using the refresh token it has
 * @param expiresIn    lifetime of the access token in seconds
 */
public record AuthenticationResult(String accessToken, String idToken, String refreshToken, long expiresIn,
                                   String tokenType) {
}
