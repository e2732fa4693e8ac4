package org.expensetracker.migrator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.expensetracker.core.config.EnvNames;
import org.expensetracker.dataapi.DataApiClients;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.migration.Migrator;
import org.expensetracker.logging.LambdaLogContext;

/**
 * Applies the SQL migrations shipped in this function's zip, through the Data API. The CDK app
 * runs it as a deployment trigger after the database exists and before the API serves; a new
 * migration changes the zip, which re-runs the trigger. Applying twice is a no-op; an edited
 * migration fails the deployment.
 *
 * <p>It runs as the master user ({@code DB_SECRET_ARN}). With {@value #APP_SECRET_ARN} set (the deployed stacks
 * set it), it then brings the application's database role up to date ({@link ApplicationRole}): the group role
 * with DML on the application's tables, and the login role of that secret with the secret's password.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The application user's secret. */
    public static final String APP_SECRET_ARN = EnvNames.DB_APP_SECRET_ARN;

    private final DataApiSql sql;
    private final String appSecretArn;
    private final Function<String, String> secrets;

    public MigrationHandler() {
        this(System::getenv);
    }

    public MigrationHandler(Function<String, String> env) {
        this(env, SecretValues.fromEnvironment());
    }

    /** {@code secrets}: secret id → its current SecretString. */
    MigrationHandler(Function<String, String> env, Function<String, String> secrets) {
        this.appSecretArn = env.apply(APP_SECRET_ARN);
        this.secrets = secrets;
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
        if (appSecretArn == null || appSecretArn.isBlank()) {
            return Map.of("applied", applied);
        }
        var login = DatabaseCredentials.fromSecretString(secrets.apply(appSecretArn));
        ApplicationRole.apply(sql, login);
        return Map.of("applied", applied, "applicationRole", login.username());
    }
}
