package org.expensetracker.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.expensetracker.accountdeleter.AccountDeleter;
import org.expensetracker.accountdeleter.AccountDeleterHandler;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.account.AccountDeletionStatus;
import org.expensetracker.core.config.QueueMessages;
import org.expensetracker.dataapi.SqlStatement;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.expensetracker.local.LocalStack;
import org.expensetracker.local.identity.LocalIdentity;
import org.expensetracker.local.s3.LocalS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * "Delete my account" end to end on the real local stack: {@code DELETE /account} queues the job,
 * the account deleter removes every row and object of the user and then the identity; another
 * user's data is untouched; a crash half-way is finished by the next delivery; a token that is
 * still valid cannot store anything new.
 */
class AccountDeletionTest {
    private static final LocalStack STACK = TestStack.get();
    private static final String PASSWORD = "Correct-horse-9";
    private final DataApiAccountDeletions deletions = new DataApiAccountDeletions(ExportsApiTest.SQL);

    @Test
    void givenAUserWithEntriesReceiptsAndExports_whenTheyDeleteTheirAccount_thenNothingOfTheirsIsLeftAndSignInFails()
            throws Exception {
        Account doomed = Account.create();
        Account neighbour = Account.create();
        String ownerId = ReceiptsApiTest.sub(doomed.api);
        fill(doomed.api);
        fill(neighbour.api);
        String neighbourId = ReceiptsApiTest.sub(neighbour.api);
        Map<String, Long> neighbourBefore = counts(neighbourId);
        List<String> neighbourObjects = objects(neighbourId);
        assertThat(counts(ownerId).values()).allMatch(n -> n > 0);
        assertThat(objects(ownerId)).isNotEmpty();

        ApiClient.Response response = doomed.api.delete("/account");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.body().path("status").asText()).isEqualTo("DELETING");
        awaitDone(new OwnerId(ownerId));
        assertThat(counts(ownerId)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
        assertThat(objects(ownerId)).isEmpty();
        assertThatThrownBy(() -> doomed.signIn())
                .hasMessageContaining("NotAuthorizedException");
        assertThatThrownBy(() -> ApiClient.cognito(STACK, "InitiateAuth", Map.of("AuthFlow", "REFRESH_TOKEN_AUTH",
                "ClientId", STACK.clientId(), "AuthParameters", Map.of("REFRESH_TOKEN", doomed.refreshToken))))
                .hasMessageContaining("NotAuthorizedException");
        // the neighbour keeps everything
        assertThat(counts(neighbourId)).isEqualTo(neighbourBefore);
        assertThat(objects(neighbourId)).containsExactlyInAnyOrderElementsOf(neighbourObjects);
        assertThat(neighbour.api.get("/entries").status()).isEqualTo(200);
        // the e-mail address is free again: a new account under it starts empty
        Account again = Account.create(doomed.email);
        assertThat(again.api.get("/entries").body().path("items").size()).isZero();
    }

    @Test
    void givenADeletionWasRequested_whenAStillValidTokenTriesToStoreSomething_thenItIsRefusedAndNothingIsStored() {
        Account doomed = Account.create();
        OwnerId owner = new OwnerId(ReceiptsApiTest.sub(doomed.api));
        doomed.api.create("2026-11-20", "DEBIT", "10.00", "Food", "Lunch");
        // the request is recorded, the job has not run yet (as in the seconds before the deleter picks it up)
        assertThat(deletions.request(owner)).isEqualTo(AccountDeletionStatus.QUEUED);

        ApiClient.Response created = doomed.api.post("/entries", ApiClient.entry("2026-11-21", "DEBIT", "5.00", "Food", "Tea"));
        ApiClient.Response export = doomed.api.post("/exports", Map.of("filters", Map.of()));

        assertThat(created.status()).as(created.toString()).isEqualTo(401);
        assertThat(created.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(created.body().path("error").path("message").asText()).contains("deleted");
        assertThat(export.status()).as(export.toString()).isEqualTo(401);
        assertThat(counts(owner.value())).containsEntry("entries", 1L).containsEntry("exports", 0L);

        deleteDirectly(owner, failNever());
        assertThat(counts(owner.value())).containsEntry("entries", 0L);
        ApiClient.Response afterwards = doomed.api.delete("/account");
        assertThat(afterwards.status()).as("the token outlived the account").isEqualTo(401);
    }

    @Test
    void givenTheDeleterCrashesBeforeTheIdentityGoes_whenTheMessageIsRedelivered_thenTheJobFinishesAndDuplicatesDoNothing()
            throws Exception {
        Account doomed = Account.create();
        OwnerId owner = new OwnerId(ReceiptsApiTest.sub(doomed.api));
        fill(doomed.api);
        deletions.request(owner);
        AtomicBoolean crash = new AtomicBoolean(true);

        SQSBatchResponse crashed = deleteDirectly(owner, crash);

        assertThat(crashed.getBatchItemFailures()).hasSize(1);
        assertThat(deletions.status(owner)).contains(AccountDeletionStatus.DELETING);
        assertThat(counts(owner.value())).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
        assertThat(doomed.signInResult()).as("the identity is still there until the job ends").isNotNull();

        crash.set(false);
        SQSBatchResponse redelivered = deleteDirectly(owner, crash);

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(deletions.status(owner)).contains(AccountDeletionStatus.DONE);
        assertThatThrownBy(doomed::signIn).hasMessageContaining("NotAuthorizedException");
        assertThat(objects(owner.value())).isEmpty();
        // a late duplicate finds the job done and changes nothing
        assertThat(deleteDirectly(owner, crash).getBatchItemFailures()).isEmpty();
        assertThat(deletions.status(owner)).contains(AccountDeletionStatus.DONE);
    }

    @Test
    void givenADeletionWhoseMessageWasLost_whenTheMaintenanceSweepRuns_thenItIsRedrivenAndFinishes() throws Exception {
        Account doomed = Account.create();
        OwnerId owner = new OwnerId(ReceiptsApiTest.sub(doomed.api));
        doomed.api.create("2026-11-20", "DEBIT", "10.00", "Food", "Lunch");
        deletions.request(owner); // recorded, but the message never reached the queue
        ExportsApiTest.SQL.execute(SqlStatement.of(
                "UPDATE account_deletions SET updated_at = now() - interval '11 minutes' WHERE owner_id = :owner")
                .bind("owner", owner.value()));

        STACK.runMaintenance();

        // this run or the stack's own timer (whichever came first) re-drove it, once
        assertThat(ExportsApiTest.SQL.execute(SqlStatement.of(
                        "SELECT redrives FROM account_deletions WHERE owner_id = :owner").bind("owner", owner.value()))
                .first().orElseThrow().intValue("redrives")).isEqualTo(1);
        awaitDone(owner);
        assertThat(counts(owner.value())).containsEntry("entries", 0L);
        assertThatThrownBy(doomed::signIn).hasMessageContaining("NotAuthorizedException");
    }

    @Test
    void givenTheAdminOperations_whenCalledWithoutTheStacksSignature_thenTheyAreRefusedAndTheUserStays() {
        Account user = Account.create();
        String sub = ReceiptsApiTest.sub(user.api);

        assertThatThrownBy(() -> ApiClient.cognito(STACK, "AdminDeleteUser",
                Map.of("UserPoolId", LocalIdentity.USER_POOL_ID, "Username", sub)))
                .hasMessageContaining("MissingAuthenticationTokenException");
        try (CognitoIdentityProviderClient stranger = cognitoClient("AKIDSTRANGER", "not-the-secret")) {
            assertThatThrownBy(() -> stranger.adminDeleteUser(b -> b.userPoolId(LocalIdentity.USER_POOL_ID).username(sub)))
                    .isInstanceOf(CognitoIdentityProviderException.class)
                    .hasMessageContaining("security token");
        }
        assertThat(user.signInResult()).isNotNull();

        try (CognitoIdentityProviderClient operator = cognitoClient(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)) {
            var shown = operator.adminGetUser(b -> b.userPoolId(LocalIdentity.USER_POOL_ID).username(user.email));
            assertThat(shown.username()).isEqualTo(sub);
            assertThat(shown.userStatusAsString()).isEqualTo("CONFIRMED");
            assertThatThrownBy(() -> operator.adminDeleteUser(b -> b.userPoolId("us-east-1_other").username(sub)))
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> operator.adminGetUser(b -> b.userPoolId(LocalIdentity.USER_POOL_ID)
                    .username("nobody-" + UUID.randomUUID())))
                    .isInstanceOf(UserNotFoundException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Two entries (one in the trash), an accepted receipt, an upload still in quarantine, a finished
     * export, their settings, a budget and a recurring entry.
     */
    private static void fill(ApiClient api) throws Exception {
        assertThat(api.put("/settings", Map.of("homeCurrency", "EUR"), null).status()).isEqualTo(200);
        assertThat(api.put("/budgets/Travel", Map.of("amount", "5000.00"), null).status()).isEqualTo(200);
        assertThat(api.post("/recurring", Map.of("schedule", Map.of("frequency", "MONTHLY", "startDate", "2027-01-01"),
                "template", Map.of("type", "DEBIT", "amount", "100.00"))).status()).isEqualTo(201);
        JsonNode kept = api.create("2026-11-21", "DEBIT", "1250.00", "Travel", "Taxi to airport");
        JsonNode trashed = api.create("2026-11-22", "CREDIT", "5000.00", "Salary", "November");
        assertThat(api.delete("/entries/" + trashed.path("id").asText()).status()).isEqualTo(204);
        JsonNode receipt = ReceiptsApiTest.upload(api, kept.path("id").asText(), "bill.pdf", "application/pdf",
                Receipts.pdf("Blue Cab Co. 1250.00"), true);
        assertThat(ReceiptsApiTest.awaitIndexed(api, receipt.path("id").asText()).path("status").asText()).isEqualTo("AVAILABLE");
        String export = ExportsApiTest.startExport(api, Map.of("format", "zip"));
        assertThat(ExportsApiTest.awaitDone(api, export).path("status").asText()).isEqualTo("SUCCEEDED");
        // bytes in quarantine (what the indexer has not looked at yet), written straight to the bucket
        String owner = ReceiptsApiTest.sub(api);
        S3Probe.s3(STACK).putObject(b -> b.bucket(STACK.receiptsBucket()).key("uploads/" + owner + "/" + UUID.randomUUID()),
                software.amazon.awssdk.core.sync.RequestBody.fromString("half a photo"));
    }

    @Test
    void givenTheSchema_whenItsTablesAreListed_thenEveryTableThatHoldsAnOwnersRowsIsOneTheDeletionEmpties() {
        List<String> owned = ExportsApiTest.SQL.execute(SqlStatement.of("""
                        SELECT table_name FROM information_schema.columns
                         WHERE column_name = 'owner_id' AND table_schema = current_schema()
                           AND table_name <> 'account_deletions'
                         ORDER BY table_name""")).map(row -> row.string("table_name"));

        assertThat(DataApiAccountDeletions.OWNED_TABLES).as("a new table of owner rows must join the deletion")
                .containsExactlyInAnyOrderElementsOf(owned);
    }

    private static Map<String, Long> counts(String ownerId) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : DataApiAccountDeletions.OWNED_TABLES) {
            counts.put(table, ExportsApiTest.SQL.execute(SqlStatement.of(
                            "SELECT count(*) AS n FROM " + table + " WHERE owner_id = :owner").bind("owner", ownerId))
                    .first().orElseThrow().longValue("n"));
        }
        return counts;
    }

    private static List<String> objects(String ownerId) {
        List<String> keys = new java.util.ArrayList<>();
        for (String prefix : List.of("uploads/", "receipts/", "exports/")) {
            keys.addAll(S3Probe.keysUnder(STACK, prefix + ownerId + "/"));
        }
        return keys;
    }

    private void awaitDone(OwnerId owner) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (deletions.status(owner).orElse(null) == AccountDeletionStatus.DONE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("account deletion not finished: " + deletions.status(owner));
    }

    private static AtomicBoolean failNever() {
        return new AtomicBoolean(false);
    }

    /**
     * The deleter invoked with an SQS event, as the event source would, its identity port wrapping the
     * real (signed) Cognito calls with a crash on demand just before the identity is deleted.
     */
    private SQSBatchResponse deleteDirectly(OwnerId owner, AtomicBoolean crashBeforeIdentityDelete) {
        CognitoIdentityProviderClient cognito = cognitoClient(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY);
        AccountDeleter.Identities identities = new AccountDeleter.Identities() {
            @Override
            public void signOutEverywhere(OwnerId who) {
                try {
                    cognito.adminUserGlobalSignOut(b -> b.userPoolId(LocalIdentity.USER_POOL_ID).username(who.value()));
                } catch (UserNotFoundException e) {
                    // gone already
                }
            }

            @Override
            public void delete(OwnerId who) {
                if (crashBeforeIdentityDelete.get()) {
                    throw new IllegalStateException("the function timed out");
                }
                try {
                    cognito.adminDeleteUser(b -> b.userPoolId(LocalIdentity.USER_POOL_ID).username(who.value()));
                } catch (UserNotFoundException e) {
                    // gone already
                }
            }
        };
        var objects = org.expensetracker.storage.S3Clients.receipts(S3Probe.s3(STACK), STACK.functionEnvironment()::get);
        AccountDeleterHandler handler = new AccountDeleterHandler(new AccountDeleter(deletions, objects::deleteAllUnder, identities));
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(QueueMessages.accountDeletion(owner));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        try (cognito) {
            return handler.handleRequest(event, null);
        }
    }

    private static CognitoIdentityProviderClient cognitoClient(String accessKey, String secretKey) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(STACK.cognitoUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A confirmed user of the local pool, signed in, with the e-mail and refresh token kept for later. */
    private record Account(String email, ApiClient api, String refreshToken) {
        static Account create() {
            return create("gone-" + UUID.randomUUID() + "@example.com");
        }

        static Account create(String email) {
            ApiClient.signUpAndConfirm(STACK, email, PASSWORD);
            JsonNode auth = signIn(email).path("AuthenticationResult");
            return new Account(email, ApiClient.withToken(auth.path("AccessToken").asText()), auth.path("RefreshToken").asText());
        }

        JsonNode signIn() {
            return signIn(email);
        }

        JsonNode signInResult() {
            return signIn().path("AuthenticationResult").path("AccessToken");
        }

        private static JsonNode signIn(String email) {
            return ApiClient.cognito(STACK, "InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH",
                    "ClientId", STACK.clientId(), "AuthParameters", Map.of("USERNAME", email, "PASSWORD", PASSWORD)));
        }
    }
}
