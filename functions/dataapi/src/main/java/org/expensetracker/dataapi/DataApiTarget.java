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
        return new DataApiTarget(EnvNames.required(env, EnvNames.DB_CLUSTER_ARN),
                EnvNames.required(env, EnvNames.DB_SECRET_ARN), EnvNames.required(env, EnvNames.DB_NAME));
    }
}
