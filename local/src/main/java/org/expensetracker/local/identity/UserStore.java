package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The users of the pool, held in memory and rewritten atomically to one JSON file on every
 * change: a local pool has a handful of users, so simplicity beats a database here.
 *
 * <p>Sign-in names are case-insensitive (the deployed pool's {@code signInCaseSensitive=false}): a user is
 * found by their e-mail address or by their username. Files written before sign-up needed confirmation
 * (no {@code confirmed} member) load as confirmed users.
 */
final class UserStore {

    private final Path file;
    /** By sub, in sign-up order. */
    private final Map<String, StoredUser> bySub = new LinkedHashMap<>();

    UserStore(Path file) {
        this.file = file;
        AtomicFiles.readJson(file).ifPresent(root -> root.path("users").forEach(node -> {
            StoredUser user = fromJson(node);
            bySub.put(user.sub(), user);
        }));
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The user who signs in with this name: their (current) e-mail address, else their username. */
    synchronized Optional<StoredUser> findBySignInName(String name) {
        String wanted = key(name);
        Optional<StoredUser> byEmail = bySub.values().stream()
                .filter(u -> u.email() != null && key(u.email()).equals(wanted)).findFirst();
        return byEmail.isPresent() ? byEmail
                : bySub.values().stream().filter(u -> key(u.username()).equals(wanted)).findFirst();
    }

    /** Whether any user has this e-mail address, as their address or one waiting for verification. */
    synchronized boolean emailTaken(String email, String exceptSub) {
        String wanted = key(email);
        return bySub.values().stream().filter(u -> !u.sub().equals(exceptSub)).anyMatch(u ->
                u.email() != null && key(u.email()).equals(wanted) || key(u.username()).equals(wanted));
    }

    synchronized Optional<StoredUser> findBySub(String sub) {
        return Optional.ofNullable(bySub.get(sub));
    }

    synchronized void add(StoredUser user) {
        if (bySub.containsKey(user.sub())) {
            throw new IllegalStateException("duplicate sub");
        }
        bySub.put(user.sub(), user);
        try {
            save();
        } catch (RuntimeException e) {
            bySub.remove(user.sub()); // keep memory and disk in agreement
            throw e;
        }
    }

    /** Applies {@code change} to the stored user and saves; returns the new state. */
    synchronized StoredUser update(String sub, UnaryOperator<StoredUser> change) {
        StoredUser before = bySub.get(sub);
        if (before == null) {
            throw CognitoException.userNotFound();
        }
        StoredUser after = change.apply(before);
        if (after.equals(before)) {
            return before;
        }
        bySub.put(sub, after);
        try {
            save();
        } catch (RuntimeException e) {
            bySub.put(sub, before);
            throw e;
        }
        return after;
    }

    synchronized void remove(String sub) {
        StoredUser removed = bySub.remove(sub);
        if (removed == null) {
            return;
        }
        try {
            save();
        } catch (RuntimeException e) {
            bySub.put(sub, removed);
            throw e;
        }
    }

    private void save() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 2);
        ArrayNode users = root.putArray("users");
        bySub.values().forEach(u -> users.add(toJson(u)));
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
        node.put("confirmed", user.confirmed());
        if (user.pendingEmail() != null) {
            node.put("pendingEmail", user.pendingEmail());
        }
        ObjectNode codes = node.putObject("codes");
        user.codes().forEach((purpose, code) -> codes.putObject(purpose.name())
                .put("hash", code.hash())
                .put("expiresAt", code.expiresAt().toString())
                .put("wrongAttempts", code.wrongAttempts()));
        ArrayNode sent = node.putArray("codesSent");
        user.codesSent().forEach(at -> sent.add(at.toString()));
        if (user.totp() != null) {
            StoredUser.TotpState totp = user.totp();
            ObjectNode t = node.putObject("totp");
            t.put("pendingSecret", totp.pendingSecret());
            t.put("secret", totp.secret());
            t.put("enabled", totp.enabled());
            t.put("preferred", totp.preferred());
            t.put("lastUsedStep", totp.lastUsedStep());
        }
        return node;
    }

    private static StoredUser fromJson(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        node.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        Map<StoredUser.CodePurpose, StoredUser.StoredCode> codes = new EnumMap<>(StoredUser.CodePurpose.class);
        node.path("codes").properties().forEach(e -> codes.put(StoredUser.CodePurpose.valueOf(e.getKey()),
                new StoredUser.StoredCode(e.getValue().path("hash").asText(),
                        Instant.parse(e.getValue().path("expiresAt").asText()),
                        e.getValue().path("wrongAttempts").asInt())));
        List<Instant> sent = new ArrayList<>();
        node.path("codesSent").forEach(at -> sent.add(Instant.parse(at.asText())));
        JsonNode t = node.path("totp");
        StoredUser.TotpState totp = t.isObject() ? new StoredUser.TotpState(textOrNull(t, "pendingSecret"),
                textOrNull(t, "secret"), t.path("enabled").asBoolean(), t.path("preferred").asBoolean(),
                t.path("lastUsedStep").asLong(Long.MIN_VALUE)) : null;
        return new StoredUser(
                node.path("sub").asText(),
                node.path("username").asText(),
                node.path("passwordHash").asText(),
                attributes,
                Instant.parse(node.path("createdAt").asText()),
                // Written before sign-ups needed a code: every user then was confirmed at once.
                node.path("confirmed").asBoolean(true),
                textOrNull(node, "pendingEmail"),
                codes,
                sent,
                totp);
    }

    private static String textOrNull(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
