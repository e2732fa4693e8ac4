package org.expensetracker.documentsapi;

import java.util.List;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.http.ApiFunction;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import org.expensetracker.storage.S3Receipts;

/**
 * Lambda entry point of the document routes and their composition root: the Data API for the
 * rows, S3 for presigned URLs. Clients are built once per execution environment. With SnapStart,
 * it primes itself with {@link #PRIMING} and signed URLs before the snapshot (see {@link ApiFunction}).
 */
public final class DocumentsHandler extends ApiFunction {
    /** The one read-only route, for a document that cannot exist: a Data API call, then 404. */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /documents/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"));

    public DocumentsHandler() {
        this(System::getenv);
        registerForSnapshot();
    }

    public DocumentsHandler(Function<String, String> env) {
        this(DataApiClients.sql(DataApiClients.client(), env), S3Clients.receiptsSigningFirst(env),
                env.apply(EnvNames.APP_CLIENT_ID));
    }

    private DocumentsHandler(org.expensetracker.dataapi.DataApiSql sql, S3Receipts receipts, String appClientId) {
        this(new DocumentService(new DataApiDocumentRepository(sql), receipts), receipts, appClientId);
    }

    /** @param appClientId the app client whose access tokens are accepted (null: any the authorizer accepts) */
    public DocumentsHandler(DocumentService documents, S3Receipts receipts, String appClientId) {
        super(new HttpApi(FunctionName.DOCUMENTS_API, new DocumentEndpoints(documents).byRouteKey(), appClientId),
                PRIMING, receipts::primeSigning);
    }
}
