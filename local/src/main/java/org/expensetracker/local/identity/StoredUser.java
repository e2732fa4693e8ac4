package org.expensetracker.local.identity;

import java.time.Instant;
import java.util.Map;

/**
 * A user as persisted: the username keeps the case given at sign-up (it is what tokens show),
 * lookups go through {@link UserStore#key}. Only the PBKDF2 hash of the password is kept.
 */
record StoredUser(String sub, String username, String passwordHash, Map<String, String> attributes,
                  Instant createdAt) {

    StoredUser {
        attributes = Map.copyOf(attributes);
    }
}
