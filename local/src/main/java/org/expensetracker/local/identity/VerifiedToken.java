package org.expensetracker.local.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token the authorizer accepted, in the shape API Gateway hands to a Lambda in
 * {@code requestContext.authorizer.jwt}: every claim as a string, plus the scopes.
 *
 * @param claims   claim name → string form (numbers as digits, arrays as {@code [a b]})
 * @param scopes   the space-separated {@code scope} claim split up; empty for ID tokens
 * @param tokenUse {@code access} or {@code id}
 */
public record VerifiedToken(String subject, String tokenUse, Map<String, String> claims, List<String> scopes) {

    public VerifiedToken {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims)); // token order reads better in logs
        scopes = List.copyOf(scopes);
    }
}
