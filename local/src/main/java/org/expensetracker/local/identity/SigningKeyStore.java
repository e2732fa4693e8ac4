package org.expensetracker.local.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The pool's RSA signing key, kept as a private JWK file so tokens issued before a restart
 * still verify afterwards. The {@code kid} is the RFC 7638 thumbprint, hence stable too.
 */
final class SigningKeyStore {

    private SigningKeyStore() {
    }

    static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (!key.isPrivate() || key.getKeyID() == null) {
                    throw new IllegalStateException("Signing key file " + file + " holds no private key with a kid");
                }
                return key;
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
            AtomicFiles.write(file, key.toJSONString().getBytes(StandardCharsets.UTF_8));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write signing key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Invalid signing key file " + file, e);
        }
    }
}
