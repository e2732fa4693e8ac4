package org.expensetracker.exportsapi;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.core.export.ExportService;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.export.DataApiExportRepository;
import org.expensetracker.http.ApiFunction;
import org.expensetracker.http.FunctionName;
import org.expensetracker.http.HttpApi;
import org.expensetracker.http.PrimingRequest;
import org.expensetracker.storage.S3Clients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the export routes and their composition root. With SnapStart,
 * it primes itself with {@link #PRIMING} before the snapshot (see {@link ApiFunction}).
 */
public final class ExportsHandler extends ApiFunction {
    /** The read-only routes, as a user who cannot exist; sending to SQS is not primed (it would queue a job). */
    static final List<PrimingRequest> PRIMING = List.of(
            PrimingRequest.get("GET /exports"),
            PrimingRequest.get("GET /exports/{id}").withPath("id", "00000000-0000-4000-8000-000000000000"));

    public ExportsHandler() {
        this(System::getenv);
        registerForSnapshot();
    }

    public ExportsHandler(Function<String, String> env) {
        super(new HttpApi(FunctionName.EXPORTS_API, new ExportEndpoints(
                new ExportService(new DataApiExportRepository(DataApiClients.sql(DataApiClients.client(), env)),
                        new SqsExportQueue(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                                EnvNames.required(env, EnvNames.EXPORTS_QUEUE_URL))),
                S3Clients.receiptsSigningFirst(env), Clock.systemUTC()).byRouteKey(), env.apply(EnvNames.APP_CLIENT_ID)),
                PRIMING, () -> { });
    }

}
