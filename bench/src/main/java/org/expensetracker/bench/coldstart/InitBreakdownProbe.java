package org.expensetracker.bench.coldstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.expensetracker.entries.EntriesHandler;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A "handler" for {@code ColdStartBench} that takes entries-api's init apart: run by the same runner in a
 * fresh JVM with entries-api's zip on the class path (which provides every class named here; this class
 * alone is copied next to the runner), its constructor does what the function's init does, one piece after
 * the other, timing each: the logging backend's start (the first SLF4J logger), a Jackson ObjectMapper,
 * the Data API client, the S3 client, the S3 presigner, and then the real {@link EntriesHandler} no-argument
 * constructor, which by then finds all those classes loaded. Its first invoke is one Data API
 * ExecuteStatement ({@code SELECT 1}), then a second one for the warm cost. Each piece pays for what it is
 * first to need (shared SDK core classes go to the Data API client), so the numbers add up to the whole.
 * Prints {@code PROBE {"step": ms, …}}.
 */
public final class InitBreakdownProbe {
    private final Map<String, Double> steps = new LinkedHashMap<>();
    private final RdsDataClient dataApi;
    private long mark = System.nanoTime();

    public InitBreakdownProbe() {
        LoggerFactory.getLogger(InitBreakdownProbe.class);
        step("logging: first SLF4J logger (the JSON log provider starts)");
        new ObjectMapper().createObjectNode().put("warm", true).toString();
        step("Jackson: an ObjectMapper writing a node");
        dataApi = RdsDataClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        step("Data API client (RdsDataClient, URL-connection HTTP client; SDK core)");
        S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        step("S3 client");
        S3Presigner.builder().s3Client(s3).build();
        step("S3 presigner");
        new EntriesHandler();
        step("EntriesHandler() itself, all of the above already loaded");
    }

    public Object handleRequest(Object input, Object context) {
        mark = System.nanoTime();
        String cluster = System.getenv("DB_CLUSTER_ARN");
        String secret = System.getenv("DB_SECRET_ARN");
        String database = System.getenv("DB_NAME");
        dataApi.executeStatement(b -> b.resourceArn(cluster).secretArn(secret).database(database).sql("SELECT 1"));
        step("first invoke: first ExecuteStatement (SELECT 1)");
        dataApi.executeStatement(b -> b.resourceArn(cluster).secretArn(secret).database(database).sql("SELECT 1"));
        step("then a second ExecuteStatement (warm)");
        StringBuilder json = new StringBuilder("PROBE {");
        steps.forEach((name, millis) -> json.append(json.length() > 7 ? "," : "").append('"').append(name).append("\":")
                .append(String.format(java.util.Locale.ROOT, "%.1f", millis)));
        System.out.println(json.append('}'));
        return "probed";
    }

    private void step(String name) {
        long now = System.nanoTime();
        steps.put(name, (now - mark) / 1e6);
        mark = now;
    }
}
