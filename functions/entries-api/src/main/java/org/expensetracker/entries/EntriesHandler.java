package org.expensetracker.entries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.storage.S3Clients;
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
        this(env, DataApiClients.sql(DataApiClients.client(), env));
    }

    private EntriesHandler(Function<String, String> env, DataApiSql sql) {
        this(new EntryService(new DataApiEntryRepository(sql), EntrySettings.fromEnvironment(env)),
                new DocumentService(new DataApiDocumentRepository(sql), S3Clients.receipts(S3Clients.client(), env)));
    }

    public EntriesHandler(EntryService entries, DocumentService documents) {
        this.api = new HttpApi(FunctionName.ENTRIES_API, new EntryEndpoints(entries, documents).byRouteKey());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
