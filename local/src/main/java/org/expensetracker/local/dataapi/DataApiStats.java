package org.expensetracker.local.dataapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the endpoint served, so tests can assert how many round trips a feature costs. */
final class DataApiStats {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong resumingRefusals = new AtomicLong();
    private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byError = new ConcurrentHashMap<>();

    void call(String operation) {
        calls.incrementAndGet();
        byOperation.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    void error(String errorType) {
        errors.incrementAndGet();
        byError.computeIfAbsent(errorType, k -> new AtomicLong()).incrementAndGet();
        if ("DatabaseResumingException".equals(errorType)) {
            resumingRefusals.incrementAndGet();
        }
    }

    void transactionBegun() {
        transactions.incrementAndGet();
    }

    long calls() {
        return calls.get();
    }

    void reset() {
        calls.set(0);
        errors.set(0);
        transactions.set(0);
        resumingRefusals.set(0);
        byOperation.clear();
        byError.clear();
    }

    ObjectNode toJson(int openTransactions, boolean resuming) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("calls", calls.get());
        json.put("transactions", transactions.get());
        json.put("errors", errors.get());
        json.put("resumingErrors", resumingRefusals.get());
        json.put("openTransactions", openTransactions);
        json.put("resuming", resuming);
        ObjectNode operations = json.putObject("operations");
        new TreeMap<>(byOperation).forEach((name, count) -> operations.put(name, count.get()));
        ObjectNode errorTypes = json.putObject("errorTypes");
        new TreeMap<>(byError).forEach((name, count) -> errorTypes.put(name, count.get()));
        return json;
    }
}
