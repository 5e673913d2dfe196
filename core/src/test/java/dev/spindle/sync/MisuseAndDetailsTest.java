package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.TaskFailedException;
import dev.spindle.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Misuse gets a clear, early error; and the details the scenarios do not pin down. */
class MisuseAndDetailsTest {

    @Nested
    class Queues {

        @Test
        void nullItemsAndNullTimeoutsAreRejected() {
            Queue<String> q = new Queue<>();
            assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class).hasMessage("item");
            assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.get(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
            assertThat(q.qsize()).isZero();
        }

        @Test
        void taskDoneOnAFreshQueueThrows() {
            assertThatThrownBy(() -> new Queue<String>().taskDone()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("called too many times");
        }

        @Test
        void priorityQueueRejectsItemsItCannotCompareAndStaysUnchanged() {
            PriorityQueue<Object> pq = new PriorityQueue<>();
            assertThatThrownBy(() -> pq.putNowait(new Object())).isInstanceOf(ClassCastException.class)
                    .hasMessageContaining("Comparable");
            pq.putNowait(1);
            assertThatThrownBy(() -> pq.putNowait("one")).isInstanceOf(ClassCastException.class);
            assertThat(pq.qsize()).isEqualTo(1);
            assertThat(pq.join(Duration.ZERO)).as("the rejected put counted nothing").isFalse();
            assertThat(pq.getNowait()).isEqualTo(1);
            pq.taskDone();
            assertThat(pq.join(Duration.ZERO)).isTrue();
        }

        @Test
        void priorityQueueWithAComparatorKeepsEqualItemsInPutOrder() {
            PriorityQueue<String> pq = new PriorityQueue<>(0, Comparator.comparingInt(String::length));
            for (String s : List.of("ccc", "b1", "a", "b2", "b3")) {
                pq.putNowait(s);
            }
            assertThat(List.of(pq.getNowait(), pq.getNowait(), pq.getNowait(), pq.getNowait(), pq.getNowait()))
                    .containsExactly("a", "b1", "b2", "b3", "ccc");
        }

        @Test
        void namesShowInToStringAndAreChecked() {
            Queue<String> q = new Queue<String>(2).named("jobs");
            q.putNowait("x");
            assertThat(q.toString()).isEqualTo("Queue 'jobs'[qsize=1, maxsize=2, getters=0, putters=0]");
            q.shutdown();
            assertThat(q.toString()).endsWith(", shut down]");
            assertThat(new LifoQueue<String>().named("stack").toString()).startsWith("LifoQueue 'stack'[");
            assertThat(new PriorityQueue<Integer>().named("prio").toString()).startsWith("PriorityQueue 'prio'[");
            assertThat(new Queue<String>().toString()).startsWith("Queue@");
            assertThatThrownBy(() -> q.named(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.named(null)).isInstanceOf(NullPointerException.class);
            assertThat(new Lock().named("db").toString()).isEqualTo("Lock 'db'[unlocked]");
            assertThat(new Event().named("ready").toString()).isEqualTo("Event 'ready'[not set, 0 waiting]");
            assertThat(new Semaphore(2).named("pool").toString()).isEqualTo("Semaphore 'pool'[value=2, 0 waiting]");
            assertThat(new BoundedSemaphore(1).named("one").toString()).startsWith("BoundedSemaphore 'one'[");
            assertThat(new Barrier(3).named("phase").toString()).isEqualTo("Barrier 'phase'[parties=3, waiting=0]");
            assertThat(new CapacityLimiter(2).named("http").toString())
                    .isEqualTo("CapacityLimiter 'http'[borrowed=0/2, 0 waiting]");
            assertThat(new Condition().named("space").toString()).startsWith("Condition 'space'[0 waiting, Lock@");
        }

        @Test
        void shutdownTwiceAndImmediateAfterGracefulDiscardTheRest() {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            q.putNowait(2);
            q.shutdown();
            q.shutdown();
            assertThat(q.getNowait()).isEqualTo(1);
            q.shutdown(true);
            assertThat(q.qsize()).isZero();
            q.taskDone(); // for item 1; item 2 was discarded and counted done
            assertThat(q.join(Duration.ZERO)).isTrue();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void gettersBlockedBehindPromisedItemsWakeWithShutDownOnceTheQueueIsDrained() {
            run(() -> {
                Queue<Integer> q = new Queue<>(1);
                q.put(1);
                Task<Object> putter = createTask(() -> { q.put(2); return null; });
                Awaits.until("putter blocked", () -> q.waitingPutters() == 1);
                q.shutdown();
                assertThatThrownBy(putter::join).isInstanceOf(QueueShutDownException.class);
                assertThat(q.get()).isEqualTo(1);
                assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
            });
        }
    }

    @Nested
    class LocksAndConditions {

        @Test
        void conditionNeedsTheLockHeldByTheCallingTaskNotJustLocked() {
            run(() -> {
                Lock lock = new Lock();
                Condition cond = new Condition(lock);
                lock.acquire();
                Task<Object> other = createTask(() -> { cond.await(); return null; });
                assertThatThrownBy(other::join).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot wait on un-acquired lock");
                Task<Object> notifier = createTask(() -> { cond.signal(); return null; });
                assertThatThrownBy(notifier::join).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("cannot notify on un-acquired lock");
                assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> cond.awaitUntil(null)).isInstanceOf(NullPointerException.class);
                lock.release();
                assertThatThrownBy(() -> new Condition(null)).isInstanceOf(NullPointerException.class);
            });
        }

        @Test
        void withLockPassesUncheckedExceptionsAndWrapsCheckedOnesAndAlwaysReleases() {
            Lock lock = new Lock();
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            assertThatThrownBy(() -> lock.withLock(() -> { throw boom; })).isSameAs(boom);
            assertThat(lock.isLocked()).isFalse();
            IOException io = new IOException("disk");
            assertThatThrownBy(() -> lock.withLock(() -> { throw io; })).isInstanceOf(TaskFailedException.class)
                    .hasCause(io);
            assertThat(lock.isLocked()).isFalse();
            assertThat(lock.withLock(() -> 42)).isEqualTo(42);
            assertThatThrownBy(() -> lock.withLock(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void primitivesWorkOnPlainThreadsOutsideARun() throws Exception {
            Lock lock = new Lock();
            lock.acquire();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    lock.acquire();
                } catch (java.util.concurrent.CancellationException e) {
                    assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept outside a task").isTrue();
                }
            });
            Awaits.until("queued", () -> lock.waiterCount() == 1);
            t.interrupt();
            t.join(5_000);
            assertThat(t.isAlive()).isFalse();
            lock.release();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Nested
    class SemaphoresBarriersLimiters {

        @Test
        void constructorsRejectBadValues() {
            assertThatThrownBy(() -> new BoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BoundedSemaphore initial value must be >= 0");
            assertThatThrownBy(() -> new Barrier(-3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CapacityLimiter(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CapacityLimiter(1).setTotalTokens(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void boundedSemaphoreAllowsReleasesUpToItsAcquires() {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            sem.acquire();
            sem.acquire();
            sem.release();
            sem.release();
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
            assertThat(sem.acquire(Duration.ZERO)).isTrue();
            assertThat(sem.acquire(Duration.ZERO)).isTrue();
            assertThat(sem.acquire(Duration.ZERO)).isFalse();
        }

        @Test
        void capacityLimiterTracksBorrowers() {
            run(() -> {
                CapacityLimiter limiter = new CapacityLimiter(2);
                limiter.acquire();
                assertThatThrownBy(limiter::acquire).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already holds a token");
                Task<Object> stranger = createTask(() -> { limiter.release(); return null; });
                assertThatThrownBy(stranger::join).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("holds no token");
                assertThat(limiter.borrowed()).isEqualTo(1);
                assertThat(limiter.available()).isEqualTo(1);
                limiter.release();
                assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
            });
        }

        @Test
        void raisingTotalTokensLetsWaitersInAndLoweringItTakesNothingAway() {
            run(() -> {
                CapacityLimiter limiter = new CapacityLimiter(1);
                limiter.acquire();
                Task<Object> a = createTask(() -> limiter.withToken(() -> "a"));
                Awaits.until("a waits", () -> limiter.waiterCount() == 1);
                limiter.setTotalTokens(2);
                assertThat(a.join()).isEqualTo("a");
                limiter.setTotalTokens(1);
                assertThat(limiter.borrowed()).isEqualTo(1);
                assertThat(limiter.available()).isZero();
                Task<Object> b = createTask(() -> limiter.withToken(() -> "b"));
                Awaits.until("b waits", () -> limiter.waiterCount() == 1);
                limiter.release();
                assertThat(b.join()).isEqualTo("b");
                assertThat(limiter.totalTokens()).isEqualTo(1);
            });
        }

        @Test
        void resetWakesWaitersWithBrokenAndLeavesTheBarrierUsable() {
            run(() -> {
                Barrier barrier = new Barrier(2);
                Task<Integer> waiter = createTask(() -> barrier.await());
                Awaits.until("waiting", () -> barrier.waiting() == 1);
                barrier.reset();
                assertThatThrownBy(waiter::join).isInstanceOf(BarrierBrokenException.class);
                assertThat(barrier.isBroken()).isFalse();
                Task<Integer> a = createTask(() -> barrier.await());
                Awaits.until("waiting", () -> barrier.waiting() == 1);
                assertThat(barrier.await()).isEqualTo(1);
                assertThat(a.join()).isZero();
                assertThat(barrier.parties()).isEqualTo(2);
            });
        }
    }
}
