package org.expensetracker.local.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.expensetracker.http.Route;

/**
 * Matches a request path against the route table the way API Gateway does for templates like
 * {@code /entries/{id}}: literal segments must be equal, a {@code {name}} segment takes one segment.
 * Methods are case-sensitive, as in HTTP: {@code get} matches no {@code GET} route.
 */
final class RouteMatcher {
    private final List<Route> routes;

    RouteMatcher(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    Optional<Match> match(String method, String path) {
        String[] actual = segments(path);
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            String[] template = segments(route.path());
            if (template.length != actual.length) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    // as API Gateway does: a path parameter arrives percent-decoded ("Eating%20out" → "Eating out")
                    parameters.put(template[i].substring(1, template[i].length() - 1), percentDecoded(actual[i]));
                } else {
                    matches = template[i].equals(actual[i]);
                }
            }
            if (matches) {
                return Optional.of(new Match(route, parameters));
            }
        }
        return Optional.empty();
    }

    /** %XX escapes decoded as UTF-8; a '+' stays a '+' (it means a space only in query strings). */
    static String percentDecoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment; // a stray '%': kept as sent
        }
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    record Match(Route route, Map<String, String> pathParameters) {
    }
}
