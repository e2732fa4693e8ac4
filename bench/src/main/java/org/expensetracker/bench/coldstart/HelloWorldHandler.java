package org.expensetracker.bench.coldstart;

/**
 * The baseline of {@code ColdStartBench}: the smallest Java handler there is, run by the same runner in the
 * same kind of fresh JVM with nothing else on its class path. It returns a constant, so its cold start is
 * the JVM's own start plus the runner's reflection, which every function pays too.
 */
public final class HelloWorldHandler {
    public Object handleRequest(Object input, Object context) {
        return "hello, world";
    }
}
