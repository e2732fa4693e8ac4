package org.expensetracker.local.identity;

import java.util.Map;

/** The answer to GetUser: the username and the attributes, {@code sub} included, as Cognito lists them. */
public record UserProfile(String username, Map<String, String> attributes) {

    public UserProfile {
        attributes = Map.copyOf(attributes);
    }
}
