package org.expensetracker.dataapi;

import java.util.Objects;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;

/** Which cluster, credentials and database the Data API calls address. */
public record DataApiTarget(String clusterArn, String secretArn, String database) {
    public DataApiTarget {
        Objects.requireNonNull(clusterArn, EnvNames.DB_CLUSTER_ARN);
        Objects.requireNonNull(secretArn, EnvNames.DB_SECRET_ARN);
        Objects.requireNonNull(database, EnvNames.DB_NAME);
    }

    public static DataApiTarget fromEnvironment(Function<String, String> env) {
        return new DataApiTarget(required(env, EnvNames.DB_CLUSTER_ARN), required(env, EnvNames.DB_SECRET_ARN),
                required(env, EnvNames.DB_NAME));
    }

    private static String required(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
