package org.expensetracker.documentsapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
import org.expensetracker.core.document.DocumentService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.document.DataApiDocumentRepository;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.storage.S3Clients;

/**
 * Lambda entry point of the document routes and their composition root: the Data API for the
 * rows, S3 for presigned URLs. Clients are built once per execution environment.
 */
public final class DocumentsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final HttpApi api;

    public DocumentsHandler() {
        this(System::getenv);
    }

    public DocumentsHandler(Function<String, String> env) {
        this(new DocumentService(
                new DataApiDocumentRepository(DataApiClients.sql(DataApiClients.client(), env)),
                S3Clients.receipts(S3Clients.client(), env)));
    }

    public DocumentsHandler(DocumentService documents) {
        this.api = new HttpApi(FunctionName.DOCUMENTS_API, new DocumentEndpoints(documents).byRouteKey());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
