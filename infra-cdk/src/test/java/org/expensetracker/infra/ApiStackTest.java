package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.config.Functions;
import org.expensetracker.core.config.PasswordPolicy;
import org.expensetracker.core.config.Queues;
import org.expensetracker.core.config.TokenLifetimes;
import org.expensetracker.http.Route;
import org.expensetracker.http.Routes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ApiStackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The master's secret and the application user's (its attachment to the cluster), as the Api stack reads them. */
    static final String MASTER_SECRET = "DatabaseSecret(Attachment)?[0-9A-F]{8}";
    static final String APP_SECRET = "DatabaseAppSecretAttachment[0-9A-F]{8}";
    static Synthesized dev;
    static Template api;
    static Map<String, Map<String, Object>> allResources;
    static Object receiptsBucketArn;

    @BeforeAll
    static void synth() {
        dev = Synthesized.dev();
        api = dev.api;
        @SuppressWarnings("unchecked")
        var all = (Map<String, Map<String, Object>>) api.toJSON().get("Resources");
        allResources = all;
    }

    // ---- functions ----

    @Test
    void oneJava21ArmLambdaWithSnapStartPerCatalogueEntry() {
        for (Functions spec : Functions.values()) {
            api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", spec.handler(),
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "MemorySize", spec.memoryMb(),
                    "Timeout", spec.timeout().toSeconds(),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Match.objectLike(Map.of("Ref", Match.anyValue()))),
                    "VpcConfig", Match.absent(),
                    "Code", Match.objectLike(Map.of("S3Key", Match.stringLikeRegexp("^[0-9a-f]{64}\\.zip$")))));
            functionLogicalId(spec);
        }
        assertThat(api.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Runtime", "java21"))))
                .hasSize(Functions.values().length);
    }

    @Test
    void noLambdaOfAnyStackSitsInTheVpc() {
        for (Synthesized env : List.of(dev, Synthesized.prod())) {
            for (Template template : env.templates()) {
                if (!template.findResources("AWS::Lambda::Function").isEmpty()) {
                    template.allResourcesProperties("AWS::Lambda::Function", Map.of("VpcConfig", Match.absent()));
                }
            }
        }
    }

    @Test
    void eachFunctionLogsJsonIntoItsOwnLogGroupWithTheEnvironmentsRetention() {
        Set<Object> logGroups = new HashSet<>();
        for (Functions spec : Functions.values()) {
            @SuppressWarnings("unchecked")
            var logging = (Map<String, Object>) props(function(spec)).get("LoggingConfig");
            String logGroup = (String) ((Map<?, ?>) logging.get("LogGroup")).get("Ref");
            assertThat(logGroups.add(logGroup)).as("own log group for " + spec).isTrue();
            assertThat(props(resource(logGroup)).get("RetentionInDays")).isEqualTo(14);
        }
    }

    @Test
    void environmentNamesComeFromTheCatalogueAndCarryNoSecrets() throws Exception {
        Set<String> common = Set.of(EnvNames.DB_CLUSTER_ARN, EnvNames.DB_SECRET_ARN, EnvNames.DB_NAME,
                EnvNames.RECEIPTS_BUCKET, EnvNames.DEFAULT_CURRENCY, EnvNames.TRASH_RETENTION_DAYS);
        for (Functions spec : Functions.values()) {
            @SuppressWarnings("unchecked")
            var variables = (Map<String, Object>) ((Map<String, Object>) props(function(spec)).get("Environment")).get("Variables");
            Set<String> expected = new HashSet<>(common);
            if (spec == Functions.EXPORTS_API) {
                expected.add(EnvNames.EXPORTS_QUEUE_URL);
            }
            if (ApiStack.apiHandlers().contains(spec)) {
                expected.add(EnvNames.APP_CLIENT_ID);
                assertThat(variables.get(EnvNames.APP_CLIENT_ID)).as(spec.module())
                        .isEqualTo(Map.of("Ref", single(api.findResources("AWS::Cognito::UserPoolClient"))));
            }
            if (spec == Functions.MAINTENANCE) {
                expected.add(EnvNames.EXPORTS_QUEUE_URL);
                expected.add(EnvNames.RECEIPTS_QUEUE_URL);
                expected.add(EnvNames.ACCOUNT_DELETIONS_QUEUE_URL);
            }
            if (spec == Functions.ACCOUNT_API) {
                expected.add(EnvNames.ACCOUNT_DELETIONS_QUEUE_URL);
            }
            if (spec == Functions.RECEIPT_INDEXER) {
                expected.add(EnvNames.RECEIPT_READING_MONTHLY_PAGES);
                expected.add(EnvNames.RECEIPTS_QUEUE_URL); // checks on reading jobs, sent to itself
            }
            if (spec == Functions.ACCOUNT_DELETER) {
                expected.add(EnvNames.USER_POOL_ID);
                assertThat(variables.get(EnvNames.USER_POOL_ID))
                        .isEqualTo(Map.of("Ref", single(api.findResources("AWS::Cognito::UserPool"))));
            }
            if (spec == Functions.DB_MIGRATOR) {
                expected.add(ApiStack.APP_SECRET_ARN);
                // the migrator alone runs as the master user; it is told the application user's secret to create that role
                assertThat(json(variables.get(EnvNames.DB_SECRET_ARN))).containsPattern(MASTER_SECRET);
                assertThat(json(variables.get(ApiStack.APP_SECRET_ARN))).containsPattern(APP_SECRET);
            } else {
                assertThat(json(variables.get(EnvNames.DB_SECRET_ARN))).as(spec.module()).containsPattern(APP_SECRET)
                        .doesNotContainPattern(MASTER_SECRET);
            }
            assertThat(variables.keySet()).as(spec.module()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(variables.get(EnvNames.DB_NAME)).isEqualTo("expenses");
            assertThat(variables.get(EnvNames.DEFAULT_CURRENCY)).isEqualTo("INR");
            assertThat(variables.get(EnvNames.TRASH_RETENTION_DAYS)).isEqualTo("30");
            assertThat(json(variables)).doesNotContain("resolve:secretsmanager").doesNotContain("SecretString");
            assertThat(json(variables.get(EnvNames.DB_SECRET_ARN))).containsPattern("Database\\w*Secret");
        }
        assertThat(json(props(function(Functions.EXPORTS_API)))).contains("ExportsQueue");
    }

    @Test
    void everyFunctionIsCalledThroughItsLiveAliasOnThePublishedVersion() {
        for (Functions spec : Functions.values()) {
            var alias = props(resource(aliasLogicalId(spec)));
            @SuppressWarnings("unchecked")
            String version = ((List<String>) ((Map<String, Object>) alias.get("FunctionVersion")).get("Fn::GetAtt")).get(0);
            assertThat(resource(version).get("Type")).isEqualTo("AWS::Lambda::Version");
            assertThat(props(resource(version)).get("FunctionName")).isEqualTo(Map.of("Ref", functionLogicalId(spec)));
        }
    }

    // ---- HTTP API ----

    @Test
    void oneRoutePerRouteTableEntryAllBehindTheJwtAuthorizer() {
        api.resourceCountIs("AWS::ApiGatewayV2::Route", Routes.ALL.size());
        String authorizer = single(api.findResources("AWS::ApiGatewayV2::Authorizer"));
        for (Route route : Routes.ALL) {
            var routes = api.findResources("AWS::ApiGatewayV2::Route", Map.of("Properties", Map.of("RouteKey", route.key())));
            assertThat(routes).as(route.key()).hasSize(1);
            var properties = props(routes.values().iterator().next());
            assertThat(properties.get("AuthorizationType")).as(route.key()).isEqualTo("JWT");
            assertThat(properties.get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizer));
            // route → integration → the live alias of the function the table names
            String integration = (String) ((Map<?, ?>) ((List<?>) ((List<?>) ((Map<?, ?>) properties.get("Target"))
                    .get("Fn::Join")).get(1)).get(1)).get("Ref");
            var integrationProps = props(resource(integration));
            assertThat(integrationProps.get("IntegrationType")).isEqualTo("AWS_PROXY");
            assertThat(integrationProps.get("PayloadFormatVersion")).isEqualTo("2.0");
            assertThat(integrationProps.get("IntegrationUri")).as(route.key())
                    .isEqualTo(Map.of("Ref", aliasLogicalId(route.function().function())));
        }
        Set<String> keys = new TreeSet<>();
        api.findResources("AWS::ApiGatewayV2::Route").values().forEach(r -> keys.add((String) props(r).get("RouteKey")));
        assertThat(keys).containsExactlyInAnyOrderElementsOf(Routes.ALL.stream().map(Route::key).toList());
    }

    @Test
    void jwtAuthorizerTrustsTheUserPoolAndTheWebClient() {
        String userPool = single(api.findResources("AWS::Cognito::UserPool"));
        String client = single(api.findResources("AWS::Cognito::UserPoolClient"));
        api.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of(
                        "Issuer", Map.of("Fn::GetAtt", List.of(userPool, "ProviderURL")),
                        "Audience", List.of(Map.of("Ref", client)))));
    }

    @Test
    void noCorsTheWebAppCallsTheApiOnItsOwnOrigin() {
        // no preflight is answered and no Access-Control-* header sent: no other origin's page may read an answer
        api.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP", "CorsConfiguration", Match.absent()));
        api.resourceCountIs("AWS::ApiGatewayV2::Route", Routes.ALL.size()); // no OPTIONS routes either
        // the stage throttle bounds direct calls to the execute-api endpoint, which WAF does not see
        api.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("DefaultRouteSettings", Map.of(
                "ThrottlingRateLimit", ApiGateway.RATE_LIMIT, "ThrottlingBurstLimit", ApiGateway.BURST_LIMIT)));
    }

    @Test
    void defaultStageWritesJsonAccessLogs() throws Exception {
        var stages = api.findResources("AWS::ApiGatewayV2::Stage");
        assertThat(stages).hasSize(1);
        var stage = props(stages.values().iterator().next());
        assertThat(stage.get("StageName")).isEqualTo("$default");
        assertThat(stage.get("AutoDeploy")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        var accessLog = (Map<String, Object>) stage.get("AccessLogSettings");
        @SuppressWarnings("unchecked")
        String logGroup = ((List<String>) ((Map<String, Object>) accessLog.get("DestinationArn")).get("Fn::GetAtt")).get(0);
        assertThat(resource(logGroup).get("Type")).isEqualTo("AWS::Logs::LogGroup");
        JsonNode format = JSON.readTree((String) accessLog.get("Format"));
        assertThat(format.get("requestId").asText()).isEqualTo("$context.requestId");
        assertThat(format.get("routeKey").asText()).isEqualTo("$context.routeKey");
        assertThat(format.get("status").asText()).isEqualTo("$context.status");
    }

    @Test
    void userPoolForSelfSignUpWithEmailAndAPublicClient() {
        var passwords = PasswordPolicy.DEPLOYED;
        api.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", false),
                "UsernameAttributes", List.of("email"),
                "AutoVerifiedAttributes", List.of("email"),
                "Policies", Map.of("PasswordPolicy", Map.of(
                        "MinimumLength", passwords.minLength(),
                        "RequireLowercase", passwords.requireLowercase(),
                        "RequireUppercase", passwords.requireUppercase(),
                        "RequireNumbers", passwords.requireDigits(),
                        "RequireSymbols", passwords.requireSymbols(),
                        "TemporaryPasswordValidityDays", passwords.temporaryPasswordValidityDays()))));
        assertThat(passwords.minLength()).isGreaterThanOrEqualTo(12);
        api.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "ExplicitAuthFlows", Match.arrayWith(List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")),
                "GenerateSecret", false,
                "EnableTokenRevocation", true,
                "PreventUserExistenceErrors", "ENABLED"));
    }

    @Test
    void userPoolIsTheSharedUserPoolPolicy() {
        var policy = org.expensetracker.core.config.UserPoolPolicy.DEPLOYED;
        for (Synthesized env : List.of(dev, Synthesized.prod())) {
            env.api.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                    "UsernameAttributes", List.of("email"),
                    "UsernameConfiguration", Map.of("CaseSensitive", policy.caseSensitiveSignIn()),
                    "MfaConfiguration", policy.mfa().name(),
                    "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"),
                    "UserAttributeUpdateSettings", Map.of("AttributesRequireVerificationBeforeUpdate", List.of("email")),
                    "AccountRecoverySetting", Map.of("RecoveryMechanisms",
                            List.of(Map.of("Name", "verified_email", "Priority", 1)))));
            env.api.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                    "AuthSessionValidity", policy.authSessionValidity().toMinutes(),
                    "PreventUserExistenceErrors", "ENABLED"));
        }
        dev.api.hasResourceProperties("AWS::Cognito::UserPool", Map.of("DeletionProtection", "INACTIVE"));
        Synthesized.prod().api.hasResourceProperties("AWS::Cognito::UserPool", Map.of("DeletionProtection", "ACTIVE"));
    }

    @Test
    void tokensLiveAsTheSharedRecordSays() {
        var tokens = TokenLifetimes.DEPLOYED;
        assertThat(tokens.accessToken()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(tokens.idToken()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(tokens.refreshToken()).isEqualTo(java.time.Duration.ofDays(30));
        for (Synthesized env : List.of(dev, Synthesized.prod())) {
            env.api.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                    "AccessTokenValidity", tokens.accessToken().toMinutes(),
                    "IdTokenValidity", tokens.idToken().toMinutes(),
                    "RefreshTokenValidity", tokens.refreshToken().toMinutes(),
                    "TokenValidityUnits", Map.of("AccessToken", "minutes", "IdToken", "minutes", "RefreshToken", "minutes")));
        }
    }

    @Test
    void cognitoMailsWithItsOwnSenderUnlessSesIsConfigured() {
        // neither environment names an SES identity by default
        for (Synthesized env : List.of(dev, Synthesized.prod())) {
            env.api.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                    "EmailConfiguration", Map.of("EmailSendingAccount", "COGNITO_DEFAULT")));
        }
        // with one, the pool sends through SES from the verified identity (a small stack: Identity alone)
        var settings = EnvironmentSettings.dev().withMail(
                new EnvironmentSettings.SesMail("no-reply@expenses.example.com", "Expenses", "eu-west-1", "expenses.example.com"));
        var stack = new software.amazon.awscdk.Stack(new software.amazon.awscdk.App(), "IdentityOnly");
        new Identity(stack, "Identity", settings);
        Template.fromStack(stack).hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "EmailConfiguration", Map.of(
                        "EmailSendingAccount", "DEVELOPER",
                        "From", "Expenses <no-reply@expenses.example.com>",
                        "SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":ses:eu-west-1:", Map.of("Ref", "AWS::AccountId"), ":identity/expenses.example.com"))))));
    }

    // ---- consumers, schedule, migrations ----

    @Test
    void queueConsumersReadThroughTheirAliasAndReportPartialBatchFailures() throws Exception {
        api.resourceCountIs("AWS::Lambda::EventSourceMapping", 3);
        assertConsumer(Functions.RECEIPT_INDEXER, "ReceiptsQueue", 10);
        assertConsumer(Functions.EXPORT_WORKER, "ExportsQueue", 1);
        assertConsumer(Functions.ACCOUNT_DELETER, "AccountDeletionsQueue", 1);
    }

    @Test
    void onlyTheIndexerReadsReceiptsAndOnlyWithTheExpenseAnalysisCalls() {
        for (Functions spec : Functions.values()) {
            var textract = statements(spec).stream().filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("textract:"))).toList();
            if (spec == Functions.RECEIPT_INDEXER) {
                assertThat(textract).singleElement().satisfies(statement ->
                        assertThat(actions(statement)).containsExactlyInAnyOrder("textract:AnalyzeExpense",
                                "textract:StartExpenseAnalysis", "textract:GetExpenseAnalysis"));
            } else {
                assertThat(textract).as(spec.module()).isEmpty();
            }
        }
        api.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Functions.RECEIPT_INDEXER.handler(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(EnvNames.RECEIPT_READING_MONTHLY_PAGES,
                        Integer.toString(EnvironmentSettings.DEFAULT_READING_PAGES))))));
    }

    @Test
    void theAccountDeleterMaySignOutAndDeleteUsersOfThisPoolOnly() {
        var cognito = statements(Functions.ACCOUNT_DELETER).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("cognito-idp:"))).toList();
        assertThat(cognito).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactlyInAnyOrder("cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDeleteUser");
            assertThat(resources(statement)).singleElement().isEqualTo(Map.of("Fn::GetAtt",
                    List.of(single(api.findResources("AWS::Cognito::UserPool")), "Arn")));
        });
        for (Functions spec : Functions.values()) {
            if (spec != Functions.ACCOUNT_DELETER) {
                assertThat(statements(spec)).as(spec.module())
                        .noneMatch(s -> actions(s).stream().anyMatch(a -> a.startsWith("cognito-idp:")));
            }
        }
    }

    private void assertConsumer(Functions spec, String queue, int batchSize) throws Exception {
        var mappings = api.findResources("AWS::Lambda::EventSourceMapping", Map.of("Properties", Map.of("BatchSize", batchSize)));
        var mine = mappings.values().stream().filter(m -> json(props(m).get("FunctionName")).contains("\"" + aliasLogicalId(spec) + "\""))
                .toList();
        assertThat(mine).as(spec.module()).hasSize(1);
        var mapping = props(mine.get(0));
        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(json(mapping.get("FunctionName"))).contains("\"Ref\":\"" + aliasLogicalId(spec) + "\"").contains(":live");
        assertThat(json(mapping.get("EventSourceArn"))).containsPattern("\"OutputName\":\"[^\"]*" + queue + "[0-9A-F]+Arn");
    }

    @Test
    void maintenanceRunsHourlyWhereTheDatabaseIsAlwaysOn() {
        Synthesized.prod().api.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 hour)"));
    }

    @Test
    void maintenanceRunsOnceADayOnItsAlias() {
        String alias = aliasLogicalId(Functions.MAINTENANCE);
        api.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 day)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias))))));
        api.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", alias)));
    }

    @Test
    void ratesAreFetchedOnWorkingDaysAfterTheEcbPublishesOnTheUpdatersAlias() {
        String alias = aliasLogicalId(Functions.RATES_UPDATER);
        api.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "cron(30 16 ? * MON-FRI *)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 21600))))));
        api.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", alias)));
        // it reaches the ECB over the internet: no VPC, and nothing of AWS but the database
        assertThat(props(function(Functions.RATES_UPDATER))).doesNotContainKey("VpcConfig");
        assertThat(statements(Functions.RATES_UPDATER).stream().flatMap(statement -> actions(statement).stream())
                .filter(action -> !action.startsWith("rds-data:") && !action.startsWith("secretsmanager:")
                        && !action.startsWith("logs:") && !action.startsWith("xray:")))
                .isEmpty();
    }

    @Test
    void migrationsRunOnEveryNewMigratorVersionBeforeAnythingServes() {
        var triggers = api.findResources("Custom::Trigger");
        assertThat(triggers).hasSize(1);
        String trigger = triggers.keySet().iterator().next();
        var properties = props(triggers.get(trigger));
        String migratorVersion = (String) ((Map<?, ?>) properties.get("HandlerArn")).get("Ref");
        assertThat(props(resource(migratorVersion)).get("FunctionName"))
                .isEqualTo(Map.of("Ref", functionLogicalId(Functions.DB_MIGRATOR)));
        assertThat(properties.get("ExecuteOnHandlerChange")).isEqualTo(true);
        assertThat(properties.get("InvocationType")).isEqualTo("RequestResponse");
        assertThat(properties.get("Timeout")).isEqualTo(Long.toString(Functions.DB_MIGRATOR.timeout().toMillis()));
        // the API and every other function's alias (hence its event source mapping) wait for the migration
        for (Functions spec : Functions.values()) {
            if (spec != Functions.DB_MIGRATOR) {
                assertThat(dependsOn(aliasLogicalId(spec))).as(spec.module()).contains(trigger);
            }
        }
        for (String type : List.of("AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration",
                "AWS::ApiGatewayV2::Stage", "AWS::Lambda::EventSourceMapping")) {
            api.findResources(type).keySet().forEach(id -> assertThat(dependsOn(id)).as(id).contains(trigger));
        }
        // and it runs after the database: the Api stack depends on the Data stack
        assertThat(dev.stacks.api().getDependencies()).contains(dev.stacks.data());
    }

    // ---- least privilege ----

    @Test
    void s3AccessIsScopedToTheKeyPrefixesEachFunctionWorksOn() {
        Map<Functions, Set<String>> expected = Map.ofEntries(
                Map.entry(Functions.ENTRIES_API, Set.of("s3:GetObject receipts/*")),
                Map.entry(Functions.DOCUMENTS_API, Set.of("s3:PutObject uploads/*", "s3:DeleteObject uploads/*",
                        "s3:GetObject receipts/*", "s3:DeleteObject receipts/*")),
                Map.entry(Functions.EXPORTS_API, Set.of("s3:GetObject exports/*")),
                Map.entry(Functions.RECEIPT_INDEXER, Set.of("s3:GetObject uploads/*", "s3:DeleteObject uploads/*",
                        "s3:ListBucket bucket", "s3:GetObject bucket", "s3:ListBucket uploads/*",
                        "s3:GetObject receipts/*", "s3:PutObject receipts/*", "s3:DeleteObject receipts/*")),
                Map.entry(Functions.EXPORT_WORKER, Set.of("s3:GetObject receipts/*", "s3:ListBucket bucket", "s3:GetObject bucket",
                        "s3:ListBucket receipts/*", "s3:PutObject exports/*", "s3:AbortMultipartUpload exports/*")),
                Map.entry(Functions.MAINTENANCE, Set.of("s3:GetObject uploads/*", "s3:ListBucket bucket", "s3:GetObject bucket",
                        "s3:ListBucket uploads/*", "s3:DeleteObject uploads/*", "s3:DeleteObject receipts/*",
                        "s3:DeleteObject exports/*")),
                Map.entry(Functions.ACCOUNT_API, Set.of()),
                Map.entry(Functions.ACCOUNT_DELETER, Set.of("s3:ListBucket bucket", "s3:DeleteObject bucket", "s3:ListBucket uploads/*",
                        "s3:DeleteObject uploads/*", "s3:DeleteObject receipts/*", "s3:DeleteObject exports/*")),
                Map.entry(Functions.RATES_UPDATER, Set.<String>of()),
                Map.entry(Functions.DB_MIGRATOR, Set.of()));
        assertThat(expected.keySet()).containsExactlyInAnyOrder(Functions.values());
        for (Functions spec : Functions.values()) {
            assertThat(s3Grants(spec)).as(spec.module()).containsExactlyInAnyOrderElementsOf(expected.get(spec));
        }
    }

    @Test
    void documentsApiSignsUploadsOnlyIntoQuarantine() {
        var s3 = statements(Functions.DOCUMENTS_API).stream().filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
        var putters = s3.stream().filter(s -> actions(s).contains("s3:PutObject")).toList();
        assertThat(putters).singleElement().satisfies(statement -> assertThat(resources(statement)).singleElement()
                .isEqualTo(Map.of("Fn::Join", List.of("", List.of(receiptsBucketArn(), "/uploads/*")))));
    }

    @Test
    void onlyTheIndexerMayWriteAcceptedReceipts() {
        for (Functions spec : Functions.values()) {
            boolean writes = s3Grants(spec).contains("s3:PutObject receipts/*");
            assertThat(writes).as(spec.module()).isEqualTo(spec == Functions.RECEIPT_INDEXER);
        }
        api.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", dev.settings.receiptIndexerRoleName()));
    }

    @Test
    void onlyTheExportsApiTheAccountApiTheRecoveryAndTheIndexerToItselfSendMessages() throws Exception {
        for (Functions spec : Functions.values()) {
            var senders = statements(spec).stream().filter(s -> actions(s).contains("sqs:SendMessage")).toList();
            if (spec == Functions.EXPORTS_API) {
                assertThat(senders).hasSize(1);
                assertThat(resources(senders.get(0))).hasSize(1);
                assertThat(json(resources(senders.get(0)).get(0))).containsPattern("\"OutputName\":\"[^\"]*ExportsQueue[0-9A-F]+Arn");
            } else if (spec == Functions.ACCOUNT_API) {
                assertThat(senders).hasSize(1);
                assertThat(resources(senders.get(0))).hasSize(1);
                assertThat(json(resources(senders.get(0)).get(0))).containsPattern("\"OutputName\":\"[^\"]*AccountDeletionsQueue[0-9A-F]+Arn");
            } else if (spec == Functions.RECEIPT_INDEXER) {
                // checks on its own reading jobs (PDFs of several pages), delayed, on its own queue
                assertThat(senders).hasSize(1);
                assertThat(resources(senders.get(0))).hasSize(1);
                assertThat(json(resources(senders.get(0)).get(0))).containsPattern("\"OutputName\":\"[^\"]*ReceiptsQueue[0-9A-F]+Arn");
            } else if (spec == Functions.MAINTENANCE) {
                // the recovery re-drives stuck exports, receipts whose event was lost and account deletions
                assertThat(senders.stream().mapToInt(sender -> resources(sender).size()).sum()).isEqualTo(3);
                assertThat(json(senders)).containsPattern("ExportsQueue[0-9A-F]+Arn").containsPattern("ReceiptsQueue[0-9A-F]+Arn")
                        .containsPattern("AccountDeletionsQueue[0-9A-F]+Arn");
            } else {
                assertThat(senders).as(spec.module()).isEmpty();
            }
        }
    }

    @Test
    void noFunctionHasAWildcardResourceOrAction() {
        for (Functions spec : Functions.values()) {
            for (var statement : statements(spec)) {
                if (spec == Functions.RECEIPT_INDEXER && actions(statement).stream().allMatch(a -> a.endsWith("ExpenseAnalysis")
                        || a.equals("textract:AnalyzeExpense"))) {
                    continue; // Textract has no resource-level permissions: the actions are the limit (below)
                }
                assertThat(resources(statement)).as(spec.module()).doesNotContain("*");
                assertThat(actions(statement)).as(spec.module()).noneMatch(action -> action.contains("*"));
            }
        }
    }

    @Test
    void everyFunctionUsesTheDatabaseThroughTheDataApiOnly() throws Exception {
        for (Functions spec : Functions.values()) {
            var statements = statements(spec);
            var dataApi = statements.stream().filter(s -> actions(s).contains("rds-data:ExecuteStatement")).toList();
            assertThat(dataApi).as(spec.module()).hasSize(1);
            assertThat(json(resources(dataApi.get(0)))).contains(":cluster:").contains("DatabaseCluster");
            assertThat(dataApi.get(0).get("Action")).isEqualTo(ApiStack.DATA_API_ACTIONS);
            var secret = statements.stream().filter(s -> actions(s).contains("secretsmanager:GetSecretValue")).toList();
            String readable = json(secret.stream().flatMap(s -> resources(s).stream()).toList());
            // each function reads only its own credentials: the application user's; the migrator also the master's
            assertThat(readable).as(spec.module()).containsPattern(APP_SECRET);
            if (spec == Functions.DB_MIGRATOR) {
                assertThat(readable).containsPattern(MASTER_SECRET);
            } else {
                assertThat(readable).as(spec.module()).doesNotContainPattern(MASTER_SECRET);
            }
            assertThat(statements.stream().flatMap(s -> actions(s).stream()))
                    .noneMatch(action -> action.startsWith("rds:") || action.startsWith("rds-db:"));
        }
    }

    // ---- alarms, config.json, outputs, stack order ----

    @Test
    void alarmsOnDeadLettersFunctionErrorsAndServerErrors() throws Exception {
        String topic = single(api.findResources("AWS::SNS::Topic"));
        api.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(Map.of("Ref", topic))));
        for (Queues queue : Queues.values()) {
            var alarms = api.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Map.of(
                    "Namespace", "AWS/SQS",
                    "MetricName", "ApproximateNumberOfMessagesVisible",
                    "AlarmName", dev.settings.prefix() + "-" + queue.deadLetterName(),
                    "ComparisonOperator", "GreaterThanThreshold",
                    "Threshold", 0)));
            assertThat(alarms).as(queue.deadLetterName()).hasSize(1);
            assertThat(json(props(alarms.values().iterator().next()).get("Dimensions")))
                    .containsPattern("QueueName.*" + Names.pascal(queue.logicalName()) + "QueueDeadLetters");
        }
        for (Functions spec : Functions.values()) {
            api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", "AWS/Lambda",
                    "MetricName", "Errors",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", functionLogicalId(spec)))),
                    "ComparisonOperator", "GreaterThanThreshold",
                    "Threshold", 0));
        }
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway",
                "MetricName", "5xx",
                "Dimensions", List.of(Map.of("Name", "ApiId", "Value", Map.of("Ref", single(api.findResources("AWS::ApiGatewayV2::Api")))))));
    }

    @Test
    void configJsonIsTheWebStacksNowAndNothingHereTouchesTheSite() throws Exception {
        api.resourceCountIs("Custom::CDKBucketDeployment", 0);
        assertThat(json(api.toJSON())).doesNotContain(dev.settings.stackName("Web"));
    }

    @Test
    void outputs() {
        api.hasOutput("ApiUrl", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(single(api.findResources("AWS::ApiGatewayV2::Api")), "ApiEndpoint"))));
        api.hasOutput("UserPoolId", Map.of("Value", Map.of("Ref", single(api.findResources("AWS::Cognito::UserPool")))));
        api.hasOutput("UserPoolClientId", Map.of("Value", Map.of("Ref", single(api.findResources("AWS::Cognito::UserPoolClient")))));
        dev.web.hasOutput("SiteUrl", Match.anyValue());
        dev.storage.hasOutput("ReceiptsBucket", Match.anyValue());
    }

    @Test
    void stacksDependOnlyDownTheLifecycles() {
        var stacks = dev.stacks;
        assertThat(stacks.data().getDependencies()).isEmpty();
        assertThat(stacks.storage().getDependencies()).isEmpty();
        assertThat(stacks.api().getDependencies()).containsExactlyInAnyOrder(stacks.data(), stacks.storage());
        assertThat(stacks.web().getDependencies()).containsExactlyInAnyOrder(stacks.storage(), stacks.api());
        assertThat(stacks.all()).extracting(s -> s.getStackName())
                .containsExactly("ExpensesDev-Data", "ExpensesDev-Storage", "ExpensesDev-Api", "ExpensesDev-Web");
        assertThat(stacks.all()).extracting(s -> s.getTemplateFile())
                .containsExactly("ExpensesDev-Data.template.json", "ExpensesDev-Storage.template.json",
                        "ExpensesDev-Api.template.json", "ExpensesDev-Web.template.json");
        // prod adds the Recovery stack in the second region, which Data and Storage wait for, and the WAF's Edge stack
        // in us-east-1, which depends on nothing and the Web stack waits for
        var prod = Synthesized.prod().stacks;
        assertThat(prod.all()).extracting(s -> s.getStackName()).containsExactly("ExpensesProd-Recovery", "ExpensesProd-Data",
                "ExpensesProd-Storage", "ExpensesProd-Api", "ExpensesProd-Edge", "ExpensesProd-Web");
        assertThat(prod.recovery().getDependencies()).isEmpty();
        assertThat(prod.data().getDependencies()).containsExactly(prod.recovery());
        assertThat(prod.storage().getDependencies()).containsExactly(prod.recovery());
        assertThat(prod.edge().getDependencies()).isEmpty();
        assertThat(prod.edge().getRegion()).isEqualTo("us-east-1");
        assertThat(prod.web().getDependencies()).containsExactlyInAnyOrder(prod.storage(), prod.api(), prod.edge());
    }

    // ---- helpers ----

    static String functionLogicalId(Functions spec) {
        return single(api.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", spec.handler()))));
    }

    static Map<String, Object> function(Functions spec) {
        return resource(functionLogicalId(spec));
    }

    static String aliasLogicalId(Functions spec) {
        return single(api.findResources("AWS::Lambda::Alias", Map.of("Properties", Map.of(
                "FunctionName", Map.of("Ref", functionLogicalId(spec)), "Name", "live"))));
    }

    /** The statements of the policies attached to the function's role. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Functions spec) {
        String role = ((List<String>) ((Map<String, Object>) props(function(spec)).get("Role")).get("Fn::GetAtt")).get(0);
        List<Map<String, Object>> statements = new ArrayList<>();
        api.findResources("AWS::IAM::Policy").values().stream()
                .filter(policy -> ((List<?>) props(policy).get("Roles")).contains(Map.of("Ref", role)))
                .forEach(policy -> statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) props(policy)
                        .get("PolicyDocument")).get("Statement")));
        return statements;
    }

    /** "action scope" for every S3 action × resource: scope is a key pattern ("receipts/*") or "bucket". */
    static Set<String> s3Grants(Functions spec) {
        Set<String> grants = new LinkedHashSet<>();
        for (var statement : statements(spec)) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            for (String action : actions(statement)) {
                if (!action.startsWith("s3:")) {
                    continue;
                }
                for (Object resource : resources(statement)) {
                    grants.add(action + " " + scope(resource));
                }
            }
        }
        return grants;
    }

    private static String scope(Object resource) {
        if (resource.equals(receiptsBucketArn())) {
            return "bucket";
        }
        if (resource instanceof Map<?, ?> map && map.get("Fn::Join") instanceof List<?> join
                && join.get(1) instanceof List<?> parts && parts.size() == 2 && parts.get(0).equals(receiptsBucketArn())) {
            return ((String) parts.get(1)).substring(1);
        }
        return "unexpected:" + resource;
    }

    /** The receipts bucket's ARN as the Api stack reads it from the Storage stack's outputs. */
    static Object receiptsBucketArn() {
        if (receiptsBucketArn == null) {
            String bucket = StorageStackTest.logicalIdOfReceiptsBucket();
            var outputs = dev.storage.findOutputs("*", Map.of("Value", Map.of("Fn::GetAtt", List.of(bucket, "Arn"))));
            assertThat(outputs).hasSize(1);
            receiptsBucketArn = Map.of("Fn::GetStackOutput", Map.of(
                    "StackName", dev.settings.stackName("Storage"),
                    "Region", Map.of("Ref", "AWS::Region"),
                    "OutputName", outputs.keySet().iterator().next()));
        }
        return receiptsBucketArn;
    }

    static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(action.toString());
    }

    static List<Object> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> list ? List.copyOf(list) : List.of(resource);
    }

    static Map<String, Object> resource(String logicalId) {
        assertThat(allResources).containsKey(logicalId);
        return allResources.get(logicalId);
    }

    static Map<String, Object> props(Map<String, Object> resource) {
        return Synthesized.properties(resource);
    }

    static List<String> dependsOn(String logicalId) {
        Object dependsOn = resource(logicalId).get("DependsOn");
        return dependsOn == null ? List.of()
                : dependsOn instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(dependsOn.toString());
    }

    static String single(Map<String, Map<String, Object>> resources) {
        assertThat(resources).hasSize(1);
        return resources.keySet().iterator().next();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
