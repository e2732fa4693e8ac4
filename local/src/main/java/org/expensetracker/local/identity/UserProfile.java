package org.expensetracker.local.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to GetUser: the username and the attributes, {@code sub} included, as Cognito lists them,
 * and the second factors the user has on.
 */
public record UserProfile(String username, Map<String, String> attributes, IdentityResults.MfaSettings mfa) {

    public UserProfile {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes)); // Cognito order: sub first
    }
}
