package org.expensetracker.exportsapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.export.ExportService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.export.DataApiExportRepository;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the export routes and their composition root. With SnapStart,
 * {@link #beforeCheckpoint} primes the request path before the snapshot (see EntriesHandler).
 */
public final class ExportsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    /** The read-only routes, as a user who cannot exist; sending to SQS is not primed (it would queue a job). */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /exports"),
            PrimingRequest.get("GET /exports/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"));

    private final HttpApi api;

    public ExportsHandler() {
        this(System::getenv);
        Core.getGlobalContext().register(this);
    }

    public ExportsHandler(Function<String, String> env) {
        this.api = new HttpApi(FunctionName.EXPORTS_API, new ExportEndpoints(
                new ExportService(new DataApiExportRepository(DataApiClients.sql(DataApiClients.client(), env)),
                        new SqsExportQueue(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                                required(env, EnvNames.EXPORTS_QUEUE_URL))),
                S3Clients.receiptsSigningFirst(env), Clock.systemUTC()).byRouteKey());
    }

    /** Sends {@link #PRIMING} through the handler; returns the statuses. */
    public List<Integer> prime() {
        return api.prime(PRIMING);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the Data API, S3 and SQS are HTTP calls, credentials come per request.
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }

    private static String required(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
