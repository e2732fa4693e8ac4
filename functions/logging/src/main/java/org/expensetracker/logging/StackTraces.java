package org.expensetracker.logging;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The JDK's own rendering of a stack trace, causes and suppressed exceptions included. */
final class StackTraces {
    private StackTraces() {
    }

    static String of(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
