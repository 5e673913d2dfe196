package dev.spindle.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.spindle.TaskView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the monitor's page, its script, {@code /tasks.json} and {@code /tasks.txt}; read-only. */
final class MonitorPages implements HttpHandler {

    private static final byte[] PAGE = resource("monitor.html");
    private static final byte[] SCRIPT = resource("monitor.js");

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
                case "/tasks.json" -> send(exchange, 200, "application/json",
                        TaskView.snapshot().toJson().getBytes(StandardCharsets.UTF_8), head);
                case "/tasks.txt" -> send(exchange, 200, "text/plain",
                        TaskView.snapshot().toText().getBytes(StandardCharsets.UTF_8), head);
                default -> send(exchange, 404, "text/plain",
                        "Not found; try /, /tasks.json or /tasks.txt\n".getBytes(StandardCharsets.UTF_8), head);
            }
        }
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
