package org.expensetracker.logging;

import java.time.Instant;
import java.util.Map;
import org.slf4j.event.Level;

/** One log event, ready to be written: the formatted message plus the thread's context (MDC). */
record LogEvent(Instant timestamp, Level level, String logger, String message, Map<String, String> context,
                Throwable error) {
}
