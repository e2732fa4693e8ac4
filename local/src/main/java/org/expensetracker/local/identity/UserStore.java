package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The users of the pool, held in memory and rewritten atomically to one JSON file on every
 * change: a local pool has a handful of users, so simplicity beats a database here.
 */
final class UserStore {

    private final Path file;
    /** Keyed by {@link #key(String)}: usernames are case-insensitive, like a Cognito pool created with that option. */
    private final Map<String, StoredUser> byKey = new LinkedHashMap<>();

    UserStore(Path file) {
        this.file = file;
        AtomicFiles.readJson(file).ifPresent(root -> root.path("users").forEach(node -> {
            StoredUser user = fromJson(node);
            byKey.put(key(user.username()), user);
        }));
    }

    static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    synchronized Optional<StoredUser> findByUsername(String username) {
        return Optional.ofNullable(byKey.get(key(username)));
    }

    synchronized Optional<StoredUser> findBySub(String sub) {
        return byKey.values().stream().filter(u -> u.sub().equals(sub)).findFirst();
    }

    synchronized void add(StoredUser user) {
        String key = key(user.username());
        if (byKey.containsKey(key)) {
            throw CognitoException.usernameExists();
        }
        byKey.put(key, user);
        try {
            save();
        } catch (RuntimeException e) {
            byKey.remove(key); // keep memory and disk in agreement
            throw e;
        }
    }

    private void save() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode users = root.putArray("users");
        byKey.values().forEach(u -> users.add(toJson(u)));
        AtomicFiles.writeJson(file, root);
    }

    private static ObjectNode toJson(StoredUser user) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("sub", user.sub());
        node.put("username", user.username());
        node.put("passwordHash", user.passwordHash());
        ObjectNode attributes = node.putObject("attributes");
        user.attributes().forEach(attributes::put);
        node.put("createdAt", user.createdAt().toString());
        return node;
    }

    private static StoredUser fromJson(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        node.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new StoredUser(
                node.path("sub").asText(),
                node.path("username").asText(),
                node.path("passwordHash").asText(),
                attributes,
                Instant.parse(node.path("createdAt").asText()));
    }
}
