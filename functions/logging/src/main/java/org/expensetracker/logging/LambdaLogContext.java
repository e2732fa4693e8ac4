package org.expensetracker.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * Puts the invocation's Lambda context on every log line the thread writes from here on:
 * {@code function_name}, {@code function_version}, {@code function_arn},
 * {@code function_memory_size}, {@code function_request_id}, {@code cold_start} (true for the
 * first invocation of this execution environment) and {@code xray_trace_id} when tracing is on.
 * Handlers call it first thing; the next invocation on the thread overwrites the values.
 */
public final class LambdaLogContext {
    /** Fields written as JSON numbers and booleans rather than strings. */
    static final Set<String> TYPED_FIELDS = Set.of("cold_start", "function_memory_size");
    private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);

    private LambdaLogContext() {
    }

    public static void initialize(Context context) {
        MDC.put("function_name", context.getFunctionName());
        MDC.put("function_version", context.getFunctionVersion());
        MDC.put("function_arn", context.getInvokedFunctionArn());
        MDC.put("function_memory_size", Integer.toString(context.getMemoryLimitInMB()));
        MDC.put("function_request_id", context.getAwsRequestId());
        MDC.put("cold_start", Boolean.toString(FIRST_INVOCATION.getAndSet(false)));
        String traceId = traceRoot(System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID")));
        if (traceId == null) {
            MDC.remove("xray_trace_id");
        } else {
            MDC.put("xray_trace_id", traceId);
        }
    }

    /** {@code Root=1-5e…;Parent=…;Sampled=1} gives {@code 1-5e…}. */
    static String traceRoot(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring("Root=".length());
            }
        }
        return null;
    }
}
