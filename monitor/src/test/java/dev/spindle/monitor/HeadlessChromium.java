package dev.spindle.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through the DevTools protocol over the
 * small {@link DevToolsSocket}: one page, attached in flat mode, commands sent and answered by id. Started with the flags this
 * machine's closed network needs and a fresh profile directory, which {@link #close()} deletes.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private DevToolsSocket socket;
    /** The DevTools session of the page, on the browser's socket ({@code flatten} mode); null for browser commands. */
    private String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The browser's executable: {@code -Dspindle.chromium}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Optional<Path> find() {
        String given = System.getProperty("spindle.chromium");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    HeadlessChromium(Path executable, int width, int height) throws Exception {
        profile = Files.createTempDirectory("spindle-chromium-");
        process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI browser = devToolsAddress();
            socket = new DevToolsSocket(browser, this::received);
            String target = null;
            for (JsonNode t : send("Target.getTargets", Map.of()).get("targetInfos")) {
                if (t.path("type").asText().equals("page") && target == null) {
                    target = t.get("targetId").asText();
                }
            }
            if (target == null) {
                target = send("Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
            }
            session = send("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    /** Reads Chromium's stderr until it says where DevTools listens; keeps draining it afterwards. */
    private URI devToolsAddress() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            if (line.startsWith("DevTools listening on ")) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> log(l)), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return URI.create(line.substring("DevTools listening on ".length()).trim());
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium ended before it opened DevTools:\n" + seen);
    }

    /** Keeps what Chromium says in {@code target/chromium.log}, for a failed test's diagnosis. */
    private static synchronized void log(String line) {
        try {
            Files.writeString(Path.of("target", "chromium.log"), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only a diagnostic
        }
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (session != null) {
            message.put("sessionId", session);
        }
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.send(JSON.writeValueAsString(message));
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Evaluates a JavaScript expression in the page and returns its value (promises awaited). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails"));
        }
        return result.get("result").path("value");
    }

    /** A PNG of the page as it is shown now. */
    byte[] screenshot() throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        return java.util.Base64.getDecoder().decode(shot.get("data").asText());
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Ends Chromium and its helpers and deletes the profile; also when the constructor failed. */
    private void stop() throws IOException, InterruptedException {
        if (socket != null) {
            socket.close();
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Completes the command a message answers; events are ignored. */
    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(60); // generous: CI machines are small and busy
    }
}
