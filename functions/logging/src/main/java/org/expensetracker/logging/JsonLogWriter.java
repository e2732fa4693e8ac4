package org.expensetracker.logging;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes events as JSON lines: {@code timestamp}, {@code level}, {@code message}, {@code logger},
 * {@code service}, then the context (the Lambda fields and {@code correlation_id}, sorted by
 * name) and, when there is one, {@code error} with the exception's type, message and stack trace.
 * One event is one line, stack trace included, so CloudWatch keeps it as one event.
 */
@FunctionalInterface
interface JsonLogWriter {
    void writeLine(String line);

    /** The current {@code System.out}, looked up per line so that it can be redirected. */
    JsonLogWriter STDOUT = line -> System.out.print(line);

    default void write(LogEvent event) {
        writeLine(format(event, Service.NAME));
    }

    static String format(LogEvent event, String service) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "timestamp", event.timestamp().toString()).append(',');
        field(json, "level", event.level().name()).append(',');
        field(json, "message", event.message()).append(',');
        field(json, "logger", event.logger());
        if (service != null) {
            json.append(',');
            field(json, "service", service);
        }
        if (event.context() != null) {
            for (Map.Entry<String, String> entry : new TreeMap<>(event.context()).entrySet()) {
                if (entry.getValue() != null) {
                    json.append(',');
                    contextField(json, entry.getKey(), entry.getValue());
                }
            }
        }
        if (event.error() != null) {
            json.append(",\"error\":{");
            field(json, "type", event.error().getClass().getName()).append(',');
            field(json, "message", event.error().getMessage()).append(',');
            field(json, "stack", StackTraces.of(event.error()));
            json.append('}');
        }
        return json.append("}\n").toString();
    }

    /** Numbers and booleans the Lambda context gives stay JSON numbers and booleans. */
    private static void contextField(StringBuilder json, String name, String value) {
        if (LambdaLogContext.TYPED_FIELDS.contains(name)) {
            Json.string(json, name).append(':').append(value);
        } else {
            field(json, name, value);
        }
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        Json.string(json, name).append(':');
        return value == null ? json.append("null") : Json.string(json, value);
    }

    /** The service name every line carries: {@code SERVICE_NAME}, else the function's name. */
    final class Service {
        static final String NAME = System.getenv("SERVICE_NAME") != null ? System.getenv("SERVICE_NAME")
                : System.getenv("AWS_LAMBDA_FUNCTION_NAME");

        private Service() {
        }
    }
}
