package org.expensetracker.logging;

import java.util.Locale;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * Which events are written: the project's own loggers ({@code org.expensetracker.*}) from
 * {@code LOG_LEVEL} (INFO by default), libraries' loggers (the AWS SDK, PDFBox…) from WARN up,
 * so their chatter never reaches the logs unless something is wrong.
 */
record LogLevels(Level application, Level libraries) {
    static final String APPLICATION_PREFIX = "org.expensetracker";
    static final String LOG_LEVEL = "LOG_LEVEL";

    static LogLevels fromEnvironment(Function<String, String> env) {
        return new LogLevels(parse(env.apply(LOG_LEVEL), Level.INFO), Level.WARN);
    }

    Level thresholdFor(String loggerName) {
        return loggerName.startsWith(APPLICATION_PREFIX) ? application : libraries;
    }

    static Level parse(String value, Level fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "WARNING" -> Level.WARN;
            case "FATAL" -> Level.ERROR;
            default -> {
                try {
                    yield Level.valueOf(name);
                } catch (IllegalArgumentException e) {
                    yield fallback;
                }
            }
        };
    }
}
