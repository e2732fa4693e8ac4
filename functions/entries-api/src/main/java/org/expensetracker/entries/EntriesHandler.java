package org.expensetracker.entries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.core.entry.EntryService;
import org.expensetracker.core.entry.EntrySettings;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.dataapi.entry.DataApiEntryRepository;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3Receipts;

/**
 * Lambda entry point of the entry routes, and their composition root. The no-argument constructor
 * is the one the Lambda runtime calls: it reads the environment and builds the clients once per
 * execution environment. The local stack and tests pass their own environment lookup.
 *
 * <p>With SnapStart the runtime calls {@link #beforeCheckpoint} before it takes the snapshot: the
 * handler then sends itself read-only requests, so that restored environments start warm.
 */
public final class EntriesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    /** The read-only routes, as a user who cannot exist: each goes through the SDK to the database. */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /entries").withQuery("q", "priming").withQuery("from", "2024-01-01"),
            PrimingRequest.get("GET /entries/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"),
            PrimingRequest.get("GET /summary").withQuery("groupBy", "category"),
            PrimingRequest.get("GET /suggestions").withQuery("field", "category").withQuery("prefix", "p"));

    private final HttpApi api;
    private final S3Receipts receipts;

    public EntriesHandler() {
        this(System::getenv);
        Core.getGlobalContext().register(this);
    }

    public EntriesHandler(Function<String, String> env) {
        this(env, DataApiClients.sql(DataApiClients.client(), env), S3Clients.receiptsSigningFirst(env));
    }

    private EntriesHandler(Function<String, String> env, DataApiSql sql, S3Receipts receipts) {
        this(new EntryService(new DataApiEntryRepository(sql), EntrySettings.fromEnvironment(env)),
                new DocumentService(new DataApiDocumentRepository(sql), receipts), receipts);
    }

    public EntriesHandler(EntryService entries, DocumentService documents, S3Receipts receipts) {
        this.api = new HttpApi(FunctionName.ENTRIES_API, new EntryEndpoints(entries, documents).byRouteKey());
        this.receipts = receipts;
    }

    /** Sends {@link #PRIMING} through the handler and signs a throw-away URL; returns the statuses. */
    public List<Integer> prime() {
        List<Integer> statuses = api.prime(PRIMING);
        receipts.primeSigning();
        return statuses;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the Data API and S3 are HTTP calls, credentials come per request.
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
