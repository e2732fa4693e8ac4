package org.expensetracker.local.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, encoded as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the cost can be raised later without
 * invalidating stored hashes.
 */
final class PasswordHasher {

    /** OWASP's current recommendation for PBKDF2-HMAC-SHA256 (~0.15 s per hash here). */
    static final int ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Hashed on unknown usernames so that "no such user" costs as much as "wrong password". */
    private final String decoyHash;

    PasswordHasher() {
        this(ITERATIONS);
    }

    /** A cheaper cost is for tests only; the count is stored in each hash, so mixing costs is harmless. */
    PasswordHasher(int iterations) {
        this.iterations = iterations;
        this.decoyHash = hash("decoy-password-for-timing");
    }

    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = B64D.decode(parts[2]);
        byte[] expected = B64D.decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
    }

    /** Spends the same time as {@link #verify} for a user that does not exist. */
    void verifyDecoy(String password) {
        verify(password, decoyHash);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
