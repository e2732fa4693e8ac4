package org.expensetracker.accountdeleter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Function;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.expensetracker.queue.SqsBatch;
import org.expensetracker.storage.S3Clients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Lambda entry point of the account deleter, fed by the account-deletions queue, and its
 * composition root. A run that fails is reported in {@code batchItemFailures}, so SQS delivers it
 * again; a message that dead-letters is re-driven by the maintenance sweep, because a deletion the
 * user asked for must finish.
 */
public final class AccountDeleterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountDeleter deleter;

    public AccountDeleterHandler() {
        this(System::getenv);
    }

    public AccountDeleterHandler(Function<String, String> env) {
        this(new AccountDeleter(new DataApiAccountDeletions(DataApiClients.sql(DataApiClients.client(), env)),
                S3Clients.receipts(S3Clients.client(), env)::deleteAllUnder,
                new CognitoIdentities(CognitoIdentityProviderClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(), EnvNames.required(env, EnvNames.USER_POOL_ID))));
    }

    public AccountDeleterHandler(AccountDeleter deleter) {
        this.deleter = deleter;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, context, this::handle);
    }

    private void handle(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody());
        } catch (IOException e) {
            throw new IllegalArgumentException("account deletion message is not JSON", e);
        }
        deleter.delete(new OwnerId(body.path("deleteAccount").asText()));
    }

}
