package org.expensetracker.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import org.expensetracker.accountapi.AccountHandler;
import org.expensetracker.accountdeleter.AccountDeleterHandler;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.PasswordPolicy;
import org.expensetracker.core.config.Queues;
import org.expensetracker.core.document.ReceiptKeys;
import org.expensetracker.core.error.DatabaseResumingException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.migration.Migrator;
import org.expensetracker.documentsapi.DocumentsHandler;
import org.expensetracker.entries.EntriesHandler;
import org.expensetracker.exportsapi.ExportsHandler;
import org.expensetracker.exportworker.ExportWorkerHandler;
import org.expensetracker.http.ErrorResponses;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.Json;
import org.expensetracker.local.auth.SigV4Verifier;
import org.expensetracker.local.dataapi.DataApiAccess;
import org.expensetracker.local.dataapi.LocalDataApiServer;
import org.expensetracker.local.gateway.GatewayServer;
import org.expensetracker.local.gateway.LocalApiGateway;
import org.expensetracker.local.gateway.LocalLambdaContext;
import org.expensetracker.local.gateway.TokenVerifier;
import org.expensetracker.local.identity.LocalIdentity;
import org.expensetracker.local.identity.LocalIdentityHttpHandler;
import org.expensetracker.local.identity.UnauthorizedTokenException;
import org.expensetracker.local.postgres.LocalPostgres;
import org.expensetracker.local.s3.LocalS3;
import org.expensetracker.local.s3.LocalS3Options;
import org.expensetracker.local.s3.NotificationRule;
import org.expensetracker.local.sqs.LocalSqs;
import org.expensetracker.local.sqs.QueueDefinition;
import org.expensetracker.local.sqs.SqsEventSource;
import org.expensetracker.local.sqs.SqsEventSourceOptions;
import org.expensetracker.local.web.StaticSite;
import org.expensetracker.maintenance.MaintenanceHandler;
import org.expensetracker.core.rates.EcbRatesXml;
import org.expensetracker.core.rates.EuroRate;
import org.expensetracker.core.rates.RatesFileException;
import org.expensetracker.core.rates.RatesService;
import org.expensetracker.dataapi.rates.DataApiRateRepository;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import org.expensetracker.local.textract.LocalTextract;
import org.expensetracker.receiptindexer.ReceiptIndexerHandler;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole application in one JVM on 127.0.0.1, with no AWS account: embedded PostgreSQL behind
 * a local Data API endpoint, a local Cognito, and a gateway that serves the web app, the identity
 * endpoint and the API by invoking the real Lambda handlers in-process. The handlers find the
 * stand-ins through the standard {@code aws.*} system properties, exactly as the SDK's default
 * builders read them, so production code does not know it runs locally.
 */
public final class LocalStack implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:expenses-local";
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:expenses-local";
    static final String RECEIPTS_BUCKET = "expenses-local-receipts";

    private final Options options;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private LocalPostgres postgres;
    private LocalDataApiServer dataApi;
    private LocalSqs sqs;
    private LocalS3 s3;
    private LocalTextract textract;
    private final List<SqsEventSource> eventSources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private LocalIdentity identity;
    private GatewayServer gateway;
    private MaintenanceHandler maintenance;
    private RdsDataClient ratesClient;
    private List<EuroRate> ratesFromFile = List.of();
    private ScheduledExecutorService maintenanceTimer;
    private volatile boolean schemaReady;

    private LocalStack(Options options) {
        this.options = options;
    }

    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
    }

    private void startAll() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (options.ratesFile() != null) {
            ratesFromFile = readRates(options.ratesFile()); // a bad file stops the start before anything runs
        }
        Files.createDirectories(options.dataDir());
        LocalPorts ports = LocalPorts.in(options.dataDir());

        postgres = LocalPostgres.start(options.dataDir(), 0);
        running.add(postgres);
        var dataApiOptions = options.dataApi().port() == 0
                ? options.dataApi().withPort(ports.preferred("dataApi")) : options.dataApi();
        dataApi = LocalDataApiServer.start(dataApiOptions, postgres::applicationDataSource,
                new DataApiAccess(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY, SECRET_ARN));
        running.add(dataApi);

        gateway = GatewayServer.create(new InetSocketAddress("127.0.0.1", options.port()), "/api");
        String origin = "http://127.0.0.1:" + gateway.getAddress().getPort();
        List<String> origins = List.of(origin, "http://localhost:" + gateway.getAddress().getPort());

        sqs = LocalSqs.start(ports.preferred("sqs"), queueDefinitions());
        running.add(sqs);
        SqsClient sqsClient = sqs.client();
        running.add(sqsClient);
        s3 = LocalS3.start(LocalS3Options.of(options.dataDir())
                .withPort(ports.preferred("s3"))
                .withBuckets(List.of(RECEIPTS_BUCKET))
                .withCorsOrigins(origins)
                .withNotifications(List.of(new NotificationRule(RECEIPTS_BUCKET, ReceiptKeys.UPLOAD_PREFIX,
                        sqs.queueUrl(Queues.RECEIPTS.logicalName())))), sqsClient);
        running.add(s3);
        S3Client textractReads = S3Client.builder().endpointOverride(s3.url()).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        running.add(textractReads);
        textract = LocalTextract.start(ports.preferred("textract"), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY,
                (bucket, key) -> {
                    try {
                        return Optional.of(textractReads.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
                    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException
                             | software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
                        return Optional.empty();
                    }
                });
        running.add(textract);
        ports.remember("dataApi", dataApi.url().getPort());
        ports.remember("s3", s3.url().getPort());
        ports.remember("sqs", sqs.url().getPort());
        ports.remember("textract", textract.url().getPort());
        ports.save();

        // What the SDK's default builders read; on Lambda the runtime's environment plays this part.
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
        System.setProperty("aws.endpointUrlRdsData", dataApi.url().toString());
        System.setProperty("aws.endpointUrlS3", s3.url().toString());
        System.setProperty("aws.endpointUrlSqs", sqs.url().toString());
        System.setProperty("aws.endpointUrlTextract", textract.url().toString());

        identity = new LocalIdentity(options.dataDir(), origin + "/cognito", null, java.time.Clock.systemUTC(),
                LocalIdentity.DEFAULT_ACCESS_TOKEN_TTL, options.autoConfirm());
        System.setProperty("aws.endpointUrlCognitoIdentityProvider", origin + "/cognito");
        Map<String, String> env = functionEnvironment();

        Map<FunctionName, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions = new LinkedHashMap<>();
        functions.put(FunctionName.ENTRIES_API, afterSchema(new EntriesHandler(env::get)));
        functions.put(FunctionName.DOCUMENTS_API, afterSchema(new DocumentsHandler(env::get)));
        functions.put(FunctionName.EXPORTS_API, afterSchema(new ExportsHandler(env::get)));
        functions.put(FunctionName.ACCOUNT_API, afterSchema(new AccountHandler(env::get)));
        maintenance = new MaintenanceHandler(env::get);

        TokenVerifier tokens = token -> {
            try {
                return Optional.of(identity.authorizer().verify(token).claims());
            } catch (UnauthorizedTokenException e) {
                return Optional.empty();
            }
        };
        gateway.createContext("/api", new LocalApiGateway("/api", functions, tokens, origins));
        gateway.createContext("/cognito", new LocalIdentityHttpHandler(identity, origins,
                new SigV4Verifier(key -> key.equals(LocalS3.ACCESS_KEY) ? LocalS3.SECRET_KEY : null, "cognito-idp")));
        gateway.createContext("/", new StaticSite(webDirectory(), Map.of(
                "/config.json", siteConfig().getBytes(StandardCharsets.UTF_8),
                "/openapi.yaml", classpathResource("docs/openapi.yaml"))));

        RdsDataClient migrationClient = DataApiClients.client();
        running.add(migrationClient);
        Migrator migrator = new Migrator(DataApiClients.sql(migrationClient, env::get));
        if (!options.dataApi().startPaused()) {
            migrator.migrate(Migrator.fromClasspath(getClass().getClassLoader()));
            startWork(env);
            gateway.start();
        } else {
            // A paused database answers DatabaseResumingException until it is up, as Aurora does: the
            // stack is READY at once, the API answers 503 DATABASE_RESUMING meanwhile, and the schema,
            // the consumers and the recovery follow as soon as the database is there.
            gateway.start();
            Thread schema = new Thread(() -> migrateWhenUp(migrator, env), "local-schema");
            schema.setDaemon(true);
            schema.start();
        }
    }

    private void migrateWhenUp(Migrator migrator, Map<String, String> env) {
        while (!closed.get()) {
            try {
                migrator.migrate(Migrator.fromClasspath(getClass().getClassLoader()));
                startWork(env);
                return;
            } catch (DatabaseResumingException e) {
                // still resuming: try again (each attempt already waited its resume budget)
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                System.err.println("could not prepare the database, retrying in 5 s: " + e);
                sleepQuietly(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * With the schema in place: the queue consumers and the schedule start, and whatever the previous
     * run of the stack left unfinished (its queues were in memory, its leases are void) is re-driven.
     */
    private synchronized void startWork(Map<String, String> env) {
        if (closed.get()) {
            return;
        }
        SqsClient sqsClient = sqs.client();
        SqsEventSource receipts = new SqsEventSource(sqsClient, sqs.queueUrl(Queues.RECEIPTS.logicalName()),
                new ReceiptIndexerHandler(env::get), SqsEventSourceOptions.of("receipt-indexer")
                        .withFunctionTimeout(Queues.RECEIPTS.functionTimeout()));
        eventSources.add(receipts);
        running.add(receipts);
        receipts.start();
        SqsEventSource exports = new SqsEventSource(sqsClient, sqs.queueUrl(Queues.EXPORTS.logicalName()),
                new ExportWorkerHandler(env::get), SqsEventSourceOptions.of("export-worker")
                        .withFunctionTimeout(Queues.EXPORTS.functionTimeout()));
        eventSources.add(exports);
        running.add(exports);
        exports.start();
        SqsEventSource deletions = new SqsEventSource(sqsClient, sqs.queueUrl(Queues.ACCOUNT_DELETIONS.logicalName()),
                new AccountDeleterHandler(env::get), SqsEventSourceOptions.of("account-deleter")
                        .withFunctionTimeout(Queues.ACCOUNT_DELETIONS.functionTimeout()));
        eventSources.add(deletions);
        running.add(deletions);
        deletions.start();
        if (!ratesFromFile.isEmpty()) {
            storeRates(ratesFromFile);
        }
        try {
            maintenance.recoverAfterRestart();
        } catch (RuntimeException e) {
            System.err.println("recovery after restart failed (the schedule tries again): " + e);
        }
        maintenanceTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        // EventBridge's schedule on AWS; the first run soon after start clears what expired while stopped.
        maintenanceTimer.scheduleWithFixedDelay(this::runMaintenanceQuietly, 1, options.maintenanceInterval().toSeconds(),
                TimeUnit.SECONDS);
        schemaReady = true;
    }

    /** Until the schema exists, the API answers as Aurora does while it resumes. */
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> afterSchema(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return (event, context) -> {
            if (schemaReady) {
                return handler.handleRequest(event, context);
            }
            String requestId = event.getRequestContext() == null ? "" : event.getRequestContext().getRequestId();
            return APIGatewayV2HTTPResponse.builder().withStatusCode(503)
                    .withHeaders(Map.of("Content-Type", "application/json", "Retry-After", "5"))
                    .withBody(Json.write(ErrorResponses.body(ErrorCode.DATABASE_RESUMING,
                            "The database is starting; try again in a few seconds.", null, requestId)))
                    .build();
        };
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The queues as the CDK app defines them; tests may shorten the visibility timeout to see redelivery. */
    private List<QueueDefinition> queueDefinitions() {
        List<QueueDefinition> queues = new ArrayList<>();
        for (Queues queue : Queues.values()) {
            Duration visibility = options.queueVisibility() != null ? options.queueVisibility() : queue.visibilityTimeout();
            queues.add(QueueDefinition.deadLetterQueue(queue.deadLetterName()));
            queues.add(QueueDefinition.of(queue.logicalName()).withVisibilityTimeout(visibility)
                    .withDeadLetterQueue(queue.deadLetterName(), queue.maxReceiveCount()));
        }
        return queues;
    }

    /** Runs the scheduled clean-up now; returns what it removed. */
    public Map<String, Object> runMaintenance() {
        return maintenance.handleRequest(Map.of("source", "local.schedule"),
                new LocalLambdaContext(java.util.UUID.randomUUID().toString(), "maintenance", 300_000, 512));
    }

    private void runMaintenanceQuietly() {
        try {
            runMaintenance();
        } catch (RuntimeException e) {
            System.err.println("maintenance failed: " + e);
        }
    }

    /**
     * Stores the rates of a file in the ECB's XML format, as the rates updater stores the ECB's own on AWS;
     * the count written (0 when the file changes nothing). A file that cannot be read fails the start loudly:
     * the user asked for it.
     */
    public int loadRates(Path file) {
        return storeRates(readRates(file));
    }

    private static List<EuroRate> readRates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return EcbRatesXml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --rates-file " + file, e);
        } catch (RatesFileException e) {
            throw new IllegalArgumentException("--rates-file " + file + " is not an ECB rates file: " + e.getMessage(), e);
        }
    }

    private int storeRates(List<EuroRate> rates) {
        Map<String, String> env = functionEnvironment();
        return new RatesService(new DataApiRateRepository(DataApiClients.sql(ratesClient(), env::get)),
                options.defaultCurrency(), java.time.Clock.systemUTC()).store(rates);
    }

    private synchronized RdsDataClient ratesClient() {
        if (ratesClient == null) {
            ratesClient = DataApiClients.client();
            running.add(ratesClient);
        }
        return ratesClient;
    }

    /** Whether the schema is in place and the consumers run (at once, unless the database started paused). */
    public boolean schemaReady() {
        return schemaReady;
    }

    /** Waits until every queue is drained and no function invocation runs. */
    public boolean awaitQueuesIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SqsEventSource source : eventSources) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !source.awaitIdle(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** The environment the CDK app gives the functions, with local values. */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvNames.DB_CLUSTER_ARN, CLUSTER_ARN);
        env.put(EnvNames.DB_SECRET_ARN, SECRET_ARN);
        env.put(EnvNames.DB_NAME, LocalPostgres.DEFAULT_DATABASE);
        env.put(EnvNames.DEFAULT_CURRENCY, options.defaultCurrency());
        env.put(EnvNames.TRASH_RETENTION_DAYS, "30");
        env.put(EnvNames.RECEIPTS_BUCKET, RECEIPTS_BUCKET);
        if (textract != null && !textract.canRead()) {
            // no Tesseract: receipts are accepted and searchable by their own text, as announced at start
            env.put(EnvNames.RECEIPT_READING, "off");
        }
        if (identity != null) {
            env.put(EnvNames.APP_CLIENT_ID, identity.clientId());
            env.put(EnvNames.USER_POOL_ID, LocalIdentity.USER_POOL_ID);
        }
        if (sqs != null) {
            env.put(EnvNames.EXPORTS_QUEUE_URL, sqs.queueUrl(Queues.EXPORTS.logicalName()));
            env.put(EnvNames.RECEIPTS_QUEUE_URL, sqs.queueUrl(Queues.RECEIPTS.logicalName()));
            env.put(EnvNames.ACCOUNT_DELETIONS_QUEUE_URL, sqs.queueUrl(Queues.ACCOUNT_DELETIONS.logicalName()));
        }
        return env;
    }

    /** What the web app reads to find the API and the identity provider (CDK writes the same on AWS). */
    private String siteConfig() {
        var config = Json.object();
        config.put("apiUrl", apiUrl().toString());
        config.put("cognitoEndpoint", cognitoUrl().toString());
        config.put("userPoolClientId", identity.clientId());
        config.put("region", REGION);
        config.put("environment", "local");
        // the rules the identity endpoint checks (the deployed pool's), for the web app's password hints
        PasswordPolicy policy = PasswordPolicy.DEPLOYED;
        config.putObject("passwordPolicy")
                .put("minLength", policy.minLength())
                .put("requireLowercase", policy.requireLowercase())
                .put("requireUppercase", policy.requireUppercase())
                .put("requireDigits", policy.requireDigits())
                .put("requireSymbols", policy.requireSymbols());
        return Json.write(config);
    }

    /** ./web when run from the repository (edits show at once), else the copy inside the jar. */
    private Path webDirectory() {
        if (options.webDir() != null) {
            return options.webDir();
        }
        Path here = Path.of("web");
        return Files.isDirectory(here) ? here : null;
    }

    private static byte[] classpathResource(String name) {
        try (InputStream in = LocalStack.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI webUrl() {
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/");
    }

    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/api");
    }

    public URI cognitoUrl() {
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/cognito");
    }

    public URI dataApiUrl() {
        return dataApi.url();
    }

    public String clientId() {
        return identity.clientId();
    }

    public java.nio.file.Path dataDirectory() {
        return options.dataDir();
    }

    public LocalDataApiServer dataApi() {
        return dataApi;
    }

    /** The embedded PostgreSQL's default database over plain JDBC, for tools that bypass the Data API. */
    public javax.sql.DataSource postgresDataSource() {
        return postgres.dataSource();
    }

    public URI s3Url() {
        return s3.url();
    }

    public URI sqsUrl() {
        return sqs.url();
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public String receiptsBucket() {
        return RECEIPTS_BUCKET;
    }

    /** Whether accepted receipts are read (Tesseract is installed). */
    public boolean readsReceipts() {
        return textract.canRead();
    }

    /** The local Textract endpoint (not in the READY line, whose fields are a contract). */
    public URI textractUrl() {
        return textract.url();
    }

    public LocalIdentity identity() {
        return identity;
    }

    /** The contract line that tells scripts and people that everything is up. */
    public String readyLine() {
        return "READY web=" + webUrl() + " api=" + apiUrl() + " cognito=" + cognitoUrl()
                + " clientId=" + clientId() + " dataApi=" + dataApiUrl() + " s3=" + s3Url() + " sqs=" + sqsUrl();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (maintenanceTimer != null) {
                maintenanceTimer.shutdownNow();
            }
        }
        if (gateway != null) {
            gateway.stop();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            System.out.println("stopped");
            stopped.countDown();
        }, "local-stack-stop"));
        System.out.println(stack.readyLine());
        System.out.flush();
        stopped.await();
    }

    /** Command line: {@code --port N} (web/api/cognito, default 8080), {@code --data-dir DIR} (default ./.local-data). */
    public record Options(int port, Path dataDir, Path webDir, String defaultCurrency,
                         org.expensetracker.local.dataapi.LocalDataApiOptions dataApi, Duration queueVisibility,
                         Duration maintenanceInterval, boolean autoConfirm, Path ratesFile) {
        static final String USAGE = """
                usage: local-stack [--port N] [--data-dir DIR] [--web-dir DIR] [--currency CODE] [--db-start-paused SECONDS]
                                   [--maintenance-minutes N] [--auto-confirm] [--rates-file FILE]
                  --port             port of the web app, API (/api) and identity endpoint (/cognito); default 8080
                  --data-dir         where PostgreSQL data and local users are kept between runs; default ./.local-data
                  --web-dir          static site to serve; default ./web, else the copy inside the jar
                  --currency         default ISO 4217 currency of new entries; default INR
                  --db-start-paused  start the database auto-paused: the first call waits SECONDS for a resume,
                                     answering DatabaseResumingException meanwhile, as Aurora does
                  --maintenance-minutes  how often the clean-up (expired uploads, old trash) runs; default 10
                  --auto-confirm     confirm sign-ups at once; by default, as on AWS, a sign-up needs the code
                                     e-mailed to it, which the local mailbox shows at /cognito/_local/mailbox.html
                                     (--confirm-signups names that default explicitly)
                  --rates-file       euro reference rates in the ECB's XML format (eurofxref-daily.xml, -hist-90d.xml or
                                     -hist.xml, saved from the ECB) for home-amount suggestions; on AWS a daily function
                                     fetches them""";

        public static Options defaults() {
            return new Options(8080, Path.of(".local-data"), null, "INR",
                    org.expensetracker.local.dataapi.LocalDataApiOptions.defaults(), null, Duration.ofMinutes(10), false, null);
        }

        public Options withPort(int value) {
            return new Options(value, dataDir, webDir, defaultCurrency, dataApi, queueVisibility, maintenanceInterval, autoConfirm, ratesFile);
        }

        public Options withDataDir(Path value) {
            return new Options(port, value, webDir, defaultCurrency, dataApi, queueVisibility, maintenanceInterval, autoConfirm, ratesFile);
        }

        public Options withWebDir(Path value) {
            return new Options(port, dataDir, value, defaultCurrency, dataApi, queueVisibility, maintenanceInterval, autoConfirm, ratesFile);
        }

        public Options withDefaultCurrency(String value) {
            return new Options(port, dataDir, webDir, value, dataApi, queueVisibility, maintenanceInterval, autoConfirm, ratesFile);
        }

        public Options withDataApi(org.expensetracker.local.dataapi.LocalDataApiOptions value) {
            return new Options(port, dataDir, webDir, defaultCurrency, value, queueVisibility, maintenanceInterval, autoConfirm, ratesFile);
        }

        /** Shorter than the CDK's six-times-the-function-timeout, so tests see redelivery quickly. */
        public Options withQueueVisibility(Duration value) {
            return new Options(port, dataDir, webDir, defaultCurrency, dataApi, value, maintenanceInterval, autoConfirm, ratesFile);
        }

        /** Sign-ups confirmed at once, without the e-mailed code. */
        public Options withAutoConfirm(boolean value) {
            return new Options(port, dataDir, webDir, defaultCurrency, dataApi, queueVisibility, maintenanceInterval, value, ratesFile);
        }

        /** Euro reference rates in the ECB's XML format, loaded at start (AWS fetches them daily from the ECB). */
        public Options withRatesFile(Path value) {
            return new Options(port, dataDir, webDir, defaultCurrency, dataApi, queueVisibility, maintenanceInterval, autoConfirm,
                    value);
        }

        public Options withMaintenanceInterval(Duration value) {
            return new Options(port, dataDir, webDir, defaultCurrency, dataApi, queueVisibility, value, autoConfirm, ratesFile);
        }

        static Options parse(String[] args) {
            Options options = defaults();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (flag.equals("--auto-confirm") || flag.equals("--confirm-signups")) {
                    options = options.withAutoConfirm(flag.equals("--auto-confirm"));
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                options = switch (flag) {
                    case "--port" -> options.withPort(integer(flag, value));
                    case "--data-dir" -> options.withDataDir(Path.of(value));
                    case "--web-dir" -> options.withWebDir(Path.of(value));
                    case "--currency" -> options.withDefaultCurrency(value);
                    case "--rates-file" -> options.withRatesFile(Path.of(value));
                    case "--maintenance-minutes" -> options.withMaintenanceInterval(Duration.ofMinutes(integer(flag, value)));
                    case "--db-start-paused" -> options.withDataApi(options.dataApi.withStartPaused(
                            java.time.Duration.ofSeconds(integer(flag, value))));
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                };
            }
            return options;
        }

        private static int integer(String flag, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, got " + value);
            }
        }
    }
}
