package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskDumpTest {

    @Test
    void theDumpShowsTheTreeWithStatesDeadlinesAndWhatEachTaskWaitsOn() {
        AtomicLong inspectorThread = new AtomicLong();
        Runner.create().withTaskTiming(true).run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Spindle.timeout(Duration.ofSeconds(30), () -> Spindle.taskGroup("workers", g -> {
                g.createTask("sleeper", () -> {
                    Spindle.sleep(60_000);
                    return null;
                });
                g.createTask("waiter \"quoted\"", () -> {
                    release.await();
                    return null;
                });
                Task<String> inspector = Spindle.createTask("inspector", () -> {
                    inspectorThread.set(Thread.currentThread().threadId());
                    await().pollInSameThread().until(() -> Spindle.dump().contains("waiting on sleep"));
                    return Spindle.dump() + "\n" + Spindle.dumpJson();
                });
                String dumps = inspector.join();
                String text = dumps.substring(0, dumps.indexOf("\n{"));
                String json = dumps.substring(dumps.indexOf("\n{") + 1);
                assertThat(text).startsWith("Run 'run-");
                assertThat(text).containsPattern("(?m)^- Task-\\d+ #\\d+ RUNNING, thread \\d+, running \\d+ ms, deadline \\S+ \\(\\d+ ms left\\), waiting on task 'inspector'$");
                assertThat(text).containsPattern("(?m)^  - sleeper #\\d+ RUNNING, thread \\d+, running \\d+ ms, deadline \\S+ \\(\\d+ ms left\\), waiting on sleep$");
                assertThat(text).contains("  - waiter \"quoted\"").containsPattern("(?m)^  - inspector #\\d+ RUNNING, thread \\d+, running \\d+ ms$");
                assertThat(json).startsWith("{\"run\":\"run-").contains("\"name\":\"sleeper\"")
                        .contains("\"waitingOn\":\"sleep\"").contains("\"name\":\"waiter \\\"quoted\\\"\"")
                        .contains("\"timeLeftMillis\":").containsPattern("\"elapsedMillis\":\\d+");
                assertThat(text).as("each task's thread id, to find it in a JDK thread dump")
                        .contains("- inspector #" + ((TaskImpl<?>) inspector).id + " RUNNING, thread " + inspectorThread.get() + ",");
                assertThat(json).contains("\"name\":\"inspector\",\"state\":\"RUNNING\",\"threadId\":" + inspectorThread.get() + ",");
                release.countDown();
                g.cancel();
                return null;
            }));
        });
    }

    @Test
    void anUntimedRunLeavesRunTimesOutOfTheDump() {
        String[] dumps = Spindle.run(() -> {
            Task<Void> sleeper = Spindle.createTask("sleeper", () -> {
                Spindle.sleep(60_000);
                return null;
            });
            await().pollInSameThread().until(() -> Spindle.dump().contains("waiting on sleep"));
            String[] both = {Spindle.dump(), Spindle.dumpJson()};
            sleeper.cancel();
            return both;
        });
        assertThat(dumps[0]).containsPattern("(?m)^  - sleeper #\\d+ RUNNING, thread \\d+, waiting on sleep$")
                .doesNotContain("running");
        assertThat(dumps[1]).contains("\"name\":\"sleeper\"").doesNotContain("elapsedMillis");
    }
}
