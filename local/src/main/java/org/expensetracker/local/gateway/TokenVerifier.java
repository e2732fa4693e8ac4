package org.expensetracker.local.gateway;

import java.util.Map;
import java.util.Optional;

/** What the gateway needs of a JWT authorizer: the claims of a valid access token, or nothing. */
@FunctionalInterface
public interface TokenVerifier {
    Optional<Map<String, String>> claims(String token);
}
