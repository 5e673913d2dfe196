package dev.spindle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's JSON thread dump shows Spindle's scopes as named thread containers, nested as Spindle nests
 * them, with each task's thread in its scope.
 */
class ThreadDumpTest {

    /** A thread container of the dump: its name (the part before the JDK's identity suffix) and parent. */
    private record Container(String id, String name, String parentId, long owner, List<String> threads) {}

    private static Map<String, Container> readContainers(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile()).get("threadDump");
        Map<String, Container> byName = new HashMap<>();
        for (JsonNode c : root.get("threadContainers")) {
            String id = c.get("container").asText();
            int slash = id.lastIndexOf('/');
            String name = slash < 0 ? id : id.substring(0, slash);
            List<String> threads = new ArrayList<>();
            c.get("threads").forEach(t -> threads.add(t.get("name").asText()));
            JsonNode owner = c.get("owner");
            byName.put(name, new Container(id, name, c.get("parent").asText(null),
                    owner == null || owner.isNull() ? -1L : owner.asLong(), threads));
        }
        return byName;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(5, TimeUnit.SECONDS)).as("latch reached in time").isTrue();
    }

    @Test
    void theDumpShowsEachScopeAsANamedContainerWithItsTasksNestedAsSpindleNestsThem(@TempDir Path dir)
            throws Exception {
        CountDownLatch blocked = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> mainThread = new AtomicReference<>();
        AtomicReference<Thread> fetchAThread = new AtomicReference<>();
        Callable<Integer> waitHere = () -> {
            blocked.countDown();
            release.await();
            return 1;
        };
        Runner runner = Runner.create().withName("dump-run").withEngine(StsEngine.NAME);
        Thread caller = Thread.ofPlatform().name("dump-caller").start(() -> runner.run(() -> {
            mainThread.set(Thread.currentThread());
            Spindle.createTask("side", waitHere); // started by main, not by the run's opener
            return Spindle.taskGroup("fetchers", g -> {
                g.createTask("fetch-a", () -> {
                    fetchAThread.set(Thread.currentThread());
                    return Spindle.gather(waitHere);
                });
                g.createTask("fetch-b", () -> {
                    g.createTask("fetch-c", waitHere); // added to the group by a child
                    return waitHere.call();
                });
                return null;
            });
        }));
        Path file = dir.resolve("threads.json");
        try {
            await(blocked); // side, fetch-b, fetch-c and the gather's child wait: every scope is open
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.JSON);
        } finally {
            release.countDown();
            caller.join(5_000);
        }
        assertThat(caller.isAlive()).isFalse();
        Map<String, Container> c = readContainers(file);
        String json = Files.readString(file);

        Container run = c.get("dump-run");
        assertThat(run).as("the run's container in %s", json).isNotNull();
        assertThat(run.owner()).as("the thread that called run owns the run's scope").isEqualTo(caller.threadId());
        assertThat(run.threads()).as("the forker, and main, which the opener started")
                .containsExactlyInAnyOrder("dump-run/forker", mainThread.get().getName());
        Container runTasks = c.get("dump-run/tasks");
        assertThat(runTasks.parentId()).isEqualTo(run.id());
        assertThat(runTasks.owner()).isEqualTo(threadId(c, run, "dump-run/forker", json));
        assertThat(runTasks.threads()).as("tasks other threads started").containsExactly("side");

        Container fetchers = c.get("fetchers");
        assertThat(fetchers.parentId()).as("a group opened by main nests where main runs").isEqualTo(run.id());
        assertThat(fetchers.owner()).as("the task that opened the group owns it")
                .isEqualTo(mainThread.get().threadId());
        assertThat(fetchers.threads()).containsExactlyInAnyOrder("fetchers/forker", "fetch-a", "fetch-b");
        Container fetchersTasks = c.get("fetchers/tasks");
        assertThat(fetchersTasks.parentId()).isEqualTo(fetchers.id());
        assertThat(fetchersTasks.threads()).containsExactly("fetch-c");

        List<Container> gathers = c.values().stream().filter(x -> x.name().startsWith("gather-")).toList();
        assertThat(gathers).hasSize(1);
        Container gather = gathers.getFirst();
        assertThat(gather.parentId()).as("fetch-a's gather nests where fetch-a runs").isEqualTo(fetchers.id());
        assertThat(gather.owner()).isEqualTo(fetchAThread.get().threadId());
        assertThat(gather.threads()).as("the gathered task was given no name, so its thread has none").containsExactly("");
        assertThat(c.values()).noneMatch(x -> gather.id().equals(x.parentId()));
    }

    private static long threadId(Map<String, Container> containers, Container in, String threadName, String json)
            throws IOException {
        for (JsonNode cn : new ObjectMapper().readTree(json).get("threadDump").get("threadContainers")) {
            if (cn.get("container").asText().equals(in.id())) {
                for (JsonNode t : cn.get("threads")) {
                    if (t.get("name").asText().equals(threadName)) {
                        return t.get("tid").asLong();
                    }
                }
            }
        }
        throw new AssertionError(threadName + " not in " + in.name() + " of " + containers.keySet());
    }
}
