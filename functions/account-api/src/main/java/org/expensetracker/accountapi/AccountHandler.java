package org.expensetracker.accountapi;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.core.account.AccountService;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.account.DataApiAccountDeletions;
import org.expensetracker.http.ApiFunction;
import org.expensetracker.http.ApiResponse;
import org.expensetracker.http.Endpoint;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.Json;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the account routes and their composition root. {@code DELETE /account}
 * records the request and queues the job; the account deleter does the work. Nothing is primed
 * before a SnapStart snapshot: the only route writes.
 */
public final class AccountHandler extends ApiFunction {
    public AccountHandler() {
        this(System::getenv);
        registerForSnapshot();
    }

    public AccountHandler(Function<String, String> env) {
        super(new HttpApi(FunctionName.ACCOUNT_API, endpoints(new AccountService(
                        new DataApiAccountDeletions(DataApiClients.sql(DataApiClients.client(), env)),
                        new SqsAccountDeletionQueue(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                                EnvNames.required(env, EnvNames.ACCOUNT_DELETIONS_QUEUE_URL)))),
                        env.apply(EnvNames.APP_CLIENT_ID)),
                List.of(), () -> { });
    }

    static Map<String, Endpoint> endpoints(AccountService accounts) {
        return Map.of("DELETE /account", request -> {
            accounts.requestDeletion(request.owner());
            // Whatever the job's progress, to the caller it is "being deleted" until sign-in fails.
            return ApiResponse.json(202, Json.object().put("status", "DELETING"));
        });
    }

}
