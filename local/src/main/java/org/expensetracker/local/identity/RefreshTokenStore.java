package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Refresh tokens (opaque, stored hashed) and the "origins" revoked by sign-out. Persisted so a
 * browser session survives a restart of the local stack, like it survives a Lambda cold start.
 */
final class RefreshTokenStore {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Path file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RefreshGrant> byHash = new HashMap<>();
    /** origin_jti → until when: access tokens of a revoked session are refused by GetUser etc. */
    private final Map<String, Instant> revokedOrigins = new HashMap<>();

    RefreshTokenStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        AtomicFiles.readJson(file).ifPresent(root -> {
            root.path("grants").forEach(node -> {
                RefreshGrant grant = fromJson(node);
                byHash.put(grant.tokenHash(), grant);
            });
            root.path("revokedOrigins").properties().forEach(
                    e -> revokedOrigins.put(e.getKey(), Instant.parse(e.getValue().asText())));
        });
    }

    /** Creates a grant and returns the raw token, which is never stored. */
    synchronized String issue(String sub, String clientId, String originJti, Instant authTime, Duration validity) {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String token = B64URL.encodeToString(bytes);
        String tokenHash = hash(token);
        byHash.put(tokenHash, new RefreshGrant(tokenHash, sub, clientId, originJti, authTime,
                clock.instant().plus(validity)));
        save();
        return token;
    }

    synchronized Optional<RefreshGrant> find(String token) {
        RefreshGrant grant = byHash.get(hash(token));
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    /** Revokes one refresh token and the access tokens issued from it. */
    synchronized void revoke(RefreshGrant grant, Duration accessTokenTtl) {
        byHash.remove(grant.tokenHash());
        revokedOrigins.put(grant.originJti(), clock.instant().plus(accessTokenTtl));
        save();
    }

    /** GlobalSignOut: every session of the user ends. */
    synchronized void revokeAll(String sub, Duration accessTokenTtl) {
        List<RefreshGrant> grants = byHash.values().stream().filter(g -> g.sub().equals(sub)).collect(Collectors.toList());
        grants.forEach(g -> {
            byHash.remove(g.tokenHash());
            revokedOrigins.put(g.originJti(), clock.instant().plus(accessTokenTtl));
        });
        save();
    }

    synchronized boolean isOriginRevoked(String originJti) {
        Instant until = revokedOrigins.get(originJti);
        return until != null && clock.instant().isBefore(until);
    }

    private void save() {
        Instant now = clock.instant();
        byHash.values().removeIf(g -> !now.isBefore(g.expiresAt()));
        revokedOrigins.values().removeIf(until -> !now.isBefore(until));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode grants = root.putArray("grants");
        byHash.values().forEach(g -> grants.add(toJson(g)));
        ObjectNode revoked = root.putObject("revokedOrigins");
        revokedOrigins.forEach((jti, until) -> revoked.put(jti, until.toString()));
        AtomicFiles.writeJson(file, root);
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return B64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode toJson(RefreshGrant grant) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("tokenHash", grant.tokenHash());
        node.put("sub", grant.sub());
        node.put("clientId", grant.clientId());
        node.put("originJti", grant.originJti());
        node.put("authTime", grant.authTime().toString());
        node.put("expiresAt", grant.expiresAt().toString());
        return node;
    }

    private static RefreshGrant fromJson(JsonNode node) {
        return new RefreshGrant(
                node.path("tokenHash").asText(),
                node.path("sub").asText(),
                node.path("clientId").asText(),
                node.path("originJti").asText(),
                Instant.parse(node.path("authTime").asText()),
                Instant.parse(node.path("expiresAt").asText()));
    }
}
