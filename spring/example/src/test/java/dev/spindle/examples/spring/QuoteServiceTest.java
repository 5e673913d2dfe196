package dev.spindle.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The quote service on a random port, driven by real HTTP requests: the handler's answer, the request id
 * in the log lines of every task, the task metrics on {@code /actuator/prometheus} and the live task view on
 * {@code /actuator/spindle}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // Spring Boot's tests switch metrics export (and so /actuator/prometheus) off otherwise
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuoteServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a quote fans out to three sources, and each source task's log line carries the request's MDC")
    void quoteFansOutWithMdcInEveryTaskLogLine(CapturedOutput output) throws Exception {
        HttpResponse<String> response = get("/quote/ACME", "r-42");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("request").asText()).isEqualTo("r-42");
        assertThat(body.path("prices").size()).isEqualTo(3);
        List<String> sourceLines = await().atMost(Duration.ofSeconds(10)).until(
                () -> output.getOut().lines().filter(l -> l.contains("source ") && l.contains(" for ACME")).toList(),
                lines -> lines.size() == 3);
        assertThat(sourceLines).allSatisfy(line -> assertThat(line).contains("req=r-42"));
        assertThat(sourceLines).anySatisfy(line -> assertThat(line).contains("source alpha answered"))
                .anySatisfy(line -> assertThat(line).contains("source beta answered"))
                .anySatisfy(line -> assertThat(line).contains("source gamma answered"));
        assertThat(output.getOut().lines().filter(l -> l.contains("quote for ACME requested")))
                .singleElement().satisfies(l -> assertThat(l).contains("req=r-42"));
    }

    @Test
    @DisplayName("/actuator/prometheus has a task timer per source with outcome success after a quote")
    void prometheusShowsTaskMetrics() throws Exception {
        assertThat(get("/quote/INIT", "r-metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = get("/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        for (String source : List.of("alpha", "beta", "gamma")) {
            assertThat(scrape.body()).containsPattern("spindle_task_seconds_count\\{[^}]*exception=\"none\"[^}]*name=\""
                    + source + "\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
        }
        assertThat(scrape.body()).contains("spindle_task_scheduling_seconds", "spindle_task_active_tasks",
                "spindle_task_seconds_bucket");
    }

    @Test
    @DisplayName("/actuator/spindle shows a slow request's run and its three source tasks while they wait")
    void spindleEndpointShowsTheLiveTasks() throws Exception {
        HttpRequest slow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/quote/SLOW?delayMs=3000"))
                .header("X-Request-Id", "r-slow").build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        JsonNode run = await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> view = get("/actuator/spindle", null);
            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(view.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            JsonNode json = JSON.readTree(view.body());
            assertThat(json.path("schema").asText()).isEqualTo("spindle-tasks/1");
            for (JsonNode r : json.path("runs")) {
                if (r.path("name").asText().equals("quote SLOW")) {
                    return r;
                }
            }
            return null;
        }, r -> r != null && r.findValuesAsText("name").containsAll(List.of("alpha", "beta", "gamma")));
        assertThat(run.findValues("waitingOn").stream().map(JsonNode::asText)).contains("sleep");
        assertThat(pending.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
