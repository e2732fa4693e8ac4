package org.expensetracker.migrator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.migration.Migrator;
import org.expensetracker.logging.LambdaLogContext;

/**
 * Applies the SQL migrations shipped in this function's zip, through the Data API. The CDK app
 * runs it as a deployment trigger after the database exists and before the API serves; a new
 * migration changes the zip, which re-runs the trigger. Applying twice is a no-op; an edited
 * migration fails the deployment.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DataApiSql sql;

    public MigrationHandler() {
        this(System::getenv);
    }

    public MigrationHandler(Function<String, String> env) {
        // A deploy may find the cluster auto-paused: wait out a whole resume (the function has minutes).
        this.sql = DataApiClients.sql(DataApiClients.client(),
                name -> name.equals(org.expensetracker.core.config.EnvNames.DB_RESUME_WAIT_MS) && env.apply(name) == null
                        ? "120000" : env.apply(name));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (context != null) {
            LambdaLogContext.initialize(context);
        }
        List<Integer> applied = new Migrator(sql).migrate(Migrator.fromClasspath(getClass().getClassLoader()));
        return Map.of("applied", applied);
    }
}
