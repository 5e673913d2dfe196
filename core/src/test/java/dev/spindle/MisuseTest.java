package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input and illegal states get a clear error at the call (DESIGN point 8). */
class MisuseTest {

    private static final Callable<Integer> ONE = () -> 1;

    @ParameterizedTest
    @ValueSource(strings = {"createTask", "gather", "gatherSettled", "timeout", "timeoutAt", "taskGroup", "shield",
            "toThread", "currentTask", "allTasks", "waitFor", "waitTasks", "asCompleted"})
    void facadeMethodsThatNeedARunSayWhichMethodAndHowToFixIt(String method) {
        Runnable call = switch (method) {
            case "createTask" -> () -> Spindle.createTask(ONE);
            case "gather" -> () -> Spindle.gather(ONE);
            case "gatherSettled" -> () -> Spindle.gatherSettled(ONE);
            case "timeout" -> () -> Spindle.timeout(Duration.ofSeconds(1), ONE);
            case "timeoutAt" -> () -> Spindle.timeoutAt(Instant.now(), ONE);
            case "taskGroup" -> () -> Spindle.taskGroup(g -> null);
            case "shield" -> () -> Spindle.shield(ONE);
            case "toThread" -> () -> Spindle.toThread(ONE);
            case "currentTask" -> Spindle::currentTask;
            case "allTasks" -> Spindle::allTasks;
            case "waitFor" -> () -> Spindle.waitFor(someFinishedTask(), Duration.ZERO);
            case "waitTasks" -> () -> Spindle.waitTasks(List.of(someFinishedTask()), ReturnWhen.ALL_COMPLETED);
            case "asCompleted" -> () -> Spindle.asCompleted(List.of(someFinishedTask()));
            default -> throw new AssertionError(method);
        };
        assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle." + method)
                .hasMessageContaining("Spindle.run");
    }

    private static Task<Integer> someFinishedTask() {
        AtomicReference<Task<Integer>> t = new AtomicReference<>();
        Spindle.run(() -> t.set(Spindle.createTask(ONE)));
        return t.get();
    }

    @Test
    void sleepAndCurrentDeadlineWorkOutsideARun() {
        Spindle.sleep(Duration.ZERO);
        Spindle.sleep(1);
        assertThat(Spindle.currentDeadline()).isEmpty();
    }

    @Test
    void runInsideARunIsRefused() {
        assertThatThrownBy(() -> Spindle.run(() -> Spindle.run(ONE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from inside a run")
                .hasMessageContaining("createTask");
    }

    @Test
    void aTaskJoiningItselfIsToldInsteadOfHanging() {
        Spindle.run(() -> {
            AtomicReference<Task<Object>> self = new AtomicReference<>();
            Task<Object> t = Spindle.createTask(() -> {
                while (self.get() == null) {
                    Spindle.sleep(1);
                }
                return self.get().join();
            });
            self.set(t);
            assertThatThrownBy(t::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
            assertThatThrownBy(() -> Spindle.waitFor(Spindle.currentTask(), Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
            assertThatThrownBy(() -> Spindle.gather(List.of(Spindle.currentTask())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
        });
    }

    @Test
    void aTaskGroupUsedAfterItEndedSaysSo() {
        Spindle.run(() -> {
            TaskGroup escaped = Spindle.taskGroup("escaped", g -> g);
            assertThatThrownBy(() -> escaped.createTask(ONE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'escaped' has ended");
            escaped.cancel(); // harmless after the end
        });
    }

    @Test
    void aTaskGroupRefusesNewTasksWhileItAbortsOrIsCancelled() {
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.taskGroup(g -> {
                g.cancel();
                return g.createTask(ONE);
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("being cancelled");
            assertThatThrownBy(() -> Spindle.taskGroup(g -> {
                Task<Object> failing = g.createTask(() -> {
                    throw new ArithmeticException("boom");
                });
                while (!failing.isDone()) {
                    Thread.onSpinWait();
                }
                try {
                    Spindle.sleep(60_000); // the failure cancels the body here
                } catch (java.util.concurrent.CancellationException expected) {
                    // keep going, as a careless body might
                }
                return g.createTask(ONE);
            })).isInstanceOf(ArithmeticException.class) // the first failure wins; the body's misuse is suppressed
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .isInstanceOf(IllegalStateException.class)
                            .extracting(Throwable::getMessage).asString().contains("shutting down"));
        });
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        assertThatThrownBy(() -> Spindle.run((Callable<Object>) null)).hasMessage("main");
        assertThatThrownBy(() -> Spindle.run((ThrowingRunnable) null)).hasMessage("main");
        assertThatThrownBy(() -> Spindle.sleep(null)).isInstanceOf(NullPointerException.class).hasMessage("duration");
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.createTask((Callable<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> Spindle.createTask(null, ONE)).isInstanceOf(NullPointerException.class).hasMessage("name");
            assertThatThrownBy(() -> Spindle.gather(ONE, null)).isInstanceOf(NullPointerException.class).hasMessage("bodies[1]");
            assertThatThrownBy(() -> Spindle.gather((List<Task<Integer>>) null)).isInstanceOf(NullPointerException.class).hasMessage("tasks");
            assertThatThrownBy(() -> Spindle.gather(Arrays.asList(Spindle.createTask(ONE), null)))
                    .isInstanceOf(NullPointerException.class).hasMessage("tasks[1]");
            assertThatThrownBy(() -> Spindle.timeout(null, ONE)).isInstanceOf(NullPointerException.class).hasMessage("duration");
            assertThatThrownBy(() -> Spindle.timeout(Duration.ZERO, null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> Spindle.timeoutAt(null, ONE)).isInstanceOf(NullPointerException.class).hasMessage("deadline");
            assertThatThrownBy(() -> Spindle.waitFor(null, Duration.ZERO)).isInstanceOf(NullPointerException.class).hasMessage("task");
            assertThatThrownBy(() -> Spindle.waitTasks(List.of(Spindle.createTask(ONE)), null))
                    .isInstanceOf(NullPointerException.class).hasMessage("returnWhen");
            assertThatThrownBy(() -> Spindle.taskGroup(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> Spindle.shield(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> Spindle.toThread(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            Task<Integer> t = Spindle.createTask(ONE);
            assertThatThrownBy(() -> t.cancel(null)).isInstanceOf(NullPointerException.class).hasMessage("reason");
            assertThatThrownBy(() -> t.onDone(null)).isInstanceOf(NullPointerException.class).hasMessage("callback");
            Spindle.taskGroup(g -> {
                assertThatThrownBy(() -> g.createTask((Callable<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("body");
                assertThatThrownBy(() -> g.createTask(null, ONE)).isInstanceOf(NullPointerException.class).hasMessage("name");
                return null;
            });
        });
        assertThatThrownBy(() -> Runner.create().withName(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> Runner.create().withObserver(null)).isInstanceOf(NullPointerException.class).hasMessage("observer");
        assertThatThrownBy(() -> Runner.create().withShutdownGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"createTask(body)", "createTask(name)", "createTask(name, body)", "gather(bodies)",
            "gather(bodies[0])", "gather(tasks)", "gatherSettled(bodies)", "gatherSettled(bodies[0])",
            "gatherSettled(tasks)", "timeout(duration)", "timeout(body)", "timeoutAt(deadline)", "timeoutAt(body)",
            "taskGroup(body)", "taskGroup(name)", "taskGroup(name, body)", "shield(body)", "toThread(body)",
            "waitFor(task)", "waitFor(timeout)", "waitTasks(tasks)", "waitTasks(returnWhen)",
            "waitTasks(tasks, returnWhen, timeout)", "asCompleted(tasks)", "asCompleted(tasks, timeout)"})
    @DisplayName("outside a run too, a null argument is named before the missing run is reported")
    void nullArgumentsAreNamedBeforeTheMissingRunIsReported(String call) {
        Task<Integer> done = someFinishedTask();
        List<Task<Integer>> tasks = List.of(done);
        Runnable run = switch (call) {
            case "createTask(body)" -> () -> Spindle.createTask((Callable<Object>) null);
            case "createTask(name)" -> () -> Spindle.createTask(null, ONE);
            case "createTask(name, body)" -> () -> Spindle.createTask(null, (Callable<Object>) null);
            case "gather(bodies)" -> () -> Spindle.gather((Callable<Integer>[]) null);
            case "gather(bodies[0])" -> () -> Spindle.gather((Callable<Integer>) null);
            case "gather(tasks)" -> () -> Spindle.gather((List<Task<Integer>>) null);
            case "gatherSettled(bodies)" -> () -> Spindle.gatherSettled((Callable<Integer>[]) null);
            case "gatherSettled(bodies[0])" -> () -> Spindle.gatherSettled((Callable<Integer>) null);
            case "gatherSettled(tasks)" -> () -> Spindle.gatherSettled((List<Task<Integer>>) null);
            case "timeout(duration)" -> () -> Spindle.timeout(null, ONE);
            case "timeout(body)" -> () -> Spindle.timeout(Duration.ZERO, null);
            case "timeoutAt(deadline)" -> () -> Spindle.timeoutAt(null, ONE);
            case "timeoutAt(body)" -> () -> Spindle.timeoutAt(Instant.now(), null);
            case "taskGroup(body)" -> () -> Spindle.taskGroup(null);
            case "taskGroup(name)" -> () -> Spindle.taskGroup(null, g -> null);
            case "taskGroup(name, body)" -> () -> Spindle.taskGroup(null, null);
            case "shield(body)" -> () -> Spindle.shield(null);
            case "toThread(body)" -> () -> Spindle.toThread(null);
            case "waitFor(task)" -> () -> Spindle.waitFor(null, Duration.ZERO);
            case "waitFor(timeout)" -> () -> Spindle.waitFor(done, null);
            case "waitTasks(tasks)" -> () -> Spindle.waitTasks(null, ReturnWhen.ALL_COMPLETED);
            case "waitTasks(returnWhen)" -> () -> Spindle.waitTasks(tasks, null);
            case "waitTasks(tasks, returnWhen, timeout)" -> () -> Spindle.waitTasks(null, ReturnWhen.ALL_COMPLETED, null);
            case "asCompleted(tasks)" -> () -> Spindle.asCompleted(null);
            case "asCompleted(tasks, timeout)" -> () -> Spindle.asCompleted(null, Duration.ZERO);
            default -> throw new AssertionError(call);
        };
        String argument = call.substring(call.indexOf('(') + 1, call.indexOf(')')).split(",")[0];
        assertThatThrownBy(run::run).isInstanceOf(NullPointerException.class).hasMessage(argument);
    }

    @Test
    void waitingForNoTasksIsAnArgumentError() {
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.waitTasks(List.<Task<Object>>of(), ReturnWhen.ALL_COMPLETED))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one task");
            assertThat(Spindle.gather(List.<Task<Object>>of())).isEmpty();
            assertThat(Spindle.gather()).isEmpty();
        });
    }

    @Test
    void anUnknownEngineIsAClearError() {
        assertThatThrownBy(() -> Runner.create().withEngine("warp-drive").run(ONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No Spindle engine named 'warp-drive'");
    }
}
