package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.spindle.sync.CapacityLimiter;
import dev.spindle.sync.Lock;
import dev.spindle.sync.Semaphore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One rule for what a body throws, the same in every call that runs a body and passes its outcome on
 * (DESIGN "Checked exceptions"): an unchecked exception or error passes as the same object, an
 * {@link InterruptedException} is a cancellation and comes out as {@link CancellationException} (the
 * interrupt kept as its cause), any other checked exception comes wrapped in
 * {@link TaskFailedException}. Four copies of this rule once disagreed about the interrupt, and a
 * cancelled task whose {@code taskGroup} body sat in {@code Thread.sleep} ended {@code FAILED}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RethrowRuleTest {

    /** Every call that runs a body on behalf of its caller and passes on what the body threw. */
    enum Scope {
        TASK_GROUP {
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.taskGroup(g -> body.call());
            }
        },
        TIMEOUT {
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.timeout(Duration.ofMinutes(1), body);
            }
        },
        TIMEOUT_NESTED_WITHOUT_TIMER { // a section no earlier than the enclosing deadline gets no timer
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.timeout(Duration.ofMinutes(1), () -> Spindle.timeout(Duration.ofMinutes(2), body));
            }
        },
        SHIELD {
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.shield(body);
            }
        },
        TO_THREAD {
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.toThread(body);
            }
        },
        JOIN {
            @Override
            <T> T run(Callable<T> body) {
                return Spindle.createTask(body).join();
            }
        },
        LOCK {
            @Override
            <T> T run(Callable<T> body) {
                return new Lock().withLock(body);
            }
        },
        SEMAPHORE {
            @Override
            <T> T run(Callable<T> body) {
                return new Semaphore(1).withPermit(body);
            }
        },
        CAPACITY_LIMITER {
            @Override
            <T> T run(Callable<T> body) {
                return new CapacityLimiter(1).withToken(body);
            }
        };

        abstract <T> T run(Callable<T> body);
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void anUncheckedExceptionOrErrorPassesAsTheSameObject(Scope scope) {
        Spindle.run(() -> {
            IllegalStateException failure = new IllegalStateException("boom");
            assertThat(catchThrowable(() -> scope.run(() -> {
                throw failure;
            }))).isSameAs(failure);
            AssertionError error = new AssertionError("broken");
            assertThat(catchThrowable(() -> scope.run(() -> {
                throw error;
            }))).isSameAs(error);
        });
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void aCheckedExceptionComesWrappedWithItsCauseKept(Scope scope) {
        Spindle.run(() -> {
            IOException failure = new IOException("disk");
            assertThat(catchThrowable(() -> scope.run(() -> {
                throw failure;
            }))).isInstanceOf(TaskFailedException.class).hasCause(failure);
        });
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void anInterruptedExceptionComesOutAsACancellation(Scope scope) {
        Spindle.run(() -> {
            InterruptedException interrupt = new InterruptedException("stop");
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Task<Object> task = Spindle.createTask(() -> {
                try {
                    return scope.run(() -> {
                        throw interrupt;
                    });
                } catch (RuntimeException e) {
                    seen.set(e);
                    throw e;
                }
            });
            assertThat(catchThrowable(task::join)).isInstanceOf(CancellationException.class);
            assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
            assertThat(seen.get()).isInstanceOf(CancellationException.class);
            if (scope != Scope.JOIN) { // a joined task that ended cancelled is reported by its end reason instead
                assertThat(seen.get()).hasCause(interrupt);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = Scope.class, names = "SHIELD", mode = EnumSource.Mode.EXCLUDE) // a shield holds the cancel off
    void aCancelledTaskWhoseScopeBodySitsInAJdkBlockingCallEndsCancelled(Scope scope) {
        Spindle.run(() -> {
            CountDownLatch blocked = new CountDownLatch(1);
            Task<Object> task = Spindle.createTask(() -> scope.run(() -> {
                blocked.countDown();
                Thread.sleep(10_000);
                return null;
            }));
            blocked.await(); // whether the cancel lands before or in Thread.sleep, the sleep throws
            task.cancel();
            assertThat(catchThrowable(task::join)).isInstanceOf(CancellationException.class);
            assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
        });
    }

    @Test
    @DisplayName("a cancelled task whose taskGroup body sits in Thread.sleep ends CANCELLED, as under timeout (issue 14, defect 1)")
    void aCancelledTaskWhoseTaskGroupBodySleepsEndsCancelled() {
        Spindle.run(() -> {
            CountDownLatch blocked = new CountDownLatch(1);
            Task<Object> task = Spindle.createTask(() -> Spindle.taskGroup(g -> {
                blocked.countDown();
                Thread.sleep(10_000);
                return null;
            }));
            blocked.await();
            task.cancel();
            Throwable thrown = catchThrowable(task::join);
            assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
            assertThat(thrown).isInstanceOf(CancellationException.class);
            assertThat(task.endReason()).hasValueSatisfying(r -> assertThat(r).isInstanceOf(EndReason.Cancelled.class));
        });
    }
}
