package org.expensetracker.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point of an HTTP function: each event goes to the function's {@link HttpApi}.
 * With SnapStart the runtime calls {@link #beforeCheckpoint} before it takes the snapshot; the
 * function then primes its request path ({@link #prime}), so that restored environments serve
 * their first request warm. Subclasses are composition roots: their no-argument constructor (the
 * runtime's) builds the clients and calls {@link #registerForSnapshot}.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
    private final HttpApi api;
    private final List<PrimingRequest> priming;
    private final Runnable localPriming;

    /**
     * @param priming      read-only requests sent through the handler, as a user who cannot exist
     * @param localPriming work on the request path that sends nothing (signing a throw-away URL)
     */
    protected ApiFunction(HttpApi api, List<PrimingRequest> priming, Runnable localPriming) {
        this.api = api;
        this.priming = List.copyOf(priming);
        this.localPriming = localPriming;
    }

    /** Registers this handler's checkpoint hook; org.crac does nothing where the JVM cannot snapshot. */
    protected final void registerForSnapshot() {
        Core.getGlobalContext().register(this);
    }

    /** Sends the priming requests through the handler, then the local priming; returns the statuses. */
    public final List<Integer> prime() {
        List<Integer> statuses = api.prime(priming);
        localPriming.run();
        return statuses;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public final void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the Data API, S3 and SQS are HTTP calls, credentials come per request.
    }
}
