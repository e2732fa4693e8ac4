package org.expensetracker.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of every function: found through {@code META-INF/services}, it makes each
 * {@code LoggerFactory.getLogger} a {@link JsonLogger}. A full logging framework costs a Lambda
 * about 0.4 s of cold start (hundreds of classes, an XML configuration); the functions need one
 * JSON line per event on stdout, which CloudWatch stores as it is.
 */
public final class JsonLogServiceProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public void initialize() {
        loggerFactory = new JsonLoggerFactory(LogLevels.fromEnvironment(System::getenv), JsonLogWriter.STDOUT);
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
