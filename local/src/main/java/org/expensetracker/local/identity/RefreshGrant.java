package org.expensetracker.local.identity;

import java.time.Instant;

/**
 * What a refresh token stands for. Only the SHA-256 of the token is kept: the token itself
 * is a 384-bit random string, so a plain hash is as good as a salted one and allows lookup.
 * {@code originJti} and {@code authTime} are carried over into every token refreshed from it,
 * as Cognito does.
 */
record RefreshGrant(String tokenHash, String sub, String clientId, String originJti, Instant authTime,
                    Instant expiresAt) {
}
