package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 98 and 99 of {@code asyncio-semantics.md} §2 J: {@code asyncio.shield},
 * {@code current_task} and {@code all_tasks}, as {@link Spindle#shield}, {@link Spindle#currentTask}
 * and {@link Spindle#allTasks} keep or deliberately change them ([D]).
 *
 * <p>Spindle's {@code shield} is Trio's shielded cancel scope, not asyncio's wrapper task: the
 * section runs in the calling task, and a cancellation that arrives meanwhile takes effect when the
 * section ends [D]. So the awaiter does not get its {@code CancellationException} at once while the
 * work goes on elsewhere; it gets it once the work is done.
 *
 * <p>What cannot apply to Java, and why:
 * <ul>
 *   <li>98, {@code shield(done_future) is done_future}: {@code shield} takes a {@code Callable} and
 *       returns its result; there is no future to hand back.
 *   <li>99, {@code current_task()} returning {@code None} in a plain loop callback: Spindle has no loop
 *       callbacks; on a thread that runs no task (a {@link Spindle#toThread} worker, any platform
 *       thread) {@code currentTask()} throws {@link IllegalStateException} instead of returning
 *       {@code null} [D] (tested). "No running event loop" outside a loop is the same
 *       {@code IllegalStateException} (tested).
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ShieldAndIntrospectionScenariosTest {

    private static final double SLACK_MS = 1000; // loose: the build machine is shared and noisy

    // ---------------------------------------------------------------- shield

    @Test
    @DisplayName("98 [D] cancelling a task inside a 150 ms shielded section: the section finishes, then the task gets CancellationException")
    void cancellationWaitsForTheShieldedSection() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch cancelRequested = new CountDownLatch(1);
            AtomicReference<Throwable> shieldThrew = new AtomicReference<>();
            Task<String> awaiter = Spindle.createTask("O", () -> {
                try {
                    return Spindle.shield(() -> {
                        inside.countDown();
                        cancelRequested.await(); // the cancellation arrives here, held off by the shield
                        Spindle.sleep(150); // not interrupted either
                        log.add("section done");
                        return "inner";
                    });
                } catch (CancellationException e) {
                    shieldThrew.set(e);
                    log.add("O got CancellationException");
                    throw e;
                }
            });
            inside.await();
            log.add("cancel");
            awaiter.cancel("external");
            cancelRequested.countDown();
            assertThatThrownBy(awaiter::join).isInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("cancel", "section done", "O got CancellationException");
            TestTime.assertMillis("O got CancellationException after cancel", log.at("O got CancellationException") - log.at("cancel"), 150, SLACK_MS);
            assertThat(shieldThrew.get()).hasMessageContaining("external");
            assertThat(awaiter.endReason()).contains(new EndReason.Cancelled("external"));
        });
    }

    @Test
    @DisplayName("98 [D] a timeout's deadline (200 ms) that passes inside a shielded section waits for it (~500 ms), then DeadlineExceededException")
    void deadlineWaitsForTheShieldedSection() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Instant deadline = Spindle.now().plusMillis(200);
            AtomicBoolean enteredInTime = new AtomicBoolean();
            Throwable thrown = catchThrowable(() -> Spindle.timeoutAt(deadline, () -> Spindle.shield(() -> {
                enteredInTime.set(Spindle.now().isBefore(deadline));
                Spindle.sleep(500); // long past the deadline, so even a late timer thread fires inside the section
                log.add("section done");
                return "inner";
            })));
            log.add("timeout threw");
            assumeThat(enteredInTime).as("the section began before the deadline (a 200 ms stall says otherwise)").isTrue();
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("section done", "timeout threw");
            TestTime.assertMillis("timeout threw", log.at("timeout threw"), 500, SLACK_MS);
        });
    }

    @Test
    @DisplayName("98 when the awaited inner task itself is cancelled, the shielded awaiter gets CancellationException")
    void innerCancelledGivesTheAwaiterCancellation() {
        Spindle.run(() -> {
            CountDownLatch innerStarted = new CountDownLatch(1);
            Task<String> inner = Spindle.createTask("inner", () -> {
                innerStarted.countDown();
                Spindle.sleep(10_000);
                return "never";
            });
            Task<String> awaiter = Spindle.createTask("O", () -> Spindle.shield(inner::join));
            innerStarted.await();
            Spindle.sleep(50);
            inner.cancel("inner cancelled");
            assertThatThrownBy(awaiter::join).isInstanceOf(CancellationException.class);
            assertThat(inner.isCancelled()).isTrue();
        });
    }

    @Test
    @DisplayName("98 the shielded section's own result is returned when nothing cancels it")
    void shieldReturnsTheResult() {
        Spindle.run(() -> {
            assertThat(Spindle.shield(() -> {
                Spindle.sleep(20);
                return "inner";
            })).isEqualTo("inner");
        });
    }

    @Test
    @DisplayName("98 a cancellation that arrived before shield is called throws at once; the section never runs")
    void cancellationBeforeShieldThrowsAtOnce() {
        Spindle.run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Task<String> task = Spindle.createTask(() -> {
                Spindle.currentTask().cancel("self");
                return Spindle.shield(() -> {
                    ran.set(true);
                    return "ran";
                });
            });
            assertThatThrownBy(task::join).isInstanceOf(CancellationException.class);
            assertThat(ran).isFalse();
        });
    }

    // ---------------------------------------------------------------- currentTask and allTasks

    @Test
    @DisplayName("99 currentTask() is the main task in main and the child in a child")
    void currentTaskIsTheRunningTask() {
        Spindle.run(() -> {
            Task<?> main = Spindle.currentTask();
            assertThat(main.parent()).isEmpty();
            Task<Task<?>> child = Spindle.createTask(Spindle::currentTask);
            assertThat(child.join()).isSameAs(child);
            assertThat(child.parent()).containsSame(main);
        });
    }

    @Test
    @DisplayName("99 [D] on a thread that runs no task (a toThread worker) currentTask() throws IllegalStateException, not null")
    void currentTaskOnANonTaskThread() {
        Spindle.run(() -> {
            Throwable onWorker = Spindle.toThread(() -> catchThrowable(Spindle::currentTask));
            assertThat(onWorker).isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.currentTask");
        });
    }

    @Test
    @DisplayName("99 allTasks() holds the unfinished tasks, the caller included, and no finished one")
    void allTasksHoldsOnlyUnfinishedTasks() {
        Spindle.run(() -> {
            Task<?> main = Spindle.currentTask();
            Task<String> sleeping = Spindle.createTask(() -> {
                Spindle.sleep(10_000);
                return "never";
            });
            for (int i = 0; i < 200; i++) { // a finished task must be gone at once, not a moment later
                Task<Integer> finished = Spindle.createTask(() -> 1);
                finished.join();
                assertThat(Spindle.allTasks()).as("round %d", i).contains(main, sleeping).doesNotContain(finished);
            }
            sleeping.cancel();
        });
    }

    @Test
    @DisplayName("99 outside a run currentTask() and allTasks() throw IllegalStateException saying how to fix it")
    void introspectionOutsideARun() {
        assertThatThrownBy(Spindle::currentTask).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.currentTask").hasMessageContaining("Spindle.run");
        assertThatThrownBy(Spindle::allTasks).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.allTasks").hasMessageContaining("Spindle.run");
    }
}
