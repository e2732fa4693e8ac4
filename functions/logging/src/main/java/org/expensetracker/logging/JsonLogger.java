package org.expensetracker.logging;

import java.time.Instant;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Formats an SLF4J call ({@code "{} -> {}"} arguments, a trailing throwable) into one JSON line. */
final class JsonLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final Level threshold;
    private final transient JsonLogWriter writer;

    JsonLogger(String name, Level threshold, JsonLogWriter writer) {
        this.name = name;
        this.threshold = threshold;
        this.writer = writer;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        var formatted = MessageFormatter.arrayFormat(pattern, arguments, throwable);
        writer.write(new LogEvent(Instant.now(), level, name, formatted.getMessage(), MDC.getCopyOfContextMap(),
                formatted.getThrowable()));
    }
}
