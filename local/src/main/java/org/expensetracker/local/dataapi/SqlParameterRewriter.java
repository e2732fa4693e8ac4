package org.expensetracker.local.dataapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns Data API SQL ({@code :name} parameters) into JDBC SQL ({@code ?}), lexing just enough of
 * PostgreSQL to leave string literals, quoted identifiers, dollar-quoted bodies, comments and
 * {@code ::} casts alone, and to spot a second statement.
 */
final class SqlParameterRewriter {

    /**
     * @param jdbcSql        the statement with one {@code ?} per parameter occurrence
     * @param parameterNames the parameter bound to each {@code ?}, in order
     * @param firstKeyword   the statement's first word, upper case ("" if none)
     */
    record RewrittenSql(String jdbcSql, List<String> parameterNames, String firstKeyword) {
        /** Statements that only produce rows and so may be read with a cursor inside a transaction. */
        boolean isQuery() {
            return switch (firstKeyword) {
                case "SELECT", "WITH", "VALUES", "TABLE" -> true;
                default -> false;
            };
        }
    }

    private final String sql;
    private final StringBuilder out;
    private final List<String> names = new ArrayList<>();
    private int i;

    private SqlParameterRewriter(String sql) {
        this.sql = sql;
        this.out = new StringBuilder(sql.length() + 16);
    }

    static RewrittenSql rewrite(String sql) {
        return new SqlParameterRewriter(sql).run();
    }

    private RewrittenSql run() {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                copyQuoted('\'', isEscapeStringStart());
            } else if (c == '"') {
                copyQuoted('"', false);
            } else if (c == '-' && peek(1) == '-') {
                copyLineComment();
            } else if (c == '/' && peek(1) == '*') {
                copyBlockComment();
            } else if (c == '$' && dollarTagLength() > 0) {
                copyDollarQuoted(dollarTagLength());
            } else if (c == ':' && peek(1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && isIdentifierStart(peek(1))) {
                int start = ++i;
                while (i < n && isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
                names.add(sql.substring(start, i));
                out.append('?');
            } else if (c == '?') {
                // PostgreSQL's jsonb operators ?, ?| and ?& would otherwise read as JDBC placeholders.
                out.append("??");
                i++;
            } else if (c == ';') {
                i++;
                requireNothingButCommentsAfter();
                break;
            } else {
                out.append(c);
                i++;
            }
        }
        return new RewrittenSql(out.toString(), List.copyOf(names), leadingKeyword());
    }

    /** The first word, skipping comments and the parentheses of "(SELECT ...) UNION ...". */
    private String leadingKeyword() {
        int n = sql.length();
        int j = 0;
        while (j < n) {
            char c = sql.charAt(j);
            if (Character.isWhitespace(c) || c == '(') {
                j++;
            } else if (sql.startsWith("--", j)) {
                int newline = sql.indexOf('\n', j);
                j = newline < 0 ? n : newline + 1;
            } else if (sql.startsWith("/*", j)) {
                int close = sql.indexOf("*/", j);
                j = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        int start = j;
        while (j < n && Character.isLetter(sql.charAt(j))) {
            j++;
        }
        return sql.substring(start, j).toUpperCase(Locale.ROOT);
    }

    private void requireNothingButCommentsAfter() {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && peek(1) == '-') {
                int mark = out.length();
                copyLineComment();
                out.setLength(mark);
            } else if (c == '/' && peek(1) == '*') {
                int mark = out.length();
                copyBlockComment();
                out.setLength(mark);
            } else {
                throw DataApiErrors.badRequest("Multistatement requests are not supported");
            }
        }
    }

    /** E'...' strings treat backslash as an escape, so \' does not end them. */
    private boolean isEscapeStringStart() {
        if (i == 0) {
            return false;
        }
        char prefix = sql.charAt(i - 1);
        return (prefix == 'e' || prefix == 'E') && (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
    }

    private void copyQuoted(char quote, boolean backslashEscapes) {
        int n = sql.length();
        out.append(quote);
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            out.append(c);
            i++;
            if (backslashEscapes && c == '\\' && i < n) {
                out.append(sql.charAt(i));
                i++;
            } else if (c == quote) {
                if (i < n && sql.charAt(i) == quote) {
                    out.append(quote);
                    i++;
                } else {
                    return;
                }
            }
        }
    }

    private void copyLineComment() {
        int n = sql.length();
        while (i < n && sql.charAt(i) != '\n') {
            out.append(sql.charAt(i++));
        }
    }

    /** PostgreSQL block comments nest. */
    private void copyBlockComment() {
        int n = sql.length();
        int depth = 0;
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                out.append("/*");
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                out.append("*/");
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                out.append(sql.charAt(i++));
            }
        }
    }

    /** Length of a $tag$ opener at i, or 0 (e.g. for $1, or a $ inside an identifier). */
    private int dollarTagLength() {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
            return 0;
        }
        int j = i + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            return 0;
        }
        while (j < sql.length() && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j - i + 1 : 0;
    }

    private void copyDollarQuoted(int tagLength) {
        String tag = sql.substring(i, i + tagLength);
        int close = sql.indexOf(tag, i + tagLength);
        int end = close < 0 ? sql.length() : close + tagLength;
        out.append(sql, i, end);
        i = end;
    }

    private char peek(int offset) {
        int at = i + offset;
        return at < sql.length() ? sql.charAt(at) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
