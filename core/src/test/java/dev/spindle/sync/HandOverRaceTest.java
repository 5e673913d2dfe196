package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The race the cancellation rule is about: an item, slot, lock, permit, token or signal is handed to the
 * oldest waiter at the same moment that waiter is cancelled. Whichever wins, nothing is lost and nothing
 * is kept: either the waiter returns normally with what it was given, or it throws and the next waiter
 * gets it. Each test repeats the race many times (the hand-over is followed at once by the cancel, so
 * most rounds cancel a waiter that was just granted).
 */
class HandOverRaceTest {

    private static final int ROUNDS = 150;

    /** The outcome of a task that either returned or was cancelled. */
    private static <T> T resultOrNull(Task<T> task) {
        try {
            return Spindle.waitFor(task, Duration.ofSeconds(5));
        } catch (CancellationException e) {
            return null;
        }
    }

    @Test
    void anItemPromisedToACancelledGetterGoesToTheNextGetter() {
        AtomicInteger cancelledRounds = new AtomicInteger();
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Queue<Integer> q = new Queue<>();
                Task<Integer> first = createTask(() -> q.get());
                Awaits.until("first blocked", () -> q.waitingGetters() == 1);
                Task<Integer> second = createTask(() -> q.get());
                Awaits.until("second blocked", () -> q.waitingGetters() == 2);
                q.putNowait(i);
                first.cancel();
                q.putNowait(-1);
                Integer a = resultOrNull(first);
                Integer b = resultOrNull(second);
                List<Integer> seen = new ArrayList<>();
                if (a == null) {
                    cancelledRounds.incrementAndGet();
                    seen.add(b);
                    seen.add(q.getNowait());
                } else {
                    seen.add(a);
                    seen.add(b);
                }
                // -1 may overtake i: it was handed to the second getter while i was in the first one's hands
                assertThat(seen).as("round %d", i).containsExactlyInAnyOrder(i, -1);
                assertThat(q.qsize()).isZero();
            }
        });
        assertThat(cancelledRounds.get()).as("rounds where the cancel won").isPositive();
    }

    @Test
    void aSlotPromisedToACancelledPutterGoesToTheNextPutter() {
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Queue<String> q = new Queue<>(1);
                q.putNowait("a");
                Task<Object> first = createTask(() -> { q.put("b"); return "put"; });
                Awaits.until("first blocked", () -> q.waitingPutters() == 1);
                Task<Object> second = createTask(() -> { q.put("c"); return "put"; });
                Awaits.until("second blocked", () -> q.waitingPutters() == 2);
                assertThat(q.getNowait()).isEqualTo("a");
                first.cancel();
                boolean firstPut = resultOrNull(first) != null;
                List<String> rest = new ArrayList<>();
                rest.add(q.get());
                if (firstPut) {
                    rest.add(q.get());
                }
                assertThat(resultOrNull(second)).isEqualTo("put");
                assertThat(rest).as("round %d", i).containsExactlyElementsOf(firstPut ? List.of("b", "c") : List.of("c"));
                assertThat(q.qsize()).isZero();
                assertThat(q.waitingPutters()).isZero();
            }
        });
    }

    @Test
    void aLockHandedToACancelledWaiterGoesToTheNextWaiter() {
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Lock lock = new Lock();
                lock.acquire();
                Task<String> first = createTask(() -> lock.withLock(() -> "first"));
                Awaits.until("first queued", () -> lock.waiterCount() == 1);
                Task<String> second = createTask(() -> lock.withLock(() -> "second"));
                Awaits.until("second queued", () -> lock.waiterCount() == 2);
                lock.release();
                first.cancel();
                resultOrNull(first);
                assertThat(resultOrNull(second)).as("round %d", i).isEqualTo("second");
                assertThat(lock.isLocked()).isFalse();
            }
        });
    }

    @Test
    void aPermitHandedToACancelledWaiterGoesToTheNextWaiter() {
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Semaphore sem = i % 2 == 0 ? new Semaphore(1) : new BoundedSemaphore(1);
                sem.acquire();
                Task<String> first = createTask(() -> sem.withPermit(() -> "first"));
                Awaits.until("first queued", () -> sem.waiterCount() == 1);
                Task<String> second = createTask(() -> sem.withPermit(() -> "second"));
                Awaits.until("second queued", () -> sem.waiterCount() == 2);
                sem.release();
                first.cancel();
                resultOrNull(first);
                assertThat(resultOrNull(second)).as("round %d", i).isEqualTo("second");
                assertThat(sem.acquire(Duration.ZERO)).as("the one permit is back").isTrue();
                assertThat(sem.acquire(Duration.ZERO)).as("and only one").isFalse();
            }
        });
    }

    @Test
    void aTokenHandedToACancelledBorrowerGoesToTheNextBorrower() {
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                CapacityLimiter limiter = new CapacityLimiter(1);
                limiter.acquire();
                Task<String> first = createTask(() -> limiter.withToken(() -> "first"));
                Awaits.until("first queued", () -> limiter.waiterCount() == 1);
                Task<String> second = createTask(() -> limiter.withToken(() -> "second"));
                Awaits.until("second queued", () -> limiter.waiterCount() == 2);
                limiter.release();
                first.cancel();
                resultOrNull(first);
                assertThat(resultOrNull(second)).as("round %d", i).isEqualTo("second");
                assertThat(limiter.borrowed()).isZero();
            }
        });
    }

    @Test
    void aSignalToACancelledConditionWaiterGoesToTheNextWaiter() {
        run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Condition cond = new Condition();
                Task<String> first = createTask(() -> awaitOnce(cond, "first"));
                Awaits.until("first waiting", () -> cond.waiterCount() == 1);
                Task<String> second = createTask(() -> awaitOnce(cond, "second"));
                Awaits.until("second waiting", () -> cond.waiterCount() == 2);
                cond.acquire();
                cond.signal();
                first.cancel();
                cond.release();
                if (resultOrNull(first) != null) { // the first used the signal: give the second its own
                    cond.acquire();
                    cond.signal();
                    cond.release();
                }
                assertThat(resultOrNull(second)).as("round %d", i).isEqualTo("second");
            }
        });
    }

    private static String awaitOnce(Condition cond, String who) {
        cond.acquire();
        try {
            cond.await();
            return who;
        } finally {
            cond.release();
        }
    }
}
