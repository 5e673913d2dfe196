package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Which runs time their tasks: asked for by the runner or the system property, or needed by an observer. */
@Isolated("sets a system property that every run reads")
class TaskTimingTest {

    /** Runs a task that sleeps 20 ms in a run of {@code runner}; returns it, finished. */
    private static Task<Object> finishedTask(Runner runner) {
        return runner.run(() -> {
            Task<Object> t = Spindle.createTask(() -> {
                Spindle.sleep(20);
                return null;
            });
            t.join();
            return t;
        });
    }

    @Test
    void byDefaultTasksAreNotTimed() {
        Task<Object> t = finishedTask(Runner.create());
        assertThat(t.startedAt()).isEmpty();
        assertThat(t.elapsed()).isZero();
    }

    @Test
    void aTimedRunnerRecordsWhenEachBodyStartedAndHowLongItRan() {
        Instant before = Instant.now();
        Task<Object> t = finishedTask(Runner.create().withTaskTiming(true));
        assertThat(t.startedAt()).hasValueSatisfying(at -> assertThat(at).isBetween(before.minusMillis(50), Instant.now()));
        assertThat(t.elapsed()).isBetween(Duration.ofMillis(19), Duration.ofSeconds(5));
    }

    @Test
    void aRunningTimedTaskReportsItsTimeSoFar() {
        Runner.create().withTaskTiming(true).run(() -> {
            Task<Object> t = Spindle.createTask(() -> {
                Spindle.sleep(60_000);
                return null;
            });
            Spindle.sleep(30);
            assertThat(t.elapsed()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(30));
            assertThat(Spindle.currentTask().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(29));
            t.cancel();
            return null;
        });
    }

    @Test
    void aRunWithAnObserverTimesItsTasksEvenWhenTimingIsOff() {
        Map<Task<?>, Long> observedRunNanos = new ConcurrentHashMap<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
                observedRunNanos.put(task, runNanos);
            }
        };
        Task<Object> t = finishedTask(Runner.create().withTaskTiming(false).withObserver(observer));
        assertThat(t.startedAt()).isPresent();
        assertThat(t.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(19));
        assertThat(observedRunNanos).containsEntry(t, t.elapsed().toNanos());
    }

    @Test
    void theSystemPropertyTurnsTimingOnForRunnersThatDoNotSay() {
        String previous = System.setProperty(Runner.TASK_TIMING_PROPERTY, "true");
        try {
            assertThat(finishedTask(Runner.create()).startedAt()).isPresent();
            assertThat(finishedTask(Runner.create().withTaskTiming(false)).startedAt()).isEmpty();
        } finally {
            if (previous == null) {
                System.clearProperty(Runner.TASK_TIMING_PROPERTY);
            } else {
                System.setProperty(Runner.TASK_TIMING_PROPERTY, previous);
            }
        }
    }

    @Test
    void theRunnerSaysWhetherItTimesTasks() {
        assertThat(Runner.create().toString()).contains("taskTiming=property");
        assertThat(Runner.create().withTaskTiming(true).toString()).contains("taskTiming=true");
        assertThat(Runner.create().withTaskTiming(true).withName("x").withShutdownGrace(Duration.ZERO).toString())
                .contains("taskTiming=true");
    }
}
