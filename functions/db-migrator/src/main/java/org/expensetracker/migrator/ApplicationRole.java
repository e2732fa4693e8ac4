package org.expensetracker.migrator;

import java.util.List;
import org.expensetracker.dataapi.DataApiSql;
import org.expensetracker.dataapi.SqlStatement;

/**
 * The database role the API functions and workers log in with: DML on the application's tables and nothing
 * else. Privileges are granted to the NOLOGIN group role {@value #GROUP}; the login role (the user name in the
 * application's secret) is a member of it. Secrets Manager's multi-user rotation creates the alternate login role
 * ({@code <user>_clone}) as a member of the current one, so it inherits the group's privileges too, and nothing
 * is ever granted to a login role directly.
 *
 * <p>Runs as the master user (the schema owner) after the migrations, in one transaction, every time the migrator
 * runs; each statement is idempotent. The password never appears in SQL text: it is bound as a parameter into a
 * transaction-local setting that a {@code DO} block reads.
 */
final class ApplicationRole {
    static final String GROUP = "expenses_app";
    static final String NAME_SETTING = "expenses.app_login";
    static final String PASSWORD_SETTING = "expenses.app_password";

    /** What the group may do; the migrations run as the master user, so default privileges cover future tables. */
    static final List<String> GRANTS = List.of(
            """
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s NOLOGIN;
                END IF;
            END
            $$""".formatted(GROUP),
            "GRANT USAGE ON SCHEMA public TO " + GROUP,
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + GROUP,
            // the migrator's own bookkeeping is not the application's
            "REVOKE ALL ON TABLE schema_migrations FROM " + GROUP,
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + GROUP,
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + GROUP,
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " + GROUP);

    /** Creates the login role with the password, or sets the password of the existing one, and makes it a member. */
    static final String LOGIN = """
            DO $$
            DECLARE
                role_name     text := current_setting('%1$s');
                role_password text := current_setting('%2$s');
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
                    EXECUTE format('CREATE ROLE %%I LOGIN PASSWORD %%L', role_name, role_password);
                ELSE
                    EXECUTE format('ALTER ROLE %%I WITH LOGIN PASSWORD %%L', role_name, role_password);
                END IF;
                EXECUTE format('GRANT %3$s TO %%I', role_name);
            END
            $$""".formatted(NAME_SETTING, PASSWORD_SETTING, GROUP);

    private ApplicationRole() {
    }

    /** The statements, in order, for the login role named in {@code credentials}. */
    static List<SqlStatement> statements(DatabaseCredentials credentials) {
        List<SqlStatement> statements = new java.util.ArrayList<>();
        GRANTS.forEach(sql -> statements.add(SqlStatement.of(sql)));
        statements.add(SqlStatement.of("SELECT set_config('" + NAME_SETTING + "', :login, true), set_config('"
                        + PASSWORD_SETTING + "', :password, true)")
                .bind("login", credentials.username()).bind("password", credentials.password()));
        statements.add(SqlStatement.of(LOGIN));
        return statements;
    }

    static void apply(DataApiSql sql, DatabaseCredentials credentials) {
        sql.inTransaction(tx -> {
            statements(credentials).forEach(tx::execute);
            return null;
        });
    }
}
