package org.expensetracker.dataapi.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void givenStatementsWithSemicolonsInsideQuotesCommentsAndDollarBodies_whenSplit_thenOnlyTopLevelSemicolonsSplit() {
        String script = """
                -- a comment; not a split
                CREATE TABLE t (a text DEFAULT 'x;y');
                /* block; comment */ INSERT INTO t VALUES ('it''s; fine');
                CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;
                SELECT "odd;name" FROM t
                """;
        List<String> statements = SqlScript.statements(script);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo("CREATE TABLE t (a text DEFAULT 'x;y')");
        assertThat(statements.get(1)).endsWith("INSERT INTO t VALUES ('it''s; fine')");
        assertThat(statements.get(2)).contains("RETURN 1; END $body$");
        assertThat(statements.get(3)).isEqualTo("SELECT \"odd;name\" FROM t");
    }

    @Test
    void givenAnUnterminatedQuote_whenSplit_thenItIsRefused() {
        assertThatThrownBy(() -> SqlScript.statements("SELECT 'oops;")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheShippedMigrations_whenListed_thenEveryFileIsInTheIndexInOrder() throws IOException {
        Path directory = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        List<Migration> indexed = Migrator.fromClasspath(getClass().getClassLoader());
        assertThat(indexed).extracting(m -> "V%03d__%s.sql".formatted(m.version(), m.name())).containsExactlyElementsOf(files);
        assertThat(indexed).allSatisfy(m -> assertThat(m.statements()).isNotEmpty());
    }
}
