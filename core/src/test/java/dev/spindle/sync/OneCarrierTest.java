package dev.spindle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Spindle;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync primitives with every task on one carrier thread, where a task runs until it blocks, as a
 * coroutine in asyncio runs until it awaits: the moments between "woken" and "running again" that a
 * multi-carrier scheduler makes a race happen every time here. {@link OneCarrierScenarios} runs once in a
 * child JVM started with {@code -Djdk.virtualThreadScheduler.parallelism=1}, on the engine this suite runs
 * on, and each test checks one scenario's outcome.
 */
class OneCarrierTest {

    private static final Map<String, String> OUTCOMES = new HashMap<>();
    private static String output;

    @BeforeAll
    static void runTheScenariosInAOneCarrierJvm(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        String engine = System.getProperty("spindle.engine");
        if ("sts".equals(engine)) {
            cmd.add("--enable-preview"); // the StructuredTaskScope engine is a JDK 25 preview API
        }
        if (engine != null) {
            cmd.add("-Dspindle.engine=" + engine);
        }
        // Core's classes and these tests (directories here, jars when the sts module reruns this suite),
        // then this JVM's class path: under surefire a jar whose manifest lists every dependency, the
        // other engine included.
        String classPath = String.join(File.pathSeparator, location(Spindle.class),
                location(OneCarrierScenarios.class), System.getProperty("java.class.path"));
        cmd.addAll(List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-cp", classPath,
                OneCarrierScenarios.class.getName()));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("the one-carrier JVM ends; its output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        for (String line : output.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0 && OneCarrierScenarios.SCENARIOS.containsKey(line.substring(0, eq))) {
                OUTCOMES.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String outcome(String scenario) {
        assertThat(OUTCOMES).as("scenarios run; child output:%n%s", output).containsKey(scenario);
        return OUTCOMES.get(scenario);
    }

    @Test
    void aQueueOfOneNeverHoldsMoreThanOneItemWhenGettersAreCancelledAsTheirItemsArrive() {
        // Both getters were handed an item and c filled the buffer: putting a and b back would make the
        // queue hold 3. The getters complete instead (their cancellation stays pending) and nothing is lost.
        assertThat(outcome("queue-getters-cancelled-at-hand-over")).isEqualTo("qsize=1 first=a second=b left=[c]");
    }

    @Test
    void aQueueStormOnOneCarrierLosesNoItemAndNeverOverfillsTheQueue() {
        assertThat(outcome("queue-storm")).isEqualTo(
                "lost=[] duplicated=[] unexpected=[] overfull=false unfinishedLeft=false surprises=[]");
    }

    @Test
    void aPermitStormOnOneCarrierLeavesEveryPermitBack() {
        assertThat(outcome("permit-storm")).isEqualTo("Semaphore:ok BoundedSemaphore:ok Lock:ok CapacityLimiter:ok");
    }

    // ---------------------------------------------------------------- Barrier: CPython's BarrierTests, N = 5

    @Test
    void drainingState() {
        // released parties still see "draining"; the last one out has emptied it: filling again
        assertThat(outcome("test_draining_state"))
                .isEqualTo("draining=[true, true, true, true, false] broken=false waiting=0 resetting=false");
    }

    @Test
    void blockingTasksWhileDraining() {
        assertThat(outcome("test_blocking_tasks_while_draining")).isEqualTo("done broken=false waiting=0 resetting=false");
    }

    @Test
    void resetBarrierWhenTasksHalfDraining() {
        assertThat(outcome("test_reset_barrier_when_tasks_half_draining"))
                .isEqualTo("results1=2 broken=false waiting=0 resetting=false");
    }

    @Test
    void resetBarrierWhenTasksHalfDrainingHalfBlocking() {
        assertThat(outcome("test_reset_barrier_when_tasks_half_draining_half_blocking"))
                .isEqualTo("results1=2 results2=0 broken=false waiting=0 resetting=false");
    }

    @Test
    void resetBarrierWhileTasksDraining() {
        // the last task out resets: the others, already back and waiting to enter, are not broken, and no one hangs
        assertThat(outcome("test_reset_barrier_while_tasks_draining"))
                .isEqualTo("results1=4 results2=0 results3=5 broken=false waiting=0 resetting=false");
    }

    @Test
    void abortBarrierWhenTasksHalfDrainingHalfBlocking() {
        // the third task out aborts: the two released but not yet returned throw, and so do the two waiting to enter
        assertThat(outcome("test_abort_barrier_when_tasks_half_draining_half_blocking"))
                .isEqualTo("results1=2 results2=2 broken=true waiting=0 resetting=false");
    }

    @Test
    void abortBarrierWhenException() {
        assertThat(outcome("test_abort_barrier_when_exception"))
                .isEqualTo("results1=0 results2=4 broken=true waiting=0 resetting=false");
    }

    @Test
    void abortBarrierWhenExceptionThenResetting() {
        assertThat(outcome("test_abort_barrier_when_exception_then_resetting"))
                .isEqualTo("results1=0 results2=4 results3=5 broken=false waiting=0 resetting=false");
    }
}
