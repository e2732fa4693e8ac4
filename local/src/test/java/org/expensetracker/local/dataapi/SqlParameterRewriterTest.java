package org.expensetracker.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.expensetracker.local.dataapi.SqlParameterRewriter.RewrittenSql;
import org.junit.jupiter.api.Test;

class SqlParameterRewriterTest {

    @Test
    void givenNamedParameters_whenRewritten_thenEachOccurrenceBecomesAPlaceholderInOrder() {
        RewrittenSql sql = SqlParameterRewriter.rewrite(
                "SELECT * FROM entries WHERE owner_id = :owner AND (id = :id OR parent = :id)");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT * FROM entries WHERE owner_id = ? AND (id = ? OR parent = ?)");
        assertThat(sql.parameterNames()).containsExactly("owner", "id", "id");
    }

    @Test
    void givenColonsInLiteralsIdentifiersCommentsAndDollarQuotes_whenRewritten_thenTheyAreLeftAlone() {
        String sql = """
                SELECT ':a', 'it''s :b', E'\\':c', "col:d", $$ :e $$, $tag$ :f $x$ $tag$, -- :g
                /* :h /* nested :i */ :j */ :real::date, x::text, arr[1:2]
                """;

        RewrittenSql rewritten = SqlParameterRewriter.rewrite(sql);

        assertThat(rewritten.parameterNames()).containsExactly("real");
        assertThat(rewritten.jdbcSql()).contains("?::date", "x::text", "arr[1:2]", "':a'", "$tag$ :f $x$ $tag$");
    }

    @Test
    void givenJsonbQuestionMarkOperators_whenRewritten_thenTheyAreEscapedForJdbc() {
        RewrittenSql sql = SqlParameterRewriter.rewrite("SELECT doc ? 'a', doc ?| :keys, '?' FROM t");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT doc ?? 'a', doc ??| ?, '?' FROM t");
    }

    @Test
    void givenTwoStatements_whenRewritten_thenItIsRejected() {
        assertThatThrownBy(() -> SqlParameterRewriter.rewrite("SELECT 1; SELECT 2"))
                .isInstanceOf(DataApiException.class)
                .hasMessageContaining("Multistatement");
    }

    @Test
    void givenSemicolonsInsideLiteralsCommentsAndBodies_orOneTrailing_whenRewritten_thenItIsOneStatement() {
        assertThat(SqlParameterRewriter.rewrite("SELECT ';' -- ;\n /* ; */").jdbcSql()).startsWith("SELECT ';'");
        assertThat(SqlParameterRewriter.rewrite("DO $$ BEGIN PERFORM 1; PERFORM 2; END $$;").jdbcSql())
                .isEqualTo("DO $$ BEGIN PERFORM 1; PERFORM 2; END $$");
        assertThat(SqlParameterRewriter.rewrite("SELECT 1; -- done\n").jdbcSql()).isEqualTo("SELECT 1");
    }

    @Test
    void givenPositionalDollarParameters_whenRewritten_thenTheyAreNotDollarQuotes() {
        RewrittenSql sql = SqlParameterRewriter.rewrite("SELECT $1, :a, $2");

        assertThat(sql.parameterNames()).containsExactly("a");
    }

    @Test
    void givenLeadingCommentsAndParentheses_whenRewritten_thenTheFirstKeywordIsFound() {
        assertThat(SqlParameterRewriter.rewrite("-- x\n /* y */ (select 1) union (select 2)").isQuery()).isTrue();
        assertThat(SqlParameterRewriter.rewrite("with x as (select 1) select * from x").isQuery()).isTrue();
        assertThat(SqlParameterRewriter.rewrite("VACUUM entries").isQuery()).isFalse();
        assertThat(SqlParameterRewriter.rewrite("INSERT INTO t VALUES (1)").isQuery()).isFalse();
    }
}
