package org.expensetracker.migrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The user name and password of an RDS database secret ({@code {"username":…,"password":…,…}}). */
record DatabaseCredentials(String username, String password) {

    DatabaseCredentials {
        if (username == null || !username.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL role name: " + username);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the secret has no password");
        }
    }

    static DatabaseCredentials fromSecretString(String secretString) {
        try {
            JsonNode json = new ObjectMapper().readTree(secretString);
            return new DatabaseCredentials(json.path("username").asText(null), json.path("password").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException("the secret is not JSON", e);
        }
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[username=" + username + ", password=***]";
    }
}
