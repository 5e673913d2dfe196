package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gather(tasks)", "gatherSettled(tasks)", "asCompleted", "waitTasks", "waitFor", "join",
            "gather(bodies)", "gatherSettled(bodies)", "taskGroup", "toThread"})
    @DisplayName("a task blocked in any of the facade's waits says in the dump what it waits on")
    void everyFacadeWaitShowsWhatItWaitsOn(String call) {
        Spindle.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Task<Object> sleeper = Spindle.createTask("sleeper", () -> {
                release.await();
                return null;
            });
            List<Task<Object>> tasks = List.of(sleeper);
            Callable<Object> wait = switch (call) {
                case "gather(tasks)" -> () -> Spindle.gather(tasks);
                case "gatherSettled(tasks)" -> () -> Spindle.gatherSettled(tasks);
                case "asCompleted" -> () -> Spindle.asCompleted(tasks).iterator().next();
                case "waitTasks" -> () -> Spindle.waitTasks(tasks, ReturnWhen.ALL_COMPLETED);
                case "waitFor" -> () -> Spindle.waitFor(sleeper, Duration.ofMinutes(1));
                case "join" -> sleeper::join;
                case "gather(bodies)" -> () -> Spindle.gather(sleeper::join);
                case "gatherSettled(bodies)" -> () -> Spindle.gatherSettled(sleeper::join);
                case "taskGroup" -> () -> Spindle.taskGroup("workers", g -> g.createTask(sleeper::join));
                case "toThread" -> () -> Spindle.toThread(() -> release.await(1, TimeUnit.MINUTES));
                default -> throw new AssertionError(call);
            };
            Task<Object> waiter = Spindle.createTask("waiter", wait);
            await().pollInSameThread().until(() -> Spindle.dump().lines()
                    .anyMatch(l -> l.contains("- waiter #") && l.contains("waiting on ")));
            String line = Spindle.dump().lines().filter(l -> l.contains("- waiter #")).findFirst().orElseThrow();
            assertThat(line).containsPattern("waiting on (task 'sleeper'|gather|gatherSettled|asCompleted|waitTasks"
                    + "|workers|toThread)");
            release.countDown();
            waiter.join();
        });
    }
}
