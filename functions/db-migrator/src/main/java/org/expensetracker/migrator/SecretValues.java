package org.expensetracker.migrator;

import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret id → its current SecretString, through Secrets Manager's GetSecretValue. The client is
 * built on first use, once per execution environment: a migrator run without an application
 * secret (the local stack, a stack without roles) never needs one.
 */
final class SecretValues implements Function<String, String> {
    private final Supplier<SecretsManagerClient> factory;
    private SecretsManagerClient client;

    SecretValues(Supplier<SecretsManagerClient> factory) {
        this.factory = factory;
    }

    /** The runtime's: region and credentials from the Lambda environment, the URLConnection HTTP client. */
    static SecretValues fromEnvironment() {
        return new SecretValues(() -> SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    @Override
    public synchronized String apply(String secretId) {
        if (client == null) {
            client = factory.get();
        }
        return client.getSecretValue(request -> request.secretId(secretId)).secretString();
    }
}
