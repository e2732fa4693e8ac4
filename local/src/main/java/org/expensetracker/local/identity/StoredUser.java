package org.expensetracker.local.identity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user as persisted. The username is a UUID equal to {@code sub} (the pool signs users in by
 * e-mail); users created before that kept the name they signed up with until their next sign-in
 * migrates them. Only PBKDF2 hashes of the password and of e-mailed codes are kept; the TOTP secret
 * must be kept as it is (the code is computed from it), in the owner-only state file.
 *
 * @param confirmed    whether sign-up was confirmed (users from before confirmation existed count as confirmed)
 * @param pendingEmail a new e-mail address waiting for its code (the pool keeps the original until then), or null
 * @param codes        the live e-mailed codes by {@link CodePurpose}
 * @param codesSent    when codes were e-mailed lately (for the resend limit)
 * @param totp         the authenticator-app second factor, or null when never set up
 */
record StoredUser(String sub, String username, String passwordHash, Map<String, String> attributes,
                  Instant createdAt, boolean confirmed, String pendingEmail, Map<CodePurpose, StoredCode> codes,
                  List<Instant> codesSent, TotpState totp) {

    enum CodePurpose { SIGN_UP, PASSWORD_RESET, VERIFY_EMAIL }

    /** An e-mailed code: its hash, until when it counts, and how often a wrong one was entered. */
    record StoredCode(String hash, Instant expiresAt, int wrongAttempts) {
    }

    /**
     * @param pendingSecret  from AssociateSoftwareToken, until VerifySoftwareToken proves the app has it
     * @param secret         the verified secret, or null
     * @param enabled        SetUserMFAPreference turned it on: sign-in asks for a code
     * @param preferred      the user's preferred factor
     * @param lastUsedStep   the 30-second step of the last code accepted (no code is accepted twice)
     */
    record TotpState(String pendingSecret, String secret, boolean enabled, boolean preferred, long lastUsedStep) {
    }

    StoredUser {
        attributes = Map.copyOf(attributes);
        codes = Map.copyOf(codes);
        codesSent = List.copyOf(codesSent);
    }

    /** A new, unconfirmed user. */
    static StoredUser signedUp(String sub, String passwordHash, Map<String, String> attributes, Instant now,
                               boolean confirmed) {
        return new StoredUser(sub, sub, passwordHash, attributes, now, confirmed, null, Map.of(), List.of(), null);
    }

    String email() {
        return attributes.get("email");
    }

    boolean emailVerified() {
        return "true".equals(attributes.get("email_verified"));
    }

    boolean totpEnabled() {
        return totp != null && totp.enabled() && totp.secret() != null;
    }

    StoredUser withUsername(String value) {
        return new StoredUser(sub, value, passwordHash, attributes, createdAt, confirmed, pendingEmail, codes, codesSent, totp);
    }

    StoredUser withPasswordHash(String value) {
        return new StoredUser(sub, username, value, attributes, createdAt, confirmed, pendingEmail, codes, codesSent, totp);
    }

    StoredUser withAttributes(Map<String, String> value) {
        return new StoredUser(sub, username, passwordHash, value, createdAt, confirmed, pendingEmail, codes, codesSent, totp);
    }

    StoredUser withAttribute(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(attributes);
        next.put(name, value);
        return withAttributes(next);
    }

    StoredUser withConfirmed(boolean value) {
        return new StoredUser(sub, username, passwordHash, attributes, createdAt, value, pendingEmail, codes, codesSent, totp);
    }

    StoredUser withPendingEmail(String value) {
        return new StoredUser(sub, username, passwordHash, attributes, createdAt, confirmed, value, codes, codesSent, totp);
    }

    StoredUser withCode(CodePurpose purpose, StoredCode code) {
        Map<CodePurpose, StoredCode> next = new LinkedHashMap<>(codes);
        if (code == null) {
            next.remove(purpose);
        } else {
            next.put(purpose, code);
        }
        return new StoredUser(sub, username, passwordHash, attributes, createdAt, confirmed, pendingEmail, next, codesSent, totp);
    }

    StoredUser withCodesSent(List<Instant> value) {
        return new StoredUser(sub, username, passwordHash, attributes, createdAt, confirmed, pendingEmail, codes, value, totp);
    }

    StoredUser withTotp(TotpState value) {
        return new StoredUser(sub, username, passwordHash, attributes, createdAt, confirmed, pendingEmail, codes, codesSent, value);
    }
}
