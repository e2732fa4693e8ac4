package org.expensetracker.dataapi;

import java.time.Duration;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/**
 * Builds the Data API access of a function, once per execution environment. The client uses the
 * default builder, so region, credentials and endpoint come from the standard places (on Lambda
 * the runtime's environment; locally the {@code aws.*} system properties the local stack sets).
 * The URL-connection HTTP client starts faster and weighs less than Apache or Netty.
 */
public final class DataApiClients {
    /** Long enough for most resumes to finish inside one API call, short of API Gateway's 30 s. */
    static final Duration DEFAULT_RESUME_WAIT = Duration.ofSeconds(10);

    private DataApiClients() {
    }

    public static RdsDataClient client() {
        return RdsDataClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static DataApiSql sql(RdsDataClient client, Function<String, String> env) {
        String wait = env.apply(EnvNames.DB_RESUME_WAIT_MS);
        Duration resumeWait = wait == null || wait.isBlank() ? DEFAULT_RESUME_WAIT : Duration.ofMillis(Long.parseLong(wait));
        return new DataApiSql(client, DataApiTarget.fromEnvironment(env), new ResumeRetry(resumeWait));
    }
}
