package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 88–93 of {@code asyncio-semantics.md} §2 H: {@code asyncio.wait}, as
 * {@link Spindle#waitTasks} keeps them. It never throws a task's failure and never cancels a task.
 *
 * <p>What cannot apply to Java, and why:
 * <ul>
 *   <li>88, "both Python {@code set}s": {@link Done} holds two lists, the finished tasks in completion
 *       order and the pending ones in argument order, which says more than a set (tested).
 *   <li>90, "dropping the task logs 'Task exception was never retrieved'": Spindle reports unretrieved
 *       failures deterministically when the run ends, not when the garbage collector drops the task
 *       (DESIGN.md point 7) [D]; tested through the observer event that comes with the log line.
 *   <li>92, a bad {@code return_when} string: {@link ReturnWhen} is an enum, so only {@code null} is
 *       possible (tested: NullPointerException naming it). Passing coroutines, or a single task
 *       instead of a collection: Java's types rule both out.
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WaitTasksScenariosTest {

    private static final double SLACK_MS = 1000; // loose: the build machine is shared and noisy

    /** A body that sleeps {@code ms}, then returns {@code name}, or throws {@code failure} if given. */
    private static Callable<String> job(long ms, String name, RuntimeException failure) {
        return () -> {
            Spindle.sleep(ms);
            if (failure != null) {
                throw failure;
            }
            return name;
        };
    }

    /** a10, b20, c30 of the reference, at 50, 200 and 350 ms (wide apart so load cannot reorder them); b fails. */
    private record Abc(Task<String> a, Task<String> b, Task<String> c, IllegalArgumentException bFailure) {
        static Abc start() {
            IllegalArgumentException failure = new IllegalArgumentException("b failed");
            return new Abc(Spindle.createTask("a", job(50, "a", null)), Spindle.createTask("b", job(200, "b", failure)),
                    Spindle.createTask("c", job(350, "c", null)), failure);
        }

        List<Task<String>> all() {
            return List.of(a, b, c);
        }
    }

    @Test
    @DisplayName("88 FIRST_COMPLETED returns at ~50 ms with done [a] and pending [b, c]")
    void firstCompleted() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Abc t = Abc.start();
            Done<String> split = Spindle.waitTasks(t.all(), ReturnWhen.FIRST_COMPLETED);
            log.add("returned");
            assertThat(split.done()).containsExactly(t.a());
            assertThat(split.pending()).containsExactly(t.b(), t.c());
            TestTime.assertMillis("returned", log.at("returned"), 50, SLACK_MS);
        });
    }

    @Test
    @DisplayName("89 FIRST_EXCEPTION returns at the failure (~200 ms) with done [a, b] and pending [c]")
    void firstException() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Abc t = Abc.start();
            Done<String> split = Spindle.waitTasks(t.all(), ReturnWhen.FIRST_EXCEPTION);
            log.add("returned");
            assertThat(split.done()).containsExactly(t.a(), t.b());
            assertThat(split.pending()).containsExactly(t.c());
            TestTime.assertMillis("returned", log.at("returned"), 200, SLACK_MS);
        });
    }

    @Test
    @DisplayName("89 FIRST_EXCEPTION with no failure returns only when all are done (~350 ms)")
    void firstExceptionWithoutFailureWaitsForAll() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            List<Task<String>> tasks = List.of(Spindle.createTask(job(50, "a", null)),
                    Spindle.createTask(job(350, "c", null)));
            Done<String> split = Spindle.waitTasks(tasks, ReturnWhen.FIRST_EXCEPTION);
            log.add("returned");
            assertThat(split.done()).containsExactlyElementsOf(tasks);
            assertThat(split.pending()).isEmpty();
            TestTime.assertMillis("returned", log.at("returned"), 350, SLACK_MS);
        });
    }

    @Test
    @DisplayName("89 FIRST_EXCEPTION does not count a cancelled task as a failure (as asyncio): it returns at the real failure")
    void firstExceptionIgnoresCancelledTasks() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            IllegalArgumentException failure = new IllegalArgumentException("fails");
            Task<String> cancelled = Spindle.createTask(job(10_000, "cancelled", null));
            Task<String> failing = Spindle.createTask(job(200, "failing", failure));
            Task<String> slow = Spindle.createTask(job(10_000, "slow", null));
            Spindle.createTask(() -> {
                Spindle.sleep(50);
                return cancelled.cancel();
            });
            Done<String> split = Spindle.waitTasks(List.of(cancelled, failing, slow), ReturnWhen.FIRST_EXCEPTION);
            log.add("returned");
            assertThat(split.done()).containsExactly(cancelled, failing);
            assertThat(split.pending()).containsExactly(slow);
            TestTime.assertMillis("returned", log.at("returned"), 200, SLACK_MS);
        });
    }

    @Test
    @DisplayName("90 ALL_COMPLETED returns at ~350 ms with all done in completion order, and does not throw b's failure")
    void allCompleted() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Abc t = Abc.start();
            Done<String> split = Spindle.waitTasks(List.of(t.c(), t.b(), t.a()), ReturnWhen.ALL_COMPLETED);
            log.add("returned");
            assertThat(split.done()).containsExactly(t.a(), t.b(), t.c());
            assertThat(split.pending()).isEmpty();
            TestTime.assertMillis("returned", log.at("returned"), 350, SLACK_MS);
            assertThat(t.b().exceptionNow()).isSameAs(t.bFailure());
        });
    }

    @Test
    @DisplayName("90 [D] a failure waitTasks saw but nobody retrieved is reported when the run ends, not when the task is dropped")
    void unretrievedFailureIsReportedAtRunEnd() {
        List<Throwable> unretrieved = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void failureUnretrieved(Task<?> task, Throwable failure) {
                unretrieved.add(failure);
                events.add("reported " + task.name());
            }
        };
        AtomicReference<IllegalArgumentException> bFailure = new AtomicReference<>();
        Runner.create().withObserver(observer).run(() -> {
            Abc t = Abc.start();
            bFailure.set(t.bFailure());
            Spindle.waitTasks(t.all(), ReturnWhen.ALL_COMPLETED);
            assertThat(unretrieved).as("nothing is reported while the run goes on").isEmpty();
            events.add("main returned");
        });
        assertThat(unretrieved).containsExactly(bFailure.get());
        assertThat(events).containsExactly("main returned", "reported b");

        unretrieved.clear();
        Runner.create().withObserver(observer).run(() -> {
            Abc t = Abc.start();
            Spindle.waitTasks(t.all(), ReturnWhen.ALL_COMPLETED);
            t.b().exceptionNow(); // retrieved: nothing to report
        });
        assertThat(unretrieved).isEmpty();
    }

    @Test
    @DisplayName("91 a timeout of 250 ms returns the split so far (done [a], pending [c]) and cancels nothing: c completes at ~500 ms")
    void timeoutReturnsSplitWithoutCancelling() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> a = Spindle.createTask(job(50, "a", null));
            Task<String> c = Spindle.createTask(job(500, "c", null));
            Done<String> split = Spindle.waitTasks(List.of(a, c), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(250));
            log.add("returned");
            assertThat(split.done()).containsExactly(a);
            assertThat(split.pending()).containsExactly(c);
            TestTime.assertMillis("returned", log.at("returned"), 250, SLACK_MS);
            assertThat(c.join()).isEqualTo("c");
            log.add("c done");
            TestTime.assertMillis("c done", log.at("c done"), 500, SLACK_MS);
        });
    }

    @Test
    @DisplayName("91 a zero timeout returns at once with nothing done and everything pending")
    void zeroTimeoutReturnsEverythingPending() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            List<Task<String>> tasks = List.of(Spindle.createTask(job(10_000, "x", null)),
                    Spindle.createTask(job(10_000, "y", null)));
            Done<String> split = Spindle.waitTasks(tasks, ReturnWhen.ALL_COMPLETED, Duration.ZERO);
            assertThat(split.done()).isEmpty();
            assertThat(split.pending()).containsExactlyElementsOf(tasks);
            TestTime.assertMillis("returned", log.now(), 0, SLACK_MS);
            assertThat(tasks).noneMatch(Task::isDone);
        });
    }

    @Test
    @DisplayName("92 an empty collection throws IllegalArgumentException")
    void emptyCollectionIsRejected() {
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.waitTasks(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Spindle.waitTasks(List.<Task<String>>of(), ReturnWhen.FIRST_COMPLETED,
                    Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    @DisplayName("92 null arguments throw NullPointerException naming them; a task may not wait for itself; waitTasks needs a run")
    void misuse() {
        Spindle.run(() -> {
            Task<String> a = Spindle.createTask(() -> "a");
            assertThatThrownBy(() -> Spindle.waitTasks(null, ReturnWhen.ALL_COMPLETED))
                    .isInstanceOf(NullPointerException.class).hasMessage("tasks");
            assertThatThrownBy(() -> Spindle.waitTasks(List.of(a), null))
                    .isInstanceOf(NullPointerException.class).hasMessage("returnWhen");
            assertThatThrownBy(() -> Spindle.waitTasks(Arrays.asList(a, null), ReturnWhen.ALL_COMPLETED))
                    .isInstanceOf(NullPointerException.class).hasMessage("tasks[1]");
            Task<Throwable> self = Spindle.createTask(() -> {
                @SuppressWarnings("unchecked")
                Task<Object> me = (Task<Object>) Spindle.currentTask();
                return catchThrowable(() -> Spindle.waitTasks(List.of(me), ReturnWhen.ALL_COMPLETED));
            });
            assertThat(self.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
        });
        assertThatThrownBy(() -> Spindle.waitTasks(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.waitTasks");
    }

    @Test
    @DisplayName("92 a task given twice counts once")
    void duplicatesCollapse() {
        Spindle.run(() -> {
            Task<String> a = Spindle.createTask(job(50, "a", null));
            Done<String> split = Spindle.waitTasks(List.of(a, a), ReturnWhen.ALL_COMPLETED);
            assertThat(split.done()).containsExactly(a);
            assertThat(split.pending()).isEmpty();
        });
    }

    @Test
    @DisplayName("93 cancelling the task blocked in waitTasks([A]) does not cancel A, which completes normally")
    void cancellingTheWaiterLeavesTheTasksAlone() {
        Spindle.run(() -> {
            Task<String> a = Spindle.createTask("A", job(200, "A", null));
            CountDownLatch waiting = new CountDownLatch(1);
            Task<Done<String>> waiter = Spindle.createTask("waiter", () -> {
                waiting.countDown();
                return Spindle.waitTasks(List.of(a), ReturnWhen.ALL_COMPLETED);
            });
            waiting.await();
            Spindle.sleep(50);
            waiter.cancel("stop waiting");
            assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
            assertThat(a.join()).isEqualTo("A");
            assertThat(a.state()).isEqualTo(Task.State.SUCCESS);
        });
    }

    @Test
    @DisplayName("test_wait_really_done: two tasks finished before waitTasks(FIRST_COMPLETED) both come back done, none pending")
    void waitReallyDone() {
        Spindle.run(() -> {
            Task<String> a = Spindle.createTask(() -> "a");
            Task<String> b = Spindle.createTask(() -> "b");
            a.join();
            b.join();
            Done<String> split = Spindle.waitTasks(List.of(a, b), ReturnWhen.FIRST_COMPLETED);
            assertThat(split.done()).containsExactlyInAnyOrder(a, b);
            assertThat(split.pending()).isEmpty();
        });
    }

    @Test
    @DisplayName("whatever is done when waitTasks returns is in done, at FIRST_EXCEPTION and at the timeout too")
    void everyTaskDoneAtReturnIsInDone() {
        Spindle.run(() -> {
            Task<String> ok = Spindle.createTask(() -> "ok");
            Task<String> failed = Spindle.createTask(() -> {
                throw new IllegalStateException("boom");
            });
            Task<String> slow = Spindle.createTask(job(60_000, "slow", null));
            ok.join();
            assertThat(catchThrowable(failed::join)).hasMessage("boom");
            Done<String> atFailure = Spindle.waitTasks(List.of(ok, failed, slow), ReturnWhen.FIRST_EXCEPTION);
            assertThat(atFailure.done()).containsExactlyInAnyOrder(ok, failed);
            assertThat(atFailure.pending()).containsExactly(slow);
            Done<String> atTimeout = Spindle.waitTasks(List.of(slow, ok, failed), ReturnWhen.ALL_COMPLETED,
                    Duration.ZERO);
            assertThat(atTimeout.done()).containsExactlyInAnyOrder(ok, failed);
            assertThat(atTimeout.pending()).containsExactly(slow);
            slow.cancel();
        });
    }
}
