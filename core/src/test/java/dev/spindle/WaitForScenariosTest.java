package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 81–87 of {@code asyncio-semantics.md} §2 G: {@code asyncio.wait_for}, as
 * {@link Spindle#waitFor} keeps or deliberately changes them ([D]). {@code waitFor} takes a
 * {@link Task} that is already running and throws {@link DeadlineExceededException} for
 * {@code TimeoutError}.
 *
 * <p>What cannot apply to Java, and why:
 * <ul>
 *   <li>81, the {@code TimeoutError}'s {@code __cause__} being the inner's {@code CancelledError}: the
 *       cancellation happens in the other task, so {@code waitFor} has no exception of its own to chain;
 *       {@code DeadlineExceededException} names the task and the task's own end reason says
 *       {@link EndReason.DeadlineExceeded} (tested; the decision is recorded in DESIGN's {@code waitFor} item).
 *   <li>84, {@code timeout=None}: a {@code Duration} cannot be "none"; waiting with no limit is
 *       {@link Task#join()}. A duration too long to represent waits without limit (tested).
 *   <li>85, "the coroutine body never starts": {@code waitFor} is given a task, which {@code createTask}
 *       has already started, so whether its body began cannot be promised; what holds is that it is
 *       cancelled at once (tested).
 *   <li>86, 3.11 vs 3.12 (the coroutine ran in a new task vs in the caller's task; contextvars seen or
 *       not): the awaited thing is always its own task in Spindle, as in 3.11 (tested with
 *       {@code currentTask()}); Java has no contextvars, and Spindle promises nothing about a task seeing its
 *       creator's thread-local state (that is the engine's business), so the contextvar half is not tested.
 *   <li>87, {@code wait_for(shield(t))}: Spindle's {@link Spindle#shield} protects a section of the
 *       calling task, it does not wrap a task; so {@code waitFor} cannot be made to leave a task running.
 *       Both Java forms are tested: a task whose work is shielded is awaited until the section ends
 *       [D], and {@link Spindle#waitTasks} with a timeout gives asyncio's "time out, leave it running".
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WaitForScenariosTest {

    private static final double SLACK_MS = 1000; // loose: the build machine is shared and noisy

    /** A body that sleeps {@code ms} and logs "name done", or "name cancelled" if cancelled first. */
    private static Callable<String> sleeper(TimedLog log, String name, long ms) {
        return () -> {
            try {
                Spindle.sleep(ms);
            } catch (CancellationException e) {
                log.add(name + " cancelled");
                throw e;
            }
            log.add(name + " done");
            return name;
        };
    }

    @Test
    @DisplayName("81 waitFor(task sleeping 10 s, 100 ms) throws DeadlineExceededException at ~100 ms and the task is cancelled")
    void waitForTimesOutAndCancels() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch up = new CountDownLatch(1);
            Callable<String> slow = sleeper(log, "slow", 10_000);
            Task<String> task = Spindle.createTask("slow", () -> {
                up.countDown();
                return slow.call();
            });
            up.await(); // running: a task cancelled before it starts never runs its body, so would log nothing
            Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, Duration.ofMillis(100)));
            log.add("waitFor threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("slow");
            assertThat(log.events()).containsExactly("slow cancelled", "waitFor threw");
            TestTime.assertMillis("waitFor threw", log.at("waitFor threw"), 100, SLACK_MS);
            assertThat(task.isCancelled()).isTrue();
            assertThat(task.endReason()).hasValueSatisfying(
                    r -> assertThat(r).isInstanceOf(EndReason.DeadlineExceeded.class));
        });
    }

    @Test
    @DisplayName("81 waitFor(task of 50 ms, 1 s) returns its result")
    void waitForReturnsResultInTime() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> task = Spindle.createTask(sleeper(log, "quick", 50));
            assertThat(Spindle.waitFor(task, Duration.ofSeconds(1))).isEqualTo("quick");
            TestTime.assertMillis("quick done", log.at("quick done"), 50, SLACK_MS);
        });
    }

    @Test
    @DisplayName("82 waitFor waits for the cancelled task's 150 ms cleanup: thrown at ~200 ms, after the cleanup, as asyncio")
    void waitForWaitsForCleanup() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch up = new CountDownLatch(1);
            Task<String> task = Spindle.createTask(() -> {
                up.countDown();
                try {
                    Spindle.sleep(10_000);
                } catch (CancellationException e) {
                    log.add("cleanup started");
                    Spindle.sleep(150);
                    log.add("cleanup done");
                    throw e;
                }
                return "never";
            });
            up.await();
            Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, Duration.ofMillis(50)));
            log.add("waitFor threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("cleanup started", "cleanup done", "waitFor threw");
            TestTime.assertMillis("waitFor threw", log.at("waitFor threw"), 200, SLACK_MS);
            assertThat(task.isCancelled()).isTrue();
        });
    }

    @Test
    @DisplayName("83 [D] a task that swallows the cancel and returns: waitFor still throws at the deadline; the value stays on the task")
    void swallowedCancelStillTimesOut() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch up = new CountDownLatch(1);
            Task<String> task = Spindle.createTask(() -> {
                up.countDown();
                try {
                    Spindle.sleep(10_000);
                } catch (CancellationException e) {
                    log.add("cancel swallowed");
                }
                Spindle.sleep(100);
                log.add("task returned");
                return "value despite cancel";
            });
            up.await();
            Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, Duration.ofMillis(50)));
            log.add("waitFor threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("cancel swallowed", "task returned", "waitFor threw");
            TestTime.assertMillis("waitFor threw", log.at("waitFor threw"), 150, SLACK_MS);
            assertThat(task.state()).isEqualTo(Task.State.SUCCESS);
            assertThat(task.join()).isEqualTo("value despite cancel");
        });
    }

    @Test
    @DisplayName("84 the task's own failure comes out of waitFor unchanged (the same object)")
    void taskFailurePropagatesUnchanged() {
        Spindle.run(() -> {
            IllegalArgumentException v = new IllegalArgumentException("v");
            Task<String> task = Spindle.createTask(() -> {
                Spindle.sleep(50);
                throw v;
            });
            assertThat(catchThrowable(() -> Spindle.waitFor(task, Duration.ofSeconds(1)))).isSameAs(v);
        });
    }

    @Test
    @DisplayName("84 a timeout too long to represent waits without limit")
    void unrepresentableTimeoutWaitsWithoutLimit() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> task = Spindle.createTask(sleeper(log, "task", 100));
            assertThat(Spindle.waitFor(task, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("task");
        });
    }

    @Test
    @DisplayName("84 cancelling the task in waitFor(inner, 5 s) cancels the inner too")
    void cancellingTheWaiterCancelsTheInner() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch innerStarted = new CountDownLatch(1);
            CountDownLatch waiterReady = new CountDownLatch(1);
            Task<String> inner = Spindle.createTask("inner", () -> {
                innerStarted.countDown();
                return sleeper(log, "inner", 10_000).call();
            });
            Task<String> waiter = Spindle.createTask("waiter", () -> {
                waiterReady.countDown();
                return Spindle.waitFor(inner, Duration.ofSeconds(5));
            });
            innerStarted.await();
            waiterReady.await();
            Spindle.sleep(50);
            waiter.cancel("stop waiting");
            assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
            assertThat(inner.isDone()).as("waitFor waits for the inner to end").isTrue();
            assertThat(inner.isCancelled()).isTrue();
            assertThat(inner.endReason()).hasValueSatisfying(
                    r -> assertThat(r).isInstanceOf(EndReason.ScopeCancelled.class));
            assertThat(log.events()).containsExactly("inner cancelled");
        });
    }

    @Test
    @DisplayName("85 waitFor(unfinished task, 0) and (…, -1 ms) throw at once and cancel the task")
    void zeroOrNegativeTimeoutCancelsAtOnce() {
        Spindle.run(() -> {
            for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
                TimedLog log = new TimedLog();
                Task<String> task = Spindle.createTask(sleeper(log, "task", 10_000));
                Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, timeout));
                log.add("waitFor threw");
                assertThat(thrown).as("timeout %s", timeout).isInstanceOf(DeadlineExceededException.class);
                assertThat(task.isCancelled()).isTrue();
                TestTime.assertMillis("waitFor threw", log.at("waitFor threw"), 0, SLACK_MS);
            }
        });
    }

    @Test
    @DisplayName("85 waitFor(finished task, 0) returns its result")
    void zeroTimeoutOnFinishedTaskReturnsResult() {
        Spindle.run(() -> {
            Task<String> done = Spindle.createTask(() -> "result");
            done.join();
            assertThat(Spindle.waitFor(done, Duration.ZERO)).isEqualTo("result");
            assertThat(Spindle.waitFor(done, Duration.ofMillis(-1))).isEqualTo("result");
        });
    }

    @Test
    @DisplayName("86 [D] the awaited work runs in its own task (as 3.11), not in the caller's")
    void awaitedWorkRunsInItsOwnTask() {
        Spindle.run(() -> {
            Task<?> caller = Spindle.currentTask();
            Task<Task<?>> task = Spindle.createTask(() -> {
                Spindle.sleep(20);
                return Spindle.currentTask();
            });
            Task<?> ranIn = Spindle.waitFor(task, Duration.ofSeconds(1));
            assertThat(ranIn).isSameAs(task).isNotSameAs(caller);
        });
    }

    @Test
    @DisplayName("87 [D] waitFor on a task whose work is shielded: the deadline's cancel waits for the 400 ms section, then waitFor throws")
    void waitForOnShieldedWorkWaitsForTheSection() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch inside = new CountDownLatch(1);
            Task<String> task = Spindle.createTask(() -> Spindle.shield(() -> {
                inside.countDown();
                Spindle.sleep(400); // long beside the 50 ms deadline, so a late wake-up cannot reorder them
                log.add("shielded section done");
                return "done";
            }));
            inside.await(); // the deadline's cancel must find the task inside the section
            Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, Duration.ofMillis(50)));
            log.add("waitFor threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("shielded section done", "waitFor threw");
            TestTime.assertMillis("waitFor threw", log.at("waitFor threw"), 400, SLACK_MS);
            assertThat(task.isCancelled()).as("the cancellation took effect when the section ended").isTrue();
        });
    }

    @Test
    @DisplayName("87 asyncio's 'time out but leave it running' is waitTasks with a timeout: pending at ~50 ms, the task completes at ~400 ms")
    void waitTasksTimesOutWithoutCancelling() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> task = Spindle.createTask(sleeper(log, "t", 400));
            Done<String> split = Spindle.waitTasks(List.of(task), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50));
            log.add("waitTasks returned");
            assertThat(split.done()).isEmpty();
            assertThat(split.pending()).containsExactly(task);
            assertThat(task.join()).isEqualTo("t");
            assertThat(log.events()).containsExactly("waitTasks returned", "t done");
            TestTime.assertMillis("waitTasks returned", log.at("waitTasks returned"), 50, SLACK_MS);
            TestTime.assertMillis("t done", log.at("t done"), 400, SLACK_MS);
        });
    }

    @Test
    @DisplayName("81 misuse: null arguments are named, a task may not wait for itself, and waitFor needs a run")
    void misuse() {
        Spindle.run(() -> {
            Task<String> task = Spindle.createTask(() -> "x");
            assertThatThrownBy(() -> Spindle.waitFor(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                    .hasMessage("task");
            assertThatThrownBy(() -> Spindle.waitFor(task, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            Task<Throwable> self = Spindle.createTask(() -> {
                @SuppressWarnings("unchecked")
                Task<Object> me = (Task<Object>) Spindle.currentTask();
                return catchThrowable(() -> Spindle.waitFor(me, Duration.ofSeconds(1)));
            });
            assertThat(self.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
            AtomicReference<Throwable> outside = new AtomicReference<>();
            Thread plain = new Thread(() -> outside.set(catchThrowable(() -> Spindle.waitFor(task, Duration.ZERO))));
            plain.start();
            plain.join();
            assertThat(outside.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.waitFor");
        });
    }

    /** The failure of the tests below; not an {@code IllegalStateException}, which a cancellation is. */
    private static final class FooException extends RuntimeException {
        FooException(String message) {
            super(message);
        }
    }

    /** A task that is running, and throws {@code failure} from its cleanup when it is cancelled. */
    private static Task<String> failingWhenCancelled(RuntimeException failure) throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        Task<String> task = Spindle.createTask(() -> {
            up.countDown();
            try {
                Spindle.sleep(10_000);
            } finally {
                throw failure;
            }
        });
        up.await();
        return task;
    }

    @Test
    @DisplayName("test_wait_for_reraises_exception_during_cancellation: a task that fails while the deadline cancels it makes waitFor throw that failure, the deadline suppressed (as timeout())")
    void waitForReraisesExceptionDuringCancellation() {
        FooException foo = new FooException("FooException");
        Spindle.run(() -> {
            Task<String> task = failingWhenCancelled(foo);
            Throwable thrown = catchThrowable(() -> Spindle.waitFor(task, Duration.ofMillis(100)));
            assertThat(thrown).isSameAs(foo);
            assertThat(foo.getSuppressed()).singleElement().isInstanceOf(DeadlineExceededException.class);
            assertThat(((TaskImpl<?>) task).isRetrieved()).as("thrown to the caller, so not reported again").isTrue();
        });
    }

    @Test
    @DisplayName("[D] a task that fails while waitFor's cancelled caller cancels it: the failure is thrown and the caller's cancellation stays pending")
    void waitForOfACancelledCallerThrowsTheTaskFailureAndKeepsTheCancellationPending() {
        FooException foo = new FooException("FooException");
        Spindle.run(() -> {
            Task<String> task = failingWhenCancelled(foo);
            AtomicReference<Throwable> seen = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(1);
            Task<String> caller = Spindle.createTask(() -> {
                waiting.countDown();
                try {
                    return Spindle.waitFor(task, Duration.ofSeconds(30));
                } catch (FooException e) { // not IllegalStateException: CancellationException is one
                    seen.set(e);
                    Spindle.sleep(60_000); // the pending cancellation is delivered here
                    return "the cancellation was lost";
                }
            });
            waiting.await();
            caller.cancel();
            assertThat(catchThrowable(caller::join)).isInstanceOf(CancellationException.class);
            assertThat(seen.get()).isSameAs(foo);
        });
    }
}
