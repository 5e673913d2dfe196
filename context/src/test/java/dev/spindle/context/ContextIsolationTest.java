package dev.spindle.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import io.micrometer.context.ContextRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * No context bleeds between tasks: not up to a parent, not across to siblings, not from one task to the
 * next on the same carrier or {@code toThread} worker. The build runs this class twice: with the default
 * carriers and with one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}), where every task
 * shares one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextIsolationTest {

    private final Runner runner = Runner.create().withContextPropagator(MicrometerContextPropagator.create());

    @BeforeAll
    static void registerMdc() {
        MicrometerContextPropagator.registerSlf4jMdc(ContextRegistry.getInstance());
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    @DisplayName("hundreds of tasks interleaving on the carriers each keep their own MDC through every yield")
    void interleavedTasksKeepTheirOwnMdc() {
        List<String> wrong = runner.run(() -> {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String expected = i % 3 == 0 ? null : "r-" + i;
                if (expected == null) {
                    MDC.remove("req");
                } else {
                    MDC.put("req", expected);
                }
                tasks.add(Spindle.createTask(() -> {
                    for (int step = 0; step < 5; step++) {
                        String seen = MDC.get("req");
                        if (!java.util.Objects.equals(seen, expected)) {
                            return "expected " + expected + " at step " + step + ", saw " + seen;
                        }
                        MDC.put("scratch", "written by " + expected); // must not reach any other task
                        Spindle.sleep(0); // yields the carrier to another task
                        MDC.remove("scratch");
                    }
                    return null;
                }));
            }
            MDC.clear();
            List<String> problems = new ArrayList<>();
            for (Task<String> t : tasks) {
                String problem = t.join();
                if (problem != null) {
                    problems.add(problem);
                }
            }
            assertThat(MDC.get("scratch")).isNull();
            return problems;
        });
        assertThat(wrong).isEmpty();
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    @DisplayName("a value a task sets reaches neither its parent nor a sibling that runs after it")
    void valuesDoNotLeakUpOrAcross() {
        MDC.put("req", "parent");
        runner.run(() -> {
            CountDownLatch set = new CountDownLatch(1);
            Task<Void> setter = Spindle.createTask(() -> {
                MDC.put("req", "child");
                MDC.put("extra", "child");
                set.countDown();
                return null;
            });
            Task<String> sibling = Spindle.createTask(() -> {
                set.await();
                return MDC.get("req") + "/" + MDC.get("extra");
            });
            setter.join();
            assertThat(sibling.join()).isEqualTo("parent/null");
            assertThat(MDC.get("req")).isEqualTo("parent");
            assertThat(MDC.get("extra")).isNull();
            return null;
        });
        assertThat(MDC.getCopyOfContextMap()).containsExactly(java.util.Map.entry("req", "parent"));
    }

    @Test
    @DisplayName("a toThread worker reused by jobs with and without MDC gives each job only its caller's MDC")
    void reusedWorkersCarryNothingOver() {
        Set<String> workers = ConcurrentHashMap.newKeySet();
        List<String> wrong = runner.run(() -> {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < 60; i++) { // more jobs than workers: workers are reused
                String expected = i % 2 == 0 ? "job-" + i : null;
                if (expected == null) {
                    MDC.clear();
                } else {
                    MDC.put("req", expected);
                }
                String seen = Spindle.toThread(() -> {
                    workers.add(Thread.currentThread().getName());
                    String value = MDC.get("req");
                    MDC.put("req", "dirty"); // left behind on purpose
                    return value;
                });
                if (!java.util.Objects.equals(seen, expected)) {
                    problems.add("job " + i + " expected " + expected + ", saw " + seen);
                }
            }
            return problems;
        });
        assertThat(wrong).isEmpty();
        assertThat(workers.size()).isLessThan(60);
    }
}
