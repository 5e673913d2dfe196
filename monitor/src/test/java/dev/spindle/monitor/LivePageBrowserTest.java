package dev.spindle.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Loads the live page in a real headless Chromium while a run has known tasks, and checks what the
 * browser rendered: the tree, the waits, the ticking ages, the filters and the ended tasks' cause chains.
 * Saves a screenshot as {@code target/monitor-page.png}.
 */
class LivePageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The rendered tree of one run: each li.task as {name, state, line, hidden, children}. */
    private static final String TREE = """
            (() => {
              const item = li => ({name: li.dataset.name, state: li.dataset.state, hidden: li.classList.contains('hidden'),
                line: li.querySelector(':scope > .line').textContent,
                children: [...li.querySelectorAll(':scope > ul > li.task')].map(item)});
              const run = document.querySelector('section.run[data-run-name="browser-held"]');
              return JSON.stringify([...run.querySelectorAll(':scope > ul.tree > li.task')].map(item));
            })()""";

    @Test
    void aRealBrowserShowsTheLiveTreeWithTickingAgesFiltersAndTheEndedTasksCauseChains() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "No chromium on the PATH (nor -Dspindle.chromium): install"
                + " Debian's chromium package (.ci/run does) to run the browser test of the live page");
        try (HeldRun run = new HeldRun("browser-held");
                TaskMonitor monitor = TaskMonitor.start(0);
                HeadlessChromium browser = new HeadlessChromium(chromium.get(), 1280, 900)) {
            browser.send("Page.enable", Map.of());
            browser.send("Page.navigate", Map.of("url", monitor.uri().toString()));
            await().atMost(HeadlessChromium.timeout()).until(() -> browser.evaluate(
                    "document.body.dataset.loaded === 'true'"
                    + " && !!document.querySelector('section.run[data-run-name=\"browser-held\"]')").asBoolean());

            List<JsonNode> roots = list(browser.evaluate(TREE));
            assertThat(roots).hasSize(1);
            JsonNode main = roots.get(0);
            assertThat(main.get("state").asText()).isEqualTo("RUNNING");
            assertThat(main.get("line").asText()).contains("waiting on task 'fetch-2'").contains("left");
            assertThat(list(main.get("children"))).extracting(c -> c.get("name").asText())
                    .containsExactly("fetch-1", "fetch-2", "releaser");
            JsonNode fetch1 = main.get("children").get(0);
            JsonNode fetch2 = main.get("children").get(1);
            assertThat(fetch1.get("line").asText()).matches("fetch-1 #\\d+ RUNNING thread \\d+, running .+, .+ left, waiting on sleep");
            assertThat(fetch2.get("line").asText()).contains("waiting on Queue 'jobs'");

            String ended = browser.evaluate("document.querySelector('#ended tbody').innerText").asText();
            assertThat(ended).contains("victim").contains("cancelled because sibling 'flaky' failed ← sibling 'flaky'"
                    + " failed: java.lang.IllegalStateException: flaky upstream");

            String firstAge = browser.evaluate("document.querySelector('li.task[data-name=\"fetch-1\"] .age').textContent").asText();
            await().atMost(HeadlessChromium.timeout()).until(() -> !browser.evaluate(
                    "document.querySelector('li.task[data-name=\"fetch-1\"] .age').textContent").asText().equals(firstAge));

            browser.evaluate("(() => { const f = document.getElementById('filter-name'); f.value = 'fetch-2';"
                    + " f.dispatchEvent(new Event('input')); return true; })()");
            JsonNode filtered = list(browser.evaluate(TREE)).get(0);
            assertThat(filtered.get("hidden").asBoolean()).as("main stays, as the parent of a match").isFalse();
            assertThat(filtered.get("children").get(0).get("hidden").asBoolean()).as("fetch-1 is filtered out").isTrue();
            assertThat(filtered.get("children").get(1).get("hidden").asBoolean()).as("fetch-2 matches").isFalse();

            browser.evaluate("(() => { const f = document.getElementById('filter-name'); f.value = '';"
                    + " f.dispatchEvent(new Event('input')); const s = document.getElementById('filter-state');"
                    + " s.value = 'STARTING'; s.dispatchEvent(new Event('change')); return true; })()");
            assertThat(list(browser.evaluate(TREE)).get(0).get("hidden").asBoolean()).as("no task is STARTING").isTrue();
            browser.evaluate("(() => { const s = document.getElementById('filter-state'); s.value = '';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");

            Path shot = Path.of("target", "monitor-page.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.screenshot());
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }

    private static List<JsonNode> list(JsonNode value) throws Exception {
        JsonNode array = value.isTextual() ? JSON.readTree(value.asText()) : value;
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
