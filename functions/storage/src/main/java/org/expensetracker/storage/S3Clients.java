package org.expensetracker.storage;

import java.time.Clock;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 access of a function, built once per execution environment with the default builders:
 * region, credentials and endpoint come from the standard places (the Lambda environment; locally
 * the {@code aws.*} system properties). The presigner takes its settings from the client, so both
 * address the same endpoint.
 */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static S3Receipts receipts(S3Client client, Function<String, String> env) {
        return new S3Receipts(client, S3Presigner.builder().s3Client(client).build(), bucket(env), Clock.systemUTC());
    }

    /**
     * For functions that mostly sign URLs: the presigner is built on its own (from the same
     * standard settings) and the S3 client only when an object is first read or deleted.
     */
    public static S3Receipts receiptsSigningFirst(Function<String, String> env) {
        return new S3Receipts(S3Clients::client, S3Presigner.builder().build(), bucket(env), Clock.systemUTC());
    }

    private static String bucket(Function<String, String> env) {
        String bucket = env.apply(EnvNames.RECEIPTS_BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("environment variable " + EnvNames.RECEIPTS_BUCKET + " is not set");
        }
        return bucket;
    }
}
