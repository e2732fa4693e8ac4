package org.expensetracker.local.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the static site (what CloudFront serves from the site bucket on AWS) from a directory,
 * plus the generated {@code config.json} that tells the page where the API and identity live, and
 * any extra fixed documents (the OpenAPI description).
 */
public final class StaticSite implements HttpHandler {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("yaml", "application/yaml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** npm's files in web/: they install web/vendor/ at build time and are no part of the site (as on AWS). */
    private static final java.util.List<String> NOT_SITE = java.util.List.of("node_modules", "package.json", "package-lock.json");

    private final Path root;
    private final Map<String, byte[]> generated;

    /**
     * @param root      the site directory, or null to serve the copy of web/ packaged in the jar
     * @param generated path → content served as is, e.g. "/config.json"
     */
    public StaticSite(Path root, Map<String, byte[]> generated) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.generated = Map.copyOf(generated);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/")) {
                path = path + "index.html";
            }
            byte[] fixed = generated.get(path);
            if (fixed != null) {
                send(exchange, 200, type(path), fixed);
                return;
            }
            byte[] content = read(path);
            if (content == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, type(path), content);
        }
    }

    /** The file's bytes, or null when there is none; ../ never escapes the site, and no name holds a control character. */
    private byte[] read(String path) throws IOException {
        if (path.contains("..") || path.contains("\\") || path.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        if (NOT_SITE.stream().anyMatch(name -> path.equals("/" + name) || path.startsWith("/" + name + "/"))) {
            return null;
        }
        if (root == null) {
            try (var in = StaticSite.class.getClassLoader().getResourceAsStream("web" + path)) {
                return in == null ? null : in.readAllBytes();
            }
        }
        Path file;
        try {
            file = root.resolve(path.substring(1)).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        return file.startsWith(root) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String type(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
