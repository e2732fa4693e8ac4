package org.expensetracker.local.identity;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The identity endpoint mounted at /cognito on a JDK HttpServer, as the local stack does. */
final class IdentityServer implements AutoCloseable {

    static final String WEB_ORIGIN = "http://127.0.0.1:5173";
    /** Production cost (600k) is covered by LocalIdentityRestartTest; elsewhere it would only slow tests down. */
    static final int TEST_HASH_ITERATIONS = 10_000;

    static {
        // Without it the JDK server delays small responses by ~50 ms (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final LocalIdentity identity;
    final String baseUrl;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    private IdentityServer(Path stateDir, Clock clock, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/cognito";
        PasswordHasher cheap = new PasswordHasher(TEST_HASH_ITERATIONS);
        identity = new LocalIdentity(stateDir, baseUrl, null, clock, LocalIdentity.DEFAULT_ACCESS_TOKEN_TTL, false,
                cheap, cheap);
        // admin operations accept the local stack's credentials, as the CLI and SDK tests sign with them
        server.createContext("/cognito", new LocalIdentityHttpHandler(identity, List.of(WEB_ORIGIN),
                new org.expensetracker.local.auth.SigV4Verifier(
                        key -> key.equals(org.expensetracker.local.s3.LocalS3.ACCESS_KEY) ? org.expensetracker.local.s3.LocalS3.SECRET_KEY : null,
                        "cognito-idp")));
        server.setExecutor(executor);
        server.start();
    }

    static IdentityServer start(Path stateDir, Clock clock) throws IOException {
        return new IdentityServer(stateDir, clock, 0);
    }

    /** On a given port, so that a restarted pool keeps the issuer URL. */
    static IdentityServer start(Path stateDir, Clock clock, int port) throws IOException {
        return new IdentityServer(stateDir, clock, port);
    }

    /** The newest code the pool e-mailed to this address. */
    String latestCode(String email) {
        List<LocalMailbox.Message> messages = identity.mailbox().messages(email);
        if (messages.isEmpty()) {
            throw new AssertionError("no mail to " + email);
        }
        return messages.get(messages.size() - 1).code();
    }

    int port() {
        return server.getAddress().getPort();
    }

    CognitoIdentityProviderClient sdkClient() {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(baseUrl))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
