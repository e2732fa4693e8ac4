package org.expensetracker.local.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query strings as API Gateway hands them to a function in payload 2.0: names and values
 * percent-decoded ({@code +} is a space), repeated names joined with commas. Decoding is strict:
 * a {@code %} not followed by two hex digits, or bytes that are not UTF-8, make the whole query
 * invalid, named by the parameter that holds them; nothing is silently replaced.
 */
final class QueryString {
    private QueryString() {
    }

    /** The parameters, or null for an absent or empty query. */
    static Map<String, String> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Fails exactly when {@link #parse} would. */
    static void check(String rawQuery) {
        parse(rawQuery);
    }

    /** @param parameter the name the component belongs to, null when it is a name itself */
    private static String decode(String component, String parameter) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); ) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length() || !isAsciiHex(component.charAt(i + 1))
                        || !isAsciiHex(component.charAt(i + 2))) {
                    throw new MalformedQueryException(parameter);
                }
                bytes.write(Integer.parseInt(component, i + 1, i + 3, 16));
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int codePoint = component.codePointAt(i);
                if (Character.isSurrogate((char) codePoint)) {
                    throw new MalformedQueryException(parameter);
                }
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedQueryException(parameter);
        }
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A query that is not percent-encoded UTF-8. */
    static final class MalformedQueryException extends RuntimeException {
        private final String parameter;

        MalformedQueryException(String parameter) {
            super("query is not percent-encoded UTF-8", null, false, false);
            this.parameter = parameter;
        }

        /** The parameter whose value is malformed, or {@code query} when a name itself is (or is blank). */
        String field() {
            return parameter == null || parameter.isBlank() ? "query" : parameter;
        }

        /** What the error contract's detail says of that field. */
        String detail() {
            return "must be percent-encoded UTF-8";
        }
    }
}
