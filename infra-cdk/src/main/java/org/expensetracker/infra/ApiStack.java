package org.expensetracker.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.Functions;
import org.expensetracker.core.config.Queues;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BucketGrants;
import software.amazon.awscdk.triggers.InvocationType;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * The application's lifecycle: one Lambda per {@link Functions} entry, the HTTP API over the route
 * table, Cognito, the queue consumers, the maintenance schedule, the migrations run on every
 * deploy that changes them, and alarms. The Web stack, which comes after it, serves the API under the site's
 * origin and writes the web app's config.json.
 */
public class ApiStack extends Stack {
    /**
     * Daily: every run wakes an auto-paused database, and it stays awake its pause delay (10 min)
     * after; more often than that it would never pause. Uploads expire after 24 h and trash after
     * 30 days, so once a day loses nothing.
     */

    /** What {@code cluster.grantDataApiAccess} grants, without the master secret it adds. */
    static final List<String> DATA_API_ACTIONS = List.of("rds-data:BatchExecuteStatement", "rds-data:BeginTransaction",
            "rds-data:CommitTransaction", "rds-data:ExecuteStatement", "rds-data:RollbackTransaction");
    /** db-migrator's only extra variable: the application user's secret. */
    static final String APP_SECRET_ARN = EnvNames.DB_APP_SECRET_ARN;

    private final Map<Functions, JavaFunction> functions = new EnumMap<>(Functions.class);
    private final Identity identity;
    private final ApiGateway gateway;

    public ApiStack(Construct scope, EnvironmentSettings settings, Repository repository, DataStack data,
                    StorageStack storage, StackProps props) {
        super(scope, settings.stackName("Api"), props);
        var cluster = data.cluster();
        Map<Functions, Integer> reserved = settings.reservedConcurrency() ? Concurrency.plan(settings.database()) : Map.of();
        for (Functions spec : Functions.values()) {
            // the migrator owns the schema and creates the application's roles: the master credentials; every other
            // function: the application user's (DML on the application's tables only)
            var secret = spec == Functions.DB_MIGRATOR ? data.masterSecret() : data.appSecret();
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put(EnvNames.DB_CLUSTER_ARN, cluster.getClusterArn());
            environment.put(EnvNames.DB_SECRET_ARN, secret.getSecretArn());
            environment.put(EnvNames.DB_NAME, data.databaseName());
            environment.put(EnvNames.RECEIPTS_BUCKET, storage.receiptsBucket().getBucketName());
            environment.put(EnvNames.DEFAULT_CURRENCY, settings.defaultCurrency());
            environment.put(EnvNames.TRASH_RETENTION_DAYS, Integer.toString(settings.trashRetentionDays()));
            var function = new JavaFunction(this, spec, repository.functionZip(spec), environment, settings,
                    spec == Functions.RECEIPT_INDEXER ? settings.receiptIndexerRoleName() : null, reserved.get(spec));
            // every function uses the database, through the Data API, with its own credentials only
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                    .grantee(function.function())
                    .actions(DATA_API_ACTIONS)
                    .resourceArns(List.of(cluster.getClusterArn()))
                    .build());
            secret.grantRead(function.function());
            if (spec == Functions.DB_MIGRATOR) {
                // reads the application user's password to create (or re-key) that login role
                data.appSecret().grantRead(function.function());
                function.function().addEnvironment(APP_SECRET_ARN, data.appSecret().getSecretArn());
            }
            functions.put(spec, function);
        }

        identity = new Identity(this, "Identity", settings);
        // the handlers behind the routes check the access token's client (and token_use) themselves too
        for (Functions spec : apiHandlers()) {
            function(spec).function().addEnvironment(EnvNames.APP_CLIENT_ID, identity.webClient().getUserPoolClientId());
        }
        gateway = new ApiGateway(this, "Api", settings, identity,
                ApiGateway.byFunctionName(name -> function(name.function()).live()));

        for (JavaFunction function : functions.values()) {
            wire(function, storage, settings);
        }

        // Migrations run on the version the migrator's code and configuration produce (a new migration
        // file changes the zip, hence the version), after the database exists and before the API or any
        // consumer switches to code that may need the new schema.
        List<Construct> servingAfterMigration = new ArrayList<>();
        servingAfterMigration.add(gateway);
        functions.values().stream().filter(f -> f.spec() != Functions.DB_MIGRATOR).forEach(f -> servingAfterMigration.add(f.live()));
        var migrator = function(Functions.DB_MIGRATOR);
        Trigger.Builder.create(this, "Migrate")
                .handler(migrator.function())
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .timeout(Duration.seconds(Functions.DB_MIGRATOR.timeout().toSeconds()))
                .executeOnHandlerChange(true)
                .executeAfter(List.of(cluster))
                .executeBefore(servingAfterMigration)
                .build();

        var alarms = new Alarms(this, "Alarms", settings);
        alarms.onDeadLetters(storage.queues());
        alarms.onErrors(functions.values());
        alarms.onServerErrors(gateway.api());

        FrameworkResources.suppress(this);

        CfnOutput.Builder.create(this, "ApiUrl")
                .description("The HTTP API's own endpoint; the web app calls it through the site's /api (the Web stack's SiteApiUrl)")
                .value(gateway.url()).build();
        CfnOutput.Builder.create(this, "UserPoolId").value(identity.userPool().getUserPoolId()).build();
        CfnOutput.Builder.create(this, "UserPoolClientId").description("The web app's client")
                .value(identity.webClient().getUserPoolClientId()).build();
    }

    /**
     * What each function may touch beyond the database, and what invokes it (the HTTP routes come
     * from the route table). S3 access is scoped to the key prefix the function works on, with the
     * actions it uses; a presigned URL is only as good as the permissions of the one who signed it.
     */
    private void wire(JavaFunction function, StorageStack storage, EnvironmentSettings settings) {
        IGrantable role = function.function();
        var objects = BucketGrants.fromBucket(storage.receiptsBucket());
        String uploads = ObjectKeys.all(ObjectKeys.UPLOADS);
        String receipts = ObjectKeys.all(ObjectKeys.RECEIPTS);
        String exports = ObjectKeys.all(ObjectKeys.EXPORTS);
        switch (function.spec()) {
            case ENTRIES_API ->
                // presigned GETs of an entry's receipts
                    objects.actionsOnObjectKeys(role, receipts, "s3:GetObject");
            case DOCUMENTS_API -> {
                // presigned PUT into quarantine and GET of accepted receipts; deleting a document removes its object
                objects.actionsOnObjectKeys(role, uploads, "s3:PutObject", "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, receipts, "s3:GetObject", "s3:DeleteObject");
            }
            case EXPORTS_API -> {
                // presigned GETs of finished exports; jobs go to the export worker's queue
                objects.actionsOnObjectKeys(role, exports, "s3:GetObject");
                var queue = storage.queue(Queues.EXPORTS).queue();
                queue.grantSendMessages(role);
                function.function().addEnvironment(EnvNames.EXPORTS_QUEUE_URL, queue.getQueueUrl());
            }
            case RECEIPT_INDEXER -> {
                // reads uploads and removes them once decided; s3:ListBucket makes a vanished object a 404
                // (NoSuchKey), which the indexer expects, instead of a 403. It copies the checked bytes to
                // receipts/ (the bucket policy lets no one else write there) and reads legacy receipts.
                objects.actionsOnBucketAndObjectKeys(role, uploads, "s3:GetObject", "s3:ListBucket");
                objects.actionsOnObjectKeys(role, uploads, "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, receipts, "s3:GetObject", "s3:PutObject", "s3:DeleteObject");
                consume(function, storage.queue(Queues.RECEIPTS), 10, settings);
                // reads accepted receipts: Textract takes no resource-level permissions, so the actions are the
                // limit (AnalyzeExpense for one page; StartExpenseAnalysis and GetExpenseAnalysis for longer PDFs;
                // Textract reads the object from S3 with this role's receipts/* access). A started job is
                // checked on later through a delayed message to the indexer's own queue.
                if (settings.receiptReadingMonthlyPages() > 0) {
                    function.function().addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("textract:AnalyzeExpense", "textract:StartExpenseAnalysis",
                                    "textract:GetExpenseAnalysis"))
                            .resources(List.of("*")).build());
                    function.function().addEnvironment(EnvNames.RECEIPT_READING_MONTHLY_PAGES,
                            Integer.toString(settings.receiptReadingMonthlyPages()));
                    var ownQueue = storage.queue(Queues.RECEIPTS).queue();
                    ownQueue.grantSendMessages(role);
                    function.function().addEnvironment(EnvNames.RECEIPTS_QUEUE_URL, ownQueue.getQueueUrl());
                    Nag.suppress(function, "AwsSolutions-IAM5",
                            "Amazon Textract has no resource-level permissions: its expense-analysis actions are allowed on *"
                                    + " and nothing else of Textract is.", Nag.matching("^Resource::\\*$"));
                } else {
                    function.function().addEnvironment(EnvNames.RECEIPT_READING, "off");
                }
            }
            case EXPORT_WORKER -> {
                // reads receipts into ZIP exports (a vanished receipt is skipped: ListBucket, as above) and writes
                // the export by multipart upload (PutObject covers create/upload part/complete; abort is separate)
                objects.actionsOnBucketAndObjectKeys(role, receipts, "s3:GetObject", "s3:ListBucket");
                objects.actionsOnObjectKeys(role, exports, "s3:PutObject", "s3:AbortMultipartUpload");
                consume(function, storage.queue(Queues.EXPORTS), 1, settings);
            }
            case MAINTENANCE -> {
                // recovery: sees whether an upload arrived (HeadObject = GetObject; ListBucket makes a missing one a
                // 404) and re-drives its check or a stuck export; clean-up: removes expired uploads, purged trash
                // (accepted receipts) and old exports
                objects.actionsOnBucketAndObjectKeys(role, uploads, "s3:GetObject", "s3:ListBucket");
                objects.actionsOnObjectKeys(role, uploads, "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, receipts, "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, exports, "s3:DeleteObject");
                var receiptsQueue = storage.queue(Queues.RECEIPTS).queue();
                var exportsQueue = storage.queue(Queues.EXPORTS).queue();
                receiptsQueue.grantSendMessages(role);
                exportsQueue.grantSendMessages(role);
                function.function().addEnvironment(EnvNames.RECEIPTS_QUEUE_URL, receiptsQueue.getQueueUrl());
                function.function().addEnvironment(EnvNames.EXPORTS_QUEUE_URL, exportsQueue.getQueueUrl());
                // and account deletions without progress, which are never given up
                var deletionsQueue = storage.queue(Queues.ACCOUNT_DELETIONS).queue();
                deletionsQueue.grantSendMessages(role);
                function.function().addEnvironment(EnvNames.ACCOUNT_DELETIONS_QUEUE_URL, deletionsQueue.getQueueUrl());
                // receipts accepted but never read are re-driven only where receipts are read at all
                if (settings.receiptReadingMonthlyPages() <= 0) {
                    function.function().addEnvironment(EnvNames.RECEIPT_READING, "off");
                }
                Duration rate = Duration.minutes(settings.maintenanceRate().toMinutes());
                Rule.Builder.create(function, "Schedule")
                        .description("Runs " + function.spec().module() + " every " + settings.maintenanceRate().toMinutes()
                                + " minutes")
                        .schedule(Schedule.rate(rate))
                        .targets(List.of(new LambdaFunction(function.live(), LambdaFunctionProps.builder()
                                .retryAttempts(2)
                                .maxEventAge(rate)
                                .build())))
                        .build();
            }
            case RATES_UPDATER -> {
                // the database only (the shared rates table) and the ECB's public HTTPS file: nothing of AWS to grant.
                // The ECB publishes on its working days around 16:00 CET; 16:30 UTC is after that in summer and winter.
                // A missed or failed run is retried twice, and the next day's 90-day file fills the gap anyway.
                Rule.Builder.create(function, "Schedule")
                        .description("Runs " + function.spec().module() + " on working days after the ECB publishes its rates")
                        .schedule(Schedule.cron(CronOptions.builder().minute("30").hour("16").weekDay("MON-FRI").build()))
                        .targets(List.of(new LambdaFunction(function.live(), LambdaFunctionProps.builder()
                                .retryAttempts(2)
                                .maxEventAge(Duration.hours(6))
                                .build())))
                        .build();
            }
            case ACCOUNT_API -> {
                // records the request (the database) and queues the job
                var queue = storage.queue(Queues.ACCOUNT_DELETIONS).queue();
                queue.grantSendMessages(role);
                function.function().addEnvironment(EnvNames.ACCOUNT_DELETIONS_QUEUE_URL, queue.getQueueUrl());
            }
            case ACCOUNT_DELETER -> {
                // removes the owner's objects under every prefix (ListBucket to find them), then the user
                objects.actionsOnBucketAndObjectKeys(role, uploads, "s3:ListBucket", "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, receipts, "s3:DeleteObject");
                objects.actionsOnObjectKeys(role, exports, "s3:DeleteObject");
                identity.userPool().grant(role, "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDeleteUser");
                function.function().addEnvironment(EnvNames.USER_POOL_ID, identity.userPool().getUserPoolId());
                consume(function, storage.queue(Queues.ACCOUNT_DELETIONS), 1, settings);
            }
            case DB_MIGRATOR -> {
                // the database only; invoked by the deployment trigger
            }
            default -> throw new IllegalStateException("decide what " + function.spec() + " may access and what invokes it");
        }
        if (function.spec() != Functions.DB_MIGRATOR) {
            // on the whole construct: the function's policy, or that of the named role it was given
            Nag.suppress(function, "AwsSolutions-IAM5",
                    "S3 access is scoped to the application's key prefixes (uploads/*, receipts/* or exports/*): the keys below them are"
                            + " per owner and per object, and the functions address any of them.",
                    Nag.matching("^Resource::.*/(uploads|receipts|exports)/\\*$"));
        }
    }

    /**
     * With reserved concurrency, the event source invokes at most that many copies at once: a throttled SQS batch would
     * go back to the queue and count as a receive, and three of those would dead-letter a message that never failed.
     */
    private static void consume(JavaFunction function, WorkQueue queue, int batchSize, EnvironmentSettings settings) {
        var props = SqsEventSourceProps.builder()
                .batchSize(batchSize)
                .reportBatchItemFailures(true);
        if (settings.reservedConcurrency() && Concurrency.plan(settings.database()).get(function.spec()) >= Concurrency.MIN_CONSUMER) {
            props.maxConcurrency(Concurrency.plan(settings.database()).get(function.spec()));
        }
        function.live().addEventSource(new SqsEventSource(queue.queue(), props.build()));
    }

    /** The functions the route table sends HTTP requests to (entries-api, documents-api, exports-api). */
    static java.util.Set<Functions> apiHandlers() {
        java.util.Set<Functions> handlers = java.util.EnumSet.noneOf(Functions.class);
        org.expensetracker.http.Routes.ALL.forEach(route -> handlers.add(route.function().function()));
        return handlers;
    }

    JavaFunction function(Functions spec) {
        return functions.get(spec);
    }

    Collection<JavaFunction> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    Identity identity() {
        return identity;
    }

    ApiGateway gateway() {
        return gateway;
    }
}
