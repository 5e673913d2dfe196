package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.monitor.TaskMonitor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example service without Prometheus: its endpoints answer and its work shows up at /metrics. */
class MetricsServiceTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private MetricsService service;
    private String base;

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        service = MetricsService.start(new InetSocketAddress(loopback, 0), false);
        base = "http://" + loopback.getHostAddress() + ":" + service.port();
    }

    @AfterEach
    void stop() {
        service.close();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handlersAnswerWithTheOutcomeOfTheirFanOut() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(get("/quote").statusCode()).isIn(200, 504);
            assertThat(get("/search").statusCode()).isIn(200, 503);
            assertThat(get("/report").statusCode()).isIn(200, 504);
        }
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void theLiveTaskPageShowsEachRequestsRunOnceItHasEnded() throws Exception {
        try (TaskMonitor monitor = TaskMonitor.start(0)) {
            assertThat(get("/search").statusCode()).isIn(200, 503);
            HttpResponse<String> json = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/tasks.json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).startsWith("{\"schema\":\"spindle-tasks/1\"")
                    .contains("{\"kind\":\"run\",\"run\":\"search\""); // each endpoint has its runner
        }
    }

    @Test
    void metricsShowEachHandlersTasksByName() throws Exception {
        get("/quote");
        get("/search");
        get("/report");

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        Map<String, Set<String>> namesByRun = Map.of(
                "quote", Set.of("quote", "price", "stock", "shipping"),
                "search", Set.of("search", "shard"),
                "report", Set.of("report", "render", "audit"));
        namesByRun.forEach((run, names) -> {
            for (String name : names) {
                assertThat(metrics.body()).as("tasks named " + name + " in runs of " + run)
                        .containsPattern("spindle_task_seconds_count\\{application=\"spindle-example\",cause=\"[a-z]+\","
                                + "exception=\"[^\"]+\",name=\"" + name + "\",outcome=\"[a-z]+\",reason=\"[a-z_]+\","
                                + "run=\"" + run + "\"} [1-9]");
            }
        });
        assertThat(metrics.body()).contains("spindle_task_seconds_bucket{", "spindle_task_active_tasks{",
                "spindle_task_oldest_seconds{", "spindle_task_scheduling_seconds_bucket{",
                "spindle_failures_unretrieved_tasks_total{", "jvm_threads_virtual_pinned_seconds_count{");
    }

    /**
     * The series count the docs promise: under 500 for this service with the histogram on, after enough
     * requests that most outcomes have occurred. Every series, the virtual-thread ones included, carries
     * the common tag.
     */
    @Test
    void theServiceExportsFewerThanFiveHundredSeriesAllWithTheCommonTag() throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                for (String path : List.of("/quote", "/search", "/report")) {
                    responses.add(clients.submit(() -> get(path)));
                }
            }
            for (Future<HttpResponse<String>> r : responses) {
                assertThat(r.get().statusCode()).isIn(200, 503, 504);
            }
        }

        List<String> series = get("/metrics").body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        System.out.println("MetricsService after 120 requests: " + series.size() + " series");
        assertThat(series).hasSizeLessThan(500)
                .allSatisfy(l -> assertThat(l).as("a series without the common tag")
                        .contains("application=\"spindle-example\""));
    }
}
