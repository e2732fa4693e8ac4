package org.expensetracker.entries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.entry.DataApiEntryRepository;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;

/**
 * Lambda entry point of the entry routes, and their composition root. The no-argument constructor
 * is the one the Lambda runtime calls: it reads the environment and builds the clients once per
 * execution environment. The local stack and tests pass their own environment lookup.
 */
public final class EntriesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpApi api;

    public EntriesHandler() {
        this(System::getenv);
    }

    public EntriesHandler(Function<String, String> env) {
        this(new EntryService(
                new DataApiEntryRepository(DataApiClients.sql(DataApiClients.client(), env)),
                settings(env)));
    }

    public EntriesHandler(EntryService entries) {
        this.api = new HttpApi(FunctionName.ENTRIES_API, new EntryEndpoints(entries).byRouteKey());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }

    static EntrySettings settings(Function<String, String> env) {
        String currency = env.apply(EnvNames.DEFAULT_CURRENCY);
        String retentionDays = env.apply(EnvNames.TRASH_RETENTION_DAYS);
        return new EntrySettings(currency == null || currency.isBlank() ? "INR" : currency,
                retentionDays == null || retentionDays.isBlank() ? EntrySettings.DEFAULT_TRASH_RETENTION
                        : Duration.ofDays(Long.parseLong(retentionDays)));
    }
}
