package dev.spindle.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.spindle.TaskView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the monitor's page, its script, {@code /tasks.json} and {@code /tasks.txt} (each keeping at
 * most {@value #DEFAULT_LIMIT} tasks per run, or {@code ?limit=N}); read-only.
 */
final class MonitorPages implements HttpHandler {

    private static final byte[] PAGE = resource("monitor.html");
    private static final byte[] SCRIPT = resource("monitor.js");
    /** Tasks kept per run in {@code /tasks.json} and {@code /tasks.txt} unless {@code ?limit=N} says otherwise. */
    static final int DEFAULT_LIMIT = 1000;

    private static byte[] resource(String name) {
        try (InputStream in = MonitorPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("spindle-monitor's resource " + name + " is missing from its jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "The Spindle monitor is read-only: GET or HEAD only\n".getBytes(
                        StandardCharsets.UTF_8), false);
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(exchange, 200, "text/html", PAGE, head);
                case "/monitor.js" -> send(exchange, 200, "text/javascript", SCRIPT, head);
                case "/tasks.json" -> {
                    int limit = limit(exchange);
                    if (limit >= 0) {
                        send(exchange, 200, "application/json",
                                TaskView.snapshot(limit).toJson().getBytes(StandardCharsets.UTF_8), head);
                    }
                }
                case "/tasks.txt" -> {
                    int limit = limit(exchange);
                    if (limit >= 0) {
                        send(exchange, 200, "text/plain",
                                TaskView.snapshot(limit).toText().getBytes(StandardCharsets.UTF_8), head);
                    }
                }
                default -> send(exchange, 404, "text/plain",
                        "Not found; try /, /tasks.json or /tasks.txt\n".getBytes(StandardCharsets.UTF_8), head);
            }
        }
    }

    /**
     * The {@code limit=N} of the query (tasks kept per run), {@value #DEFAULT_LIMIT} when absent; answers
     * 400 and returns -1 when it is not a whole number of zero or more.
     */
    private static int limit(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return DEFAULT_LIMIT;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("limit=")) {
                try {
                    int n = Integer.parseInt(part.substring("limit=".length()));
                    if (n >= 0) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // answered below
                }
                send(exchange, 400, "text/plain", ("limit must be a whole number of zero or more, not '"
                        + part.substring("limit=".length()) + "'\n").getBytes(StandardCharsets.UTF_8), false);
                return -1;
            }
        }
        return DEFAULT_LIMIT;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type + "; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
