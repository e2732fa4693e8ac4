package org.expensetracker.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApplicationRoleTest {
    static final DatabaseCredentials LOGIN = new DatabaseCredentials("expenses_app_user", "s3cr'et$$pw");

    @Test
    void theGroupGetsDmlOnTheApplicationsTablesAndNothingMore() {
        var sql = String.join(";\n", ApplicationRole.GRANTS);
        assertThat(sql).contains("CREATE ROLE expenses_app NOLOGIN")
                .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO expenses_app")
                .contains("REVOKE ALL ON TABLE schema_migrations FROM expenses_app")
                .contains("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO expenses_app")
                .contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO expenses_app")
                .contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO expenses_app")
                .doesNotContain("ALL PRIVILEGES").doesNotContain("CREATE ON").doesNotContain("TRUNCATE")
                .doesNotContain("SUPERUSER").doesNotContain("CREATEROLE");
    }

    @Test
    void theLoginRoleIsAMemberAndItsPasswordNeverAppearsInSqlText() {
        var statements = ApplicationRole.statements(LOGIN);
        assertThat(statements).hasSize(ApplicationRole.GRANTS.size() + 2);
        var bind = statements.get(statements.size() - 2);
        assertThat(bind.sql()).startsWith("SELECT set_config('expenses.app_login', :login, true)");
        assertThat(bind.parameters()).extracting(p -> p.name()).containsExactly("login", "password");
        assertThat(bind.parameters()).extracting(p -> p.value().stringValue()).containsExactly(LOGIN.username(), LOGIN.password());
        var login = statements.get(statements.size() - 1).sql();
        assertThat(login).contains("format('CREATE ROLE %I LOGIN PASSWORD %L'").contains("format('ALTER ROLE %I WITH LOGIN PASSWORD %L'")
                .contains("format('GRANT expenses_app TO %I'").contains("current_setting('expenses.app_password')");
        statements.forEach(statement -> assertThat(statement.sql()).doesNotContain(LOGIN.password()));
    }

    @Test
    void credentialsComeFromTheSecretsJsonAndHideThePassword() {
        var credentials = DatabaseCredentials.fromSecretString(
                "{\"username\":\"expenses_app_user\",\"password\":\"pw\",\"host\":\"h\",\"masterarn\":\"arn\"}");
        assertThat(credentials.username()).isEqualTo("expenses_app_user");
        assertThat(credentials.toString()).doesNotContain("pw\"").contains("***");
        assertThatThrownBy(() -> new DatabaseCredentials("x\"; DROP", "pw")).hasMessageContaining("role name");
        assertThatThrownBy(() -> DatabaseCredentials.fromSecretString("{\"username\":\"a\"}")).hasMessageContaining("password");
    }
}
