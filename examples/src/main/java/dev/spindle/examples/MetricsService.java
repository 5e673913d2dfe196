package dev.spindle.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spindle.DeadlineExceededException;
import dev.spindle.GracefulShutdown;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.metrics.SpindleMetrics;
import dev.spindle.metrics.SpindleMetricsConfig;
import dev.spindle.monitor.TaskMonitor;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small HTTP service whose handlers fan work out with Spindle, measured by {@link SpindleMetrics} and
 * scraped by Prometheus at {@code /metrics}: the example behind the Grafana dashboard in
 * {@code metrics/src/main/resources/dev/spindle/metrics/grafana-dashboard.json}.
 *
 * <pre>
 * mvn -q -pl examples -am package -DskipTests exec:exec@metrics-service     # port 8080, with load
 * java ... dev.spindle.examples.MetricsService [port] [--load] [--host ADDRESS] [--monitor PORT]
 * </pre>
 *
 * <p>Endpoints, each request one Spindle run of a runner named after the endpoint, so that the metrics'
 * {@code run} tag (and the dashboard's Run selector) tells them apart, and each run's main task bears
 * the endpoint's name:
 * <ul>
 *   <li>{@code /quote} — {@code gather} of three lookups ({@code price}, {@code stock}, {@code shipping}),
 *       each under a 120 ms {@code timeout}; a slow backend times out, which cancels the other lookups
 *       (504).</li>
 *   <li>{@code /search} — a {@code TaskGroup} of four shards ({@code shard-0}..{@code shard-3}); one in
 *       twelve fails with {@code ShardUnavailableException}, cancelling its siblings (503).</li>
 *   <li>{@code /report} — {@code waitFor} of a {@code render} task with 250 ms allowed, which times out
 *       about a third of the time (504); a fire-and-forget {@code audit} task sometimes fails without
 *       anyone looking (an unretrieved failure).</li>
 *   <li>{@code /metrics} — the Prometheus text format.</li>
 * </ul>
 *
 * <p>{@code --load} sends about twenty requests a second to the service itself, so every dashboard panel
 * has data. The port defaults to 0 (any free port); the chosen address is printed. It binds the
 * loopback address unless {@code --host} says otherwise. {@code --monitor PORT} also opens Spindle's live
 * task page ({@link TaskMonitor}) on that loopback port: each request's run and its tasks, and the
 * recently ended ones with why they ended.
 *
 * <p>This class is thread-safe.
 */
public final class MetricsService implements AutoCloseable {

    /** The request rate of {@code --load}. */
    static final Duration LOAD_INTERVAL = Duration.ofMillis(50);

    private static final Runner QUOTE = Runner.create().withName("quote");
    private static final Runner SEARCH = Runner.create().withName("search");
    private static final Runner REPORT = Runner.create().withName("report");

    private final PrometheusMeterRegistry registry;
    private final SpindleMetrics metrics;
    private final HttpServer server;
    private final ExecutorService handlers;
    private volatile Thread load; // written once by start, read by close

    private MetricsService(InetSocketAddress address) throws IOException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = SpindleMetrics.installGlobally(registry, SpindleMetricsConfig.defaults()
                .withPercentileHistogram(true)
                .withServiceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(250))
                .withVirtualThreadMetrics(true) // the dashboard's JVM panels; a JFR recording every virtual thread pays for
                .withCommonTags(Tags.of("application", "spindle-example")));
        handlers = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(address, 0);
        server.setExecutor(handlers);
        server.createContext("/quote", exchange -> handle(exchange, QUOTE, this::quote));
        server.createContext("/search", exchange -> handle(exchange, SEARCH, this::search));
        server.createContext("/report", exchange -> handle(exchange, REPORT, this::report));
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(),
                "text/plain; version=0.0.4; charset=utf-8"));
        server.start();
    }

    /**
     * Starts the service.
     *
     * @param address where to listen; port 0 picks a free one
     * @param withLoad whether to send itself a steady stream of requests
     * @return the running service; close it to stop
     * @throws IOException if the address cannot be bound
     */
    public static MetricsService start(InetSocketAddress address, boolean withLoad) throws IOException {
        MetricsService service = new MetricsService(address);
        if (withLoad) {
            service.load = Thread.ofVirtual().name("load").start(service::generateLoad);
        }
        return service;
    }

    /**
     * The port the service listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops the load, the server and the metrics; waits for the load thread. */
    @Override
    public void close() {
        Thread l = load;
        if (l != null) {
            l.interrupt();
            try {
                l.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop(0);
        handlers.shutdownNow();
        metrics.close();
        registry.close();
    }

    // ---------------------------------------------------------------- handlers

    /** {@code gather}: three lookups, each with its own timeout; the first timeout cancels the rest. */
    private String quote() {
        List<Task<String>> lookups = List.of(
                Spindle.createTask("price", () -> backend("price", 10, 60, 0.08)),
                Spindle.createTask("stock", () -> backend("stock", 5, 40, 0.04)),
                Spindle.createTask("shipping", () -> backend("shipping", 20, 90, 0.06)));
        return "quote " + Spindle.gather(lookups);
    }

    /** Calls a pretend backend under a 120 ms timeout; with probability {@code slow} it takes a second. */
    private static String backend(String what, int minMillis, int maxMillis, double slow) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = random.nextDouble() < slow ? 1_000 : random.nextLong(minMillis, maxMillis + 1);
        return Spindle.timeout(Duration.ofMillis(120), () -> {
            Spindle.sleep(millis);
            return what + "=" + millis;
        });
    }

    /** A {@code TaskGroup} of shards; a failing shard cancels the others. */
    private String search() {
        return Spindle.taskGroup("search", group -> {
            List<Task<Integer>> shards = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int shard = i;
                shards.add(group.createTask("shard-" + i, () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    Spindle.sleep(random.nextLong(5, 60));
                    if (random.nextInt(12) == 0) {
                        throw new ShardUnavailableException("shard " + shard + " is rebalancing");
                    }
                    return random.nextInt(100);
                }));
            }
            return shards;
        }).stream().mapToInt(Task::join).sum() + " hits";
    }

    /** {@code waitFor} with a deadline, and a fire-and-forget audit that nobody checks. */
    private String report() {
        Spindle.createTask("audit", () -> {
            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                throw new IllegalStateException("audit log is full");
            }
            return null;
        });
        Task<String> render = Spindle.createTask("render", () -> {
            Spindle.sleep(ThreadLocalRandom.current().nextLong(50, 400));
            return "report ready";
        });
        return Spindle.waitFor(render, Duration.ofMillis(250));
    }

    /** Thrown by a shard that cannot answer. */
    static final class ShardUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShardUnavailableException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Handler {
        String handle() throws Exception;
    }

    private static void handle(HttpExchange exchange, Runner runner, Handler handler) throws IOException {
        int status;
        String body;
        try {
            body = runner.run(handler::handle);
            status = 200;
        } catch (DeadlineExceededException e) {
            status = 504;
            body = "timed out: " + e.getMessage();
        } catch (ShardUnavailableException e) {
            status = 503;
            body = "unavailable: " + e.getMessage();
        } catch (CancellationException e) {
            status = 503;
            body = "cancelled: " + e.getMessage();
        } catch (RuntimeException e) {
            status = 500;
            body = "failed: " + e;
        }
        respond(exchange, status, body, "text/plain; charset=utf-8");
    }

    private static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---------------------------------------------------------------- load

    private void generateLoad() {
        String[] paths = {"/quote", "/search", "/report"};
        String base = "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
        try (HttpClient client = HttpClient.newBuilder().executor(handlers).connectTimeout(Duration.ofSeconds(2)).build();
                ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                URI uri = URI.create(base + paths[(int) (n % paths.length)]);
                requests.submit(() -> send(client, uri));
                Thread.sleep(LOAD_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // asked to stop
        }
    }

    private static void send(HttpClient client, URI uri) {
        try {
            client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the service is shutting down, or a request timed out: the next one will tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- main

    /**
     * Runs the service until the process is stopped.
     *
     * @param args {@code [port] [--load] [--host ADDRESS] [--monitor PORT]}
     * @throws IOException if the address cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = 0;
        boolean withLoad = false;
        InetAddress host = InetAddress.getLoopbackAddress();
        int monitorPort = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--load" -> withLoad = true;
                case "--monitor" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--monitor needs a port");
                    }
                    monitorPort = Integer.parseInt(args[++i]);
                }
                case "--host" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--host needs an address");
                    }
                    host = InetAddress.getByName(args[++i]);
                }
                default -> {
                    try {
                        port = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("usage: MetricsService [port] [--load] [--host ADDRESS] [--monitor PORT];"
                                + " not a port: " + args[i], e);
                    }
                }
            }
        }
        MetricsService service = start(new InetSocketAddress(host, port), withLoad);
        // On SIGTERM: cancel the handlers' runs and let their finally blocks run (up to 5 s), then stop serving.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            GracefulShutdown.shutdown(Duration.ofSeconds(5));
            service.close();
        }, "metrics-service-shutdown"));
        System.out.println("MetricsService listening on http://" + host.getHostAddress() + ":" + service.port()
                + "/ (metrics at /metrics" + (withLoad ? ", generating load" : "") + ")");
        if (monitorPort >= 0) {
            TaskMonitor monitor = TaskMonitor.start(monitorPort); // loopback only; read-only
            Runtime.getRuntime().addShutdownHook(new Thread(monitor::close));
            System.out.println("Spindle's live task page at " + monitor.uri() + " (JSON at /tasks.json)");
        }
    }
}
