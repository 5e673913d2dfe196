package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard against a real Prometheus: the example service runs with load, a
 * Prometheus (Debian's package, found on the PATH) scrapes it every second, and every PromQL expression
 * of every panel must be valid and return at least one series, and a scrape of the service must hold
 * fewer than 500 series. Skipped only when no {@code prometheus}
 * binary can be found; {@code .ci/run} installs one.
 *
 * <p>Everything listens on the loopback address, on ports that were free; Prometheus's configuration,
 * data and log live under {@code target/prometheus-e2e/}.
 */
class DashboardAgainstPrometheusTest {

    private static final String DASHBOARD = "/dev/spindle/metrics/grafana-dashboard.json";
    private static final String JOB = "spindle-example";
    /** What Grafana would put for the dashboard's variables. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "30s",
            "$job", ".+",
            "$instance", ".+",
            "$run", ".+");
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final Duration SERIES_WITHIN = Duration.ofSeconds(45);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private MetricsService service;
    private Process prometheus;
    private Path workDir;

    @BeforeEach
    void startServiceAndPrometheus() throws Exception {
        Optional<Path> binary = findPrometheus();
        assumeTrue(binary.isPresent(), "Skipped: no 'prometheus' executable on the PATH (or -Dprometheus.binary)."
                + " Install Debian's package ('apt-get install prometheus'; .ci/run does) to check the dashboard's"
                + " PromQL against a real Prometheus");

        InetAddress loopback = InetAddress.getLoopbackAddress();
        service = MetricsService.start(new InetSocketAddress(loopback, 0), true);
        warmUp(URI.create("http://" + loopback.getHostAddress() + ":" + service.port() + "/metrics"));

        workDir = Paths.get("target", "prometheus-e2e").toAbsolutePath();
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(JOB, loopback.getHostAddress(), service.port()));
        int port = freePort(loopback);
        prometheus = new ProcessBuilder(binary.get().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=" + loopback.getHostAddress() + ":" + port)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start();
        prometheusBase = "http://" + loopback.getHostAddress() + ":" + port;
        awaitReady();
    }

    private String prometheusBase;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (service != null) {
            service.close();
        }
        http.close();
    }

    @Test
    void everyDashboardQueryIsValidAndReturnsSeries() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).as("PromQL in the dashboard").hasSizeGreaterThanOrEqualTo(10);

        awaitScrapes(3);
        long deadline = System.nanoTime() + SERIES_WITHIN.toNanos();
        Map<String, String> empty = new LinkedHashMap<>(queries);
        while (!empty.isEmpty()) {
            for (var it = empty.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, String> q = it.next();
                JsonNode answer = query(q.getValue());
                if (!"success".equals(answer.path("status").asText())) {
                    fail("Invalid PromQL in panel " + q.getKey() + ": " + q.getValue() + "\n  Prometheus says: "
                            + answer.path("errorType").asText() + ": " + answer.path("error").asText());
                }
                if (!answer.path("data").path("result").isEmpty()) {
                    it.remove();
                }
            }
            if (empty.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("Dashboard queries that returned no series after "
                        + SERIES_WITHIN.toSeconds() + " s of scraping (see " + workDir.resolve("prometheus.log") + "):");
                empty.forEach((panel, expr) -> message.append("\n  ").append(panel).append(": ").append(expr));
                fail(message.toString());
            }
            Thread.sleep(1_000); // polling Prometheus for data that comes with the next scrapes
        }

        // The cardinality docs/metrics.md promises for this service: under 500 series per scrape.
        JsonNode samples = query("max_over_time(scrape_samples_scraped{job=\"" + JOB + "\"}[5m])")
                .path("data").path("result");
        assertThat(samples).as("scrape_samples_scraped of the service").isNotEmpty();
        double series = samples.get(0).path("value").get(1).asDouble();
        System.out.println("Prometheus: the example service exported at most " + (long) series + " series per scrape");
        assertThat(series).as("series per scrape of the example service").isLessThan(500);
    }

    /** Every {@code targets[].expr} of every panel (rows included), variables substituted, keyed by panel and refId. */
    private Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard;
        try (InputStream in = MetricsService.class.getResourceAsStream(DASHBOARD)) {
            assertThat(in).as(DASHBOARD + " on the class path (spindle-metrics)").isNotNull();
            dashboard = json.readTree(in);
        }
        assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            panel.path("panels").forEach(panels::add); // panels inside collapsed rows
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of " + panel.path("title"))
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (expr.isBlank()) {
                    continue;
                }
                String substituted = expr;
                for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
                    substituted = substituted.replace(v.getKey(), v.getValue());
                }
                assertThat(substituted).as("an unknown dashboard variable in " + expr).doesNotContain("$");
                queries.put("'" + panel.path("title").asText() + "' " + target.path("refId").asText(), substituted);
            }
        }
        return queries;
    }

    private JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create(prometheusBase + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    /**
     * Scrapes the service a few times first: on a loaded two-core machine a cold JVM can take longer than
     * Prometheus's one-second scrape timeout for its first scrapes.
     */
    private void warmUp(URI metrics) throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("spindle_task_scheduling_seconds_count");
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        URI ready = URI.create(prometheusBase + "/-/ready");
        while (true) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited with " + prometheus.exitValue() + "; see " + workDir.resolve("prometheus.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                fail("prometheus was not ready within " + READY_WITHIN.toSeconds() + " s; see "
                        + workDir.resolve("prometheus.log"));
            }
            Thread.sleep(200); // polling an external process's readiness
        }
    }

    /** Waits until Prometheus has scraped the service successfully at least {@code scrapes} times. */
    private void awaitScrapes(int scrapes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String count = "sum_over_time(up{job=\"" + JOB + "\"}[1m])";
        while (true) {
            JsonNode result = query(count).path("data").path("result");
            if (!result.isEmpty() && result.get(0).path("value").get(1).asDouble() >= scrapes) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("Prometheus did not scrape the service " + scrapes + " times within " + READY_WITHIN.toSeconds()
                        + " s; targets: " + http.send(HttpRequest.newBuilder(URI.create(prometheusBase
                                + "/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body());
            }
            Thread.sleep(500); // polling an external process
        }
    }

    private static Optional<Path> findPrometheus() {
        String explicit = System.getProperty("prometheus.binary");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Paths.get(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
