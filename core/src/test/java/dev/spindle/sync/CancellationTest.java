package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every blocking call throws {@link CancellationException} when its task is cancelled, before or while it
 * waits, and leaves the primitive as if it had never been called; and every one composes with
 * {@code Spindle.timeout}.
 */
class CancellationTest {

    /** Cancels a task that the caller made sure is blocked, and checks it ended cancelled. */
    private static void cancelAndExpectCancelled(Task<?> task) {
        task.cancel();
        assertThatThrownBy(task::join).isInstanceOf(CancellationException.class);
        assertThat(task.isCancelled()).isTrue();
    }

    /** Runs {@code body}, a call that has to block, in a task that is already cancelled: it throws. */
    private static void assertThrowsWhenAlreadyCancelled(Runnable body) {
        AtomicBoolean returned = new AtomicBoolean();
        Task<Object> t = createTask(() -> {
            Spindle.currentTask().cancel();
            body.run();
            returned.set(true);
            return null;
        });
        assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
        assertThat(returned).isFalse();
    }

    /**
     * Runs {@code body}, a call that does not need to block, in a task that is already cancelled: like
     * joining a finished task, it completes, and the cancellation stays pending for the next call that
     * blocks (DESIGN.md, "Delivery points").
     */
    private static void assertCompletesAndLeavesCancellationPending(Runnable body) {
        AtomicBoolean returned = new AtomicBoolean();
        Task<Object> t = createTask(() -> {
            Spindle.currentTask().cancel();
            body.run();
            returned.set(true);
            Spindle.sleep(Duration.ZERO); // delivers the pending cancellation
            return null;
        });
        assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
        assertThat(returned).isTrue();
    }

    @Nested
    class Queues {

        @Test
        void cancelledGetTakesNoItemAndTheNextGetterGetsIt() {
            run(() -> {
                Queue<String> q = new Queue<>();
                Task<String> first = createTask(() -> q.get());
                Awaits.until("first blocked", () -> q.waitingGetters() == 1);
                Task<String> second = createTask(() -> q.get());
                Awaits.until("second blocked", () -> q.waitingGetters() == 2);
                cancelAndExpectCancelled(first);
                q.put("x");
                assertThat(second.join()).isEqualTo("x");
                assertThat(q.qsize()).isZero();
            });
        }

        @Test
        void cancelledPutAddsNothingAndCountsNoUnfinishedItem() {
            run(() -> {
                Queue<String> q = new Queue<>(1);
                q.put("a");
                Task<Object> putter = createTask(() -> { q.put("b"); return null; });
                Awaits.until("putter blocked", () -> q.waitingPutters() == 1);
                cancelAndExpectCancelled(putter);
                assertThat(q.get()).isEqualTo("a");
                assertThat(q.qsize()).isZero();
                q.taskDone();
                assertThat(q.join(Duration.ZERO)).as("only 'a' was ever counted").isTrue();
                q.putNowait("c"); // the slot the cancelled putter waited for is free
            });
        }

        @Test
        void cancelledJoinLeavesTheCountAlone() {
            run(() -> {
                Queue<String> q = new Queue<>();
                q.put("a");
                Task<Object> joiner = createTask(() -> { q.join(); return null; });
                Awaits.until("joiner blocked", () -> q.waitingJoiners() == 1);
                cancelAndExpectCancelled(joiner);
                assertThat(q.waitingJoiners()).isZero();
                q.getNowait();
                q.taskDone();
                assertThat(q.join(Duration.ZERO)).isTrue();
            });
        }

        @Test
        void anAlreadyCancelledTaskIsToldOnlyByACallThatWouldBlock() {
            run(() -> {
                Queue<String> q = new Queue<>(2);
                q.put("there");
                assertCompletesAndLeavesCancellationPending(q::get);
                assertCompletesAndLeavesCancellationPending(() -> q.put("more"));
                assertCompletesAndLeavesCancellationPending(() -> new Queue<String>().join());
                assertThat(q.qsize()).isEqualTo(1);
                assertThrowsWhenAlreadyCancelled(() -> new Queue<String>().get());
                q.put("full");
                assertThrowsWhenAlreadyCancelled(() -> q.put("no room"));
                assertThrowsWhenAlreadyCancelled(q::join);
                assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly("more", "full");
            });
        }

        @Test
        void blockingCallsComposeWithSpindleTimeout() {
            run(() -> {
                Queue<String> q = new Queue<>(1);
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), q::get))
                        .isInstanceOf(DeadlineExceededException.class);
                q.put("a");
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { q.put("b"); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { q.join(); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(q.waitingGetters() + q.waitingPutters() + q.waitingJoiners()).isZero();
                assertThat(q.getNowait()).isEqualTo("a");
            });
        }

        @Test
        void timedVariantsReturnFalseOrThrowAndLeaveNothingBehind() {
            run(() -> {
                Queue<String> q = new Queue<>(1);
                assertThatThrownBy(() -> q.get(Duration.ZERO)).isInstanceOf(DeadlineExceededException.class);
                assertThat(q.put("a", Duration.ofMillis(5))).isTrue();
                assertThat(q.put("b", Duration.ofMillis(5))).isFalse();
                assertThat(q.put("b", Duration.ZERO)).isFalse();
                assertThat(q.join(Duration.ofMillis(5))).isFalse();
                assertThat(q.get(Duration.ofMillis(5))).isEqualTo("a");
                assertThat(q.waitingGetters() + q.waitingPutters() + q.waitingJoiners()).isZero();
            });
        }
    }

    @Nested
    class Locks {

        @Test
        void cancelledAcquireNeverHoldsTheLock() {
            run(() -> {
                Lock lock = new Lock();
                lock.acquire();
                Task<Object> waiter = createTask(() -> { lock.acquire(); return null; });
                Awaits.until("waiter queued", () -> lock.waiterCount() == 1);
                cancelAndExpectCancelled(waiter);
                lock.release();
                assertThat(lock.isLocked()).isFalse();
                assertCompletesAndLeavesCancellationPending(() -> { lock.acquire(); lock.release(); });
                lock.acquire();
                assertThrowsWhenAlreadyCancelled(lock::acquire);
                lock.release();
                assertThat(lock.isLocked()).isFalse();
            });
        }

        @Test
        void withLockReleasesWhenTheBodyIsCancelled() {
            run(() -> {
                Lock lock = new Lock();
                Task<Object> holder = createTask(() -> lock.withLock(() -> { Spindle.sleep(10_000); return null; }));
                Awaits.until("held", lock::isLocked);
                cancelAndExpectCancelled(holder);
                assertThat(lock.isLocked()).isFalse();
            });
        }

        @Test
        void acquireComposesWithSpindleTimeout() {
            run(() -> {
                Lock lock = new Lock();
                lock.acquire();
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { lock.acquire(); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(lock.waiterCount()).isZero();
                lock.release();
                assertThat(lock.isLocked()).isFalse();
            });
        }
    }

    @Nested
    class Events {

        @Test
        void cancelledAwaitLeavesNoWaiterBehind() {
            run(() -> {
                Event event = new Event();
                Task<Object> waiter = createTask(() -> { event.await(); return null; });
                Awaits.until("waiting", () -> event.waiterCount() == 1);
                cancelAndExpectCancelled(waiter);
                assertThat(event.waiterCount()).isZero();
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { event.await(); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThrowsWhenAlreadyCancelled(event::await);
                event.set();
                assertCompletesAndLeavesCancellationPending(event::await);
            });
        }
    }

    @Nested
    class Conditions {

        @Test
        void cancelledAwaitHoldsTheLockAgainAndPassesASignalOn() {
            run(() -> {
                Condition cond = new Condition();
                Task<Object> cancelled = createTask(() -> {
                    cond.acquire();
                    try {
                        cond.await();
                    } finally {
                        cond.release(); // would throw if the lock were not held again
                    }
                    return null;
                });
                Awaits.until("waiting", () -> cond.waiterCount() == 1);
                Task<Object> other = createTask(() -> {
                    cond.acquire();
                    try {
                        cond.await();
                    } finally {
                        cond.release();
                    }
                    return "signalled";
                });
                Awaits.until("both waiting", () -> cond.waiterCount() == 2);
                cond.acquire();
                cond.signal(); // goes to the first waiter, which is cancelled before it can use it
                cancelled.cancel();
                cond.release();
                assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
                assertThat(other.join()).as("the signal passed on").isEqualTo("signalled");
            });
        }

        @Test
        void awaitComposesWithSpindleTimeoutAndTimedAwaitReturnsFalse() {
            run(() -> {
                Condition cond = new Condition();
                cond.acquire();
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { cond.await(); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(cond.await(Duration.ofMillis(5))).isFalse();
                assertThat(cond.awaitUntil(() -> false, Duration.ofMillis(5))).isFalse();
                assertThat(cond.awaitUntil(() -> true, Duration.ofMillis(5))).isTrue();
                cond.release(); // still held after all of the above
                assertThatThrownBy(cond::release).isInstanceOf(IllegalStateException.class);
            });
        }
    }

    @Nested
    class Semaphores {

        @Test
        void cancelledAcquireHoldsNoPermit() {
            run(() -> {
                for (Semaphore sem : new Semaphore[] {new Semaphore(1), new BoundedSemaphore(1)}) {
                    sem.acquire();
                    Task<Object> waiter = createTask(() -> { sem.acquire(); return null; });
                    Awaits.until("waiter queued", () -> sem.waiterCount() == 1);
                    cancelAndExpectCancelled(waiter);
                    sem.release();
                    assertThat(sem.isLocked()).isFalse();
                    assertThat(sem.acquire(Duration.ZERO)).isTrue();
                    assertThat(sem.acquire(Duration.ZERO)).as("exactly one permit").isFalse();
                    sem.release();
                    assertCompletesAndLeavesCancellationPending(() -> { sem.acquire(); sem.release(); });
                    assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> {
                        sem.acquire();
                        sem.acquire();
                        return null;
                    })).isInstanceOf(DeadlineExceededException.class);
                    sem.release();
                    assertThat(sem.waiterCount()).isZero();
                }
            });
        }
    }

    @Nested
    class Barriers {

        @Test
        void cancelledAndTimedOutWaitersLeaveTheRoundIntact() {
            run(() -> {
                Barrier barrier = new Barrier(2);
                Task<Integer> waiter = createTask(() -> barrier.await());
                Awaits.until("waiting", () -> barrier.waiting() == 1);
                cancelAndExpectCancelled(waiter);
                assertThat(barrier.waiting()).isZero();
                assertThatThrownBy(() -> barrier.await(Duration.ofMillis(5))).isInstanceOf(DeadlineExceededException.class);
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(5), barrier::await))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(barrier.isBroken()).isFalse();
                assertThat(barrier.waiting()).isZero();
                assertThrowsWhenAlreadyCancelled(barrier::await);
                Task<Integer> a = createTask(() -> barrier.await());
                assertThat(barrier.await() + a.join()).isEqualTo(1);
            });
        }
    }

    @Nested
    class CapacityLimiters {

        @Test
        void cancelledAcquireBorrowsNoToken() {
            run(() -> {
                CapacityLimiter limiter = new CapacityLimiter(1);
                limiter.acquire();
                Task<Object> waiter = createTask(() -> { limiter.acquire(); return null; });
                Awaits.until("waiter queued", () -> limiter.waiterCount() == 1);
                cancelAndExpectCancelled(waiter);
                assertThat(limiter.borrowed()).isEqualTo(1);
                limiter.release();
                assertThat(limiter.borrowed()).isZero();
                assertThat(limiter.available()).isEqualTo(1);
                assertCompletesAndLeavesCancellationPending(() -> { limiter.acquire(); limiter.release(); });
                Task<Object> holder = createTask(() -> limiter.withToken(() -> { Spindle.sleep(10_000); return null; }));
                Awaits.until("token lent", () -> limiter.borrowed() == 1);
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(10), () -> { limiter.acquire(); return null; }))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(limiter.waiterCount()).isZero();
                cancelAndExpectCancelled(holder);
                assertThat(limiter.borrowed()).isZero();
            });
        }
    }
}
