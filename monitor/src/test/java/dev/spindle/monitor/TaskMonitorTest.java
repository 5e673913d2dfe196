package dev.spindle.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskMonitorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        System.clearProperty(TaskMonitor.PORT_PROPERTY);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tasksJsonServesTheViewInTheShapeItsSchemaDescribes() throws Exception {
        TaskMonitor monitor = TaskMonitor.start(0);
        toClose.add(monitor);
        assertThat(monitor.uri().toString()).isEqualTo("http://127.0.0.1:" + monitor.port() + "/");
        try (HeldRun run = new HeldRun("http-held")) {
            HttpResponse<String> response = get(monitor.uri().resolve("/tasks.json"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode view = JSON.readTree(response.body());
            JsonNode schema = JSON.readTree(Files.readString(Path.of("../docs/schema/spindle-tasks-1.schema.json")));
            assertConforms(view, schema, schema, "$");
            JsonNode held = null;
            for (JsonNode r : view.get("runs")) {
                if (r.get("name").asText().equals("http-held")) {
                    held = r;
                }
            }
            assertThat(held).isNotNull();
            assertThat(held.toString()).contains("\"name\":\"fetch-1\"").contains("\"waitingOn\":\"Queue 'jobs'\"");
            assertThat(view.get("ended").toString()).contains("\"name\":\"victim\"")
                    .contains("cancelled because sibling 'flaky' failed");

            String limited = get(monitor.uri().resolve("/tasks.json?limit=1")).body();
            assertThat(limited).containsPattern("\"name\":\"http-held\",[^]]*\"taskCount\":1,\"omittedTasks\":3,");
            HttpResponse<String> bad = get(monitor.uri().resolve("/tasks.json?limit=-5"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("limit must be a whole number");

            HttpResponse<String> text = get(monitor.uri().resolve("/tasks.txt"));
            assertThat(text.body()).contains("Run 'http-held'");
            HttpResponse<String> page = get(monitor.uri());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Spindle tasks</title>").contains("monitor.js");
            assertThat(get(monitor.uri().resolve("/monitor.js")).body()).contains("tasks.json");
        }
    }

    /** Checks the parts of JSON Schema the file uses: type, required, properties, items, $ref, const, enum. */
    private static void assertConforms(JsonNode value, JsonNode schema, JsonNode root, String path) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            assertConforms(value, root.at(ref.substring(1)), root, path);
            return;
        }
        if (schema.has("const")) {
            assertThat(value).as(path).isEqualTo(schema.get("const"));
        }
        if (schema.has("enum")) {
            assertThat(schema.get("enum")).as(path).contains(value);
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(path + " is an object").isTrue();
                for (JsonNode r : schema.path("required")) {
                    assertThat(value.has(r.asText())).as(path + " has " + r.asText()).isTrue();
                }
                for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    assertThat(schema.get("properties").has(field)).as(path + "." + field + " is in the schema").isTrue();
                    assertConforms(value.get(field), schema.get("properties").get(field), root, path + "." + field);
                }
            }
            case "array" -> {
                assertThat(value.isArray()).as(path + " is an array").isTrue();
                for (int i = 0; i < value.size(); i++) {
                    assertConforms(value.get(i), schema.get("items"), root, path + "[" + i + "]");
                }
            }
            case "string" -> assertThat(value.isTextual()).as(path + " is a string").isTrue();
            case "integer" -> {
                assertThat(value.isIntegralNumber()).as(path + " is an integer").isTrue();
                if (schema.has("minimum")) {
                    assertThat(value.asLong()).as(path).isGreaterThanOrEqualTo(schema.get("minimum").asLong());
                }
            }
            case "boolean" -> assertThat(value.isBoolean()).as(path + " is a boolean").isTrue();
            default -> { }
        }
    }

    @Test
    void theMonitorIsReadOnlyAndAnswersUnknownPathsWithNotFound() throws Exception {
        TaskMonitor monitor = TaskMonitor.start(0);
        toClose.add(monitor);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/tasks.json"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/tasks.json")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(get(monitor.uri().resolve("/cancel")).statusCode()).isEqualTo(404);
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/tasks.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessRemoteAccessIsAllowedExplicitly() {
        InetSocketAddress wildcard = new InetSocketAddress("0.0.0.0", 0);
        assertThatThrownBy(() -> TaskMonitor.start(wildcard, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binds to loopback addresses only").hasMessageContaining("allowRemote=true");
        System.setProperty(TaskMonitor.PORT_PROPERTY, "0");
        System.setProperty(TaskMonitor.ADDRESS_PROPERTY, "0.0.0.0");
        try {
            assertThatThrownBy(TaskMonitor::startFromSystemProperties).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(TaskMonitor.ALLOW_REMOTE_PROPERTY);
        } finally {
            System.clearProperty(TaskMonitor.ADDRESS_PROPERTY);
        }
        TaskMonitor remote = TaskMonitor.start(wildcard, true);
        toClose.add(remote);
        assertThat(remote.port()).isPositive();
    }

    @Test
    void badArgumentsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> TaskMonitor.start(null, false)).isInstanceOf(NullPointerException.class)
                .hasMessage("address");
        assertThatThrownBy(() -> TaskMonitor.start(70_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> TaskMonitor.start(InetSocketAddress.createUnresolved("no.such.host.invalid", 0), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not be resolved");
        System.setProperty(TaskMonitor.PORT_PROPERTY, "eighty");
        assertThatThrownBy(TaskMonitor::startFromSystemProperties).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a port number");
    }

    @Test
    void theSystemPropertyStartsThePageOnLoopbackAndAClosedMonitorStopsListening() throws Exception {
        assertThat(TaskMonitor.startFromSystemProperties()).as("not asked for").isEmpty();
        System.setProperty(TaskMonitor.PORT_PROPERTY, "0");
        TaskMonitor monitor = TaskMonitor.startFromSystemProperties().orElseThrow();
        assertThat(monitor.uri().getHost()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress());
        assertThat(get(monitor.uri().resolve("/tasks.json")).statusCode()).isEqualTo(200);
        monitor.close();
        monitor.close();
        assertThatThrownBy(() -> get(monitor.uri().resolve("/tasks.json"))).isInstanceOf(java.io.IOException.class);
    }
}
