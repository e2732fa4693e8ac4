package org.expensetracker.documentsapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3Receipts;

/**
 * Lambda entry point of the document routes and their composition root: the Data API for the
 * rows, S3 for presigned URLs. Clients are built once per execution environment. With SnapStart,
 * {@link #beforeCheckpoint} primes the request path before the snapshot (see EntriesHandler).
 */
public final class DocumentsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    /** The one read-only route, for a document that cannot exist: a Data API call, then 404. */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /documents/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"));

    private final HttpApi api;
    private final S3Receipts receipts;

    public DocumentsHandler() {
        this(System::getenv);
        Core.getGlobalContext().register(this);
    }

    public DocumentsHandler(Function<String, String> env) {
        this(DataApiClients.sql(DataApiClients.client(), env), S3Clients.receiptsSigningFirst(env));
    }

    private DocumentsHandler(org.expensetracker.dataapi.DataApiSql sql, S3Receipts receipts) {
        this(new DocumentService(new DataApiDocumentRepository(sql), receipts), receipts);
    }

    public DocumentsHandler(DocumentService documents, S3Receipts receipts) {
        this.api = new HttpApi(FunctionName.DOCUMENTS_API, new DocumentEndpoints(documents).byRouteKey());
        this.receipts = receipts;
    }

    /** Sends {@link #PRIMING} through the handler and signs throw-away URLs; returns the statuses. */
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
