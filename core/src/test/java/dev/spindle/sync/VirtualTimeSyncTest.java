package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.ThrowingRunnable;
import dev.spindle.VirtualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code Duration} forms of the sync primitives on an auto-advancing virtual clock: a timed wait that
 * nobody ends returns at exactly its virtual deadline, and one that another task ends returns at exactly
 * the virtual instant of that task's call — minutes and hours of virtual time in milliseconds of wall time.
 * The wall-clock bounds of the same behaviours are in {@link SyncScenariosTest} and {@link QueueScenariosTest}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VirtualTimeSyncTest {

    /** Runs {@code main} on a fresh auto-advancing virtual clock, which {@code main} reads as {@link #clock}. */
    private VirtualClock clock;

    private void virtually(ThrowingRunnable main) {
        clock = VirtualClock.autoAdvancing();
        Runner.create().withVirtualTime(clock).run(main);
    }

    private Duration now() {
        return clock.elapsed();
    }

    /** A task that sleeps {@code after} of virtual time, then runs {@code action}. */
    private static Task<Object> at(Duration after, ThrowingRunnable action) {
        return createTask(() -> {
            Spindle.sleep(after);
            action.run();
            return null;
        });
    }

    /**
     * Starts a task that {@code take}s something, holds it {@code hold} of virtual time, and {@code give}s it
     * back; returns once the task holds it.
     */
    private static void heldFor(Duration hold, ThrowingRunnable take, ThrowingRunnable give) {
        Event held = new Event();
        createTask(() -> {
            take.run();
            held.set();
            Spindle.sleep(hold);
            give.run();
            return null;
        });
        held.await();
    }

    /** Starts a task per instant in {@code seconds} that counts one in {@code signals} and signals all. */
    private static void signalAllAt(Lock lock, Condition cond, AtomicInteger signals, int... seconds) {
        for (int s : seconds) {
            at(Duration.ofSeconds(s), () -> lock.withLock(() -> {
                signals.incrementAndGet();
                cond.signalAll();
                return null;
            }));
        }
    }

    // ---------------------------------------------------------------- Queue

    @Test
    @DisplayName("Queue.get(5 min) on an empty queue times out at exactly 5 min of virtual time and takes nothing")
    void queueGetOnAnEmptyQueueTimesOutAtExactlyItsDuration() {
        virtually(() -> {
            Queue<String> q = new Queue<>();
            assertThatThrownBy(() -> q.get(Duration.ofMinutes(5))).isInstanceOf(DeadlineExceededException.class);
            assertThat(now()).isEqualTo(Duration.ofMinutes(5));
            assertThat(q.waitingGetters()).isZero();
            q.putNowait("later");
            assertThat(q.getNowait()).isEqualTo("later");
        });
    }

    @Test
    @DisplayName("Queue.get(5 min) is woken by a put of another task at exactly virtual 2 min, and its deadline never moves time afterwards")
    void queuePutAtTwoMinutesWakesTheTimedGetAtExactlyTwoMinutes() {
        virtually(() -> {
            Queue<String> q = new Queue<>();
            at(Duration.ofMinutes(2), () -> q.put("item"));
            assertThat(q.get(Duration.ofMinutes(5))).isEqualTo("item");
            assertThat(now()).isEqualTo(Duration.ofMinutes(2));
            Spindle.sleep(Duration.ofSeconds(1)); // the abandoned 5 min deadline is not what wakes this
            assertThat(now()).isEqualTo(Duration.ofMinutes(2).plusSeconds(1));
        });
    }

    @Test
    @DisplayName("Queue.put(item, 1 h) on a full queue returns true at exactly the virtual instant a get makes room; put(item, 1 min) on a full queue returns false 1 min later")
    void queueTimedPutOnAFullQueue() {
        virtually(() -> {
            Queue<String> q = new Queue<>(1);
            q.put("a");
            at(Duration.ofSeconds(30), q::get);
            assertThat(q.put("b", Duration.ofHours(1))).isTrue();
            assertThat(now()).isEqualTo(Duration.ofSeconds(30));
            assertThat(q.put("c", Duration.ofMinutes(1))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofSeconds(90));
            assertThat(q.getNowait()).isEqualTo("b");
            assertThat(q.waitingPutters()).isZero();
        });
    }

    @Test
    @DisplayName("Queue.join(10 min) returns false at exactly virtual 10 min with an unfinished item, and true at the instant its last taskDone comes")
    void queueTimedJoin() {
        virtually(() -> {
            Queue<Integer> q = new Queue<>();
            q.put(1);
            assertThat(q.join(Duration.ofMinutes(10))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofMinutes(10));
            at(Duration.ofMinutes(3), () -> {
                q.get();
                q.taskDone();
            });
            assertThat(q.join(Duration.ofMinutes(10))).isTrue();
            assertThat(now()).isEqualTo(Duration.ofMinutes(13));
        });
    }

    // ---------------------------------------------------------------- Lock, Condition, Event

    @Test
    @DisplayName("Lock.acquire(1 s) against a holder that keeps the lock 3 s returns false at exactly 1 s; acquire(10 s) then gets it at exactly 3 s")
    void lockTimedAcquire() {
        virtually(() -> {
            Lock lock = new Lock();
            heldFor(Duration.ofSeconds(3), lock::acquire, lock::release);
            assertThat(lock.acquire(Duration.ofSeconds(1))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofSeconds(1));
            assertThat(lock.waiterCount()).isZero();
            assertThat(lock.acquire(Duration.ofSeconds(10))).isTrue();
            assertThat(now()).isEqualTo(Duration.ofSeconds(3));
            lock.release();
        });
    }

    @Test
    @DisplayName("Condition.await(45 s) without a signal returns false at exactly 45 s holding the lock; a signal at virtual 10 s wakes await(1 h) at exactly 10 s")
    void conditionTimedAwait() {
        virtually(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            cond.acquire();
            try {
                assertThat(cond.await(Duration.ofSeconds(45))).isFalse();
                assertThat(now()).isEqualTo(Duration.ofSeconds(45));
                assertThat(lock.isLocked()).isTrue();
            } finally {
                cond.release();
            }
            at(Duration.ofSeconds(10), () -> lock.withLock(() -> {
                cond.signal();
                return null;
            }));
            cond.acquire();
            try {
                assertThat(cond.await(Duration.ofHours(1))).isTrue();
                assertThat(now()).isEqualTo(Duration.ofSeconds(55));
            } finally {
                cond.release();
            }
        });
    }

    @Test
    @DisplayName("Condition.awaitUntil(predicate, 1 min) bounds all its waits together: signals at 20 s and 40 s that leave the predicate false do not restart the minute")
    void conditionAwaitUntilBoundsAllWaitsTogether() {
        virtually(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            AtomicInteger signals = new AtomicInteger();
            signalAllAt(lock, cond, signals, 20, 40);
            cond.acquire();
            try {
                assertThat(cond.awaitUntil(() -> signals.get() == 2, Duration.ofMinutes(1))).isTrue();
                assertThat(now()).as("woken by the second signal").isEqualTo(Duration.ofSeconds(40));
                assertThat(cond.awaitUntil(() -> signals.get() > 2, Duration.ofMinutes(1))).isFalse();
                assertThat(now()).isEqualTo(Duration.ofSeconds(100));
            } finally {
                cond.release();
            }
            signalAllAt(lock, cond, signals, 20, 40);
            cond.acquire();
            try {
                assertThat(cond.awaitUntil(() -> signals.get() > 10, Duration.ofMinutes(1))).isFalse();
                assertThat(now()).as("one minute in all, not one per wake-up").isEqualTo(Duration.ofSeconds(160));
                assertThat(signals).hasValue(4);
            } finally {
                cond.release();
            }
        });
    }

    @Test
    @DisplayName("Event.await(1 h) returns false at exactly 1 h unset; a set at virtual 15 min wakes every waiter at exactly 15 min")
    void eventTimedAwait() {
        virtually(() -> {
            Event event = new Event();
            assertThat(event.await(Duration.ofHours(1))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofHours(1));
            Duration start = now();
            Task<Duration> other = createTask(() -> {
                assertThat(event.await(Duration.ofHours(1))).isTrue();
                return now();
            });
            at(Duration.ofMinutes(15), event::set);
            assertThat(event.await(Duration.ofHours(1))).isTrue();
            assertThat(now()).isEqualTo(start.plusMinutes(15));
            assertThat(other.join()).isEqualTo(start.plusMinutes(15));
        });
    }

    // ---------------------------------------------------------------- Barrier

    @Test
    @DisplayName("Barrier.await(1 min) alone times out at exactly 1 min and leaves the barrier intact; await(5 min) is released at exactly the virtual instant the last party arrives")
    void barrierTimedAwait() {
        virtually(() -> {
            Barrier barrier = new Barrier(2);
            assertThatThrownBy(() -> barrier.await(Duration.ofMinutes(1))).isInstanceOf(DeadlineExceededException.class);
            assertThat(now()).isEqualTo(Duration.ofMinutes(1));
            assertThat(barrier.isBroken()).isFalse();
            assertThat(barrier.waiting()).isZero();
            Task<Duration> late = createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(90));
                barrier.await(Duration.ofMinutes(5));
                return now();
            });
            assertThat(barrier.await(Duration.ofMinutes(5))).isZero();
            assertThat(now()).isEqualTo(Duration.ofSeconds(150));
            assertThat(late.join()).isEqualTo(Duration.ofSeconds(150));
        });
    }

    // ---------------------------------------------------------------- Semaphore, CapacityLimiter

    @Test
    @DisplayName("Semaphore.acquire(5 s) against a permit held 7 s returns false at exactly 5 s; acquire(5 s) again gets it at exactly 7 s")
    void semaphoreTimedAcquire() {
        virtually(() -> {
            Semaphore sem = new Semaphore(1);
            heldFor(Duration.ofSeconds(7), sem::acquire, sem::release);
            assertThat(sem.acquire(Duration.ofSeconds(5))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofSeconds(5));
            assertThat(sem.acquire(Duration.ofSeconds(5))).isTrue();
            assertThat(now()).isEqualTo(Duration.ofSeconds(7));
            sem.release();
        });
    }

    @Test
    @DisplayName("CapacityLimiter.acquire(2 min) against the only token held 3 min returns false at exactly 2 min; acquire(2 min) again gets it at exactly 3 min")
    void capacityLimiterTimedAcquire() {
        virtually(() -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            heldFor(Duration.ofMinutes(3), limiter::acquire, limiter::release);
            assertThat(limiter.acquire(Duration.ofMinutes(2))).isFalse();
            assertThat(now()).isEqualTo(Duration.ofMinutes(2));
            assertThat(limiter.acquire(Duration.ofMinutes(2))).isTrue();
            assertThat(now()).isEqualTo(Duration.ofMinutes(3));
            assertThat(limiter.borrowed()).isEqualTo(1);
            limiter.release();
        });
    }
}
