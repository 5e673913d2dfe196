package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TestTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios L (109-113) of the asyncio reference: locks, events, conditions, semaphores, barriers. */
class SyncScenariosTest {

    @Test
    @DisplayName("109 Lock holders are served FIFO without barging; releasing an unlocked lock throws; no reentry; another task may release")
    void lockIsFifoNotReentrantAndOwnerless() {
        run(() -> {
            Lock lock = new Lock();
            lock.acquire(); // so that all three queue before the first one gets it
            List<String> order = new CopyOnWriteArrayList<>();
            Map<String, Long> gotAt = new ConcurrentHashMap<>();
            List<Task<Object>> holders = new ArrayList<>();
            long[] t0 = new long[1];
            for (int i = 0; i < 3; i++) {
                String who = "t" + i;
                holders.add(createTask(() -> {
                    lock.acquire();
                    try {
                        gotAt.put(who, TestTime.millisSince(t0[0]));
                        order.add(who);
                        Spindle.sleep(10);
                    } finally {
                        lock.release();
                    }
                    return null;
                }));
                int queued = i + 1;
                Awaits.until(who + " queues", () -> lock.waiterCount() == queued);
            }
            t0[0] = TestTime.nanoTime();
            lock.release();
            holders.forEach(Task::join);
            assertThat(order).containsExactly("t0", "t1", "t2");
            TestTime.assertMillis("t1 got the lock", gotAt.get("t1"), 10L, 1_000L);
            TestTime.assertMillis("t2 got the lock", gotAt.get("t2"), 20L, 1_000L);
            assertThat(lock.isLocked()).isFalse();

            // no barging: re-acquiring right after release queues behind the woken waiter
            List<String> next = new CopyOnWriteArrayList<>();
            lock.acquire();
            Task<Object> waiter = createTask(() -> lock.withLock(() -> next.add("waiter")));
            Awaits.until("waiter queued", () -> lock.waiterCount() == 1);
            lock.release();
            lock.acquire();
            next.add("releaser again");
            lock.release();
            waiter.join();
            assertThat(next).containsExactly("waiter", "releaser again");

            assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not acquired");

            lock.acquire();
            assertThat(lock.acquire(Duration.ofMillis(20))).as("second acquire by the holder blocks").isFalse();
            Task<Object> secondAcquire = createTask(() -> { lock.acquire(); return "got it"; });
            Awaits.until("second acquire queued", () -> lock.waiterCount() == 1);
            createTask(() -> { lock.release(); return null; }).join(); // a different task releases
            assertThat(secondAcquire.join()).isEqualTo("got it");
            assertThat(lock.isLocked()).isTrue();
            lock.release();
        });
    }

    @Test
    @DisplayName("110 Event.set wakes every waiter; set then clear still wakes the ones already waiting")
    void eventWakesAllWaiters() {
        run(() -> {
            Event event = new Event();
            long t0 = TestTime.nanoTime();
            List<Long> wokeAt = new CopyOnWriteArrayList<>();
            List<Task<Object>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(createTask(() -> { event.await(); wokeAt.add(TestTime.millisSince(t0)); return null; }));
            }
            Awaits.until("three waiting", () -> event.waiterCount() == 3);
            Spindle.sleep(10);
            event.set();
            waiters.forEach(Task::join);
            assertThat(wokeAt).hasSize(3).allSatisfy(ms -> TestTime.assertMillis("woke", ms, 10L, 1_000L));
            assertThat(event.isSet()).isTrue();
            event.await(); // returns at once when set
            assertThat(event.await(Duration.ZERO)).isTrue();

            Event flicker = new Event();
            List<Task<Object>> more = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                more.add(createTask(() -> { flicker.await(); return null; }));
            }
            Awaits.until("three waiting", () -> flicker.waiterCount() == 3);
            flicker.set();
            flicker.clear();
            more.forEach(Task::join);
            assertThat(flicker.isSet()).isFalse();
            assertThat(flicker.await(Duration.ofMillis(10))).isFalse();
        });
    }

    @Test
    @DisplayName("111 Condition needs its lock; signal(1) wakes one and signalAll the rest; a cancelled waiter re-acquires the lock before it throws")
    void conditionSignalsAndCancellation() {
        run(() -> {
            Condition cond = new Condition();
            assertThatThrownBy(cond::await).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot wait on un-acquired lock");
            assertThatThrownBy(cond::signal).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot notify on un-acquired lock");
            assertThatThrownBy(cond::signalAll).isInstanceOf(IllegalStateException.class);

            AtomicInteger items = new AtomicInteger();
            List<String> consumed = new CopyOnWriteArrayList<>();
            List<Task<Object>> consumers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String who = "c" + i;
                consumers.add(createTask(() -> {
                    cond.acquire();
                    try {
                        cond.awaitUntil(() -> items.get() > 0);
                        items.decrementAndGet();
                        consumed.add(who);
                    } finally {
                        cond.release();
                    }
                    return null;
                }));
                int waiting = i + 1;
                Awaits.until(who + " waiting", () -> cond.waiterCount() == waiting);
            }
            cond.acquire();
            items.set(3);
            cond.signal(1);
            cond.release();
            Awaits.until("one consumed", () -> consumed.size() == 1);
            assertThat(consumed).containsExactly("c0");
            assertThat(cond.waiterCount()).as("the other two were not woken").isEqualTo(2);
            cond.acquire();
            cond.signalAll();
            cond.release();
            consumers.forEach(Task::join);
            assertThat(consumed).hasSize(3).startsWith("c0").containsExactlyInAnyOrder("c0", "c1", "c2");

            Lock lock = new Lock();
            Condition guarded = new Condition(lock);
            List<String> log = new CopyOnWriteArrayList<>();
            Task<Object> waiter = createTask(() -> {
                lock.acquire();
                try {
                    guarded.await();
                } catch (CancellationException e) {
                    log.add("cancelled holding lock=" + lock.isLocked());
                    throw e;
                } finally {
                    lock.release();
                }
                return null;
            });
            Awaits.until("waiting", () -> guarded.waiterCount() == 1);
            lock.acquire();
            waiter.cancel();
            Awaits.until("waiter queued to re-acquire", () -> lock.waiterCount() == 1 || waiter.isDone());
            assertThat(waiter.isDone()).as("cannot surface the cancellation before re-acquiring").isFalse();
            log.add("notifier releases");
            lock.release();
            assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
            assertThat(log).containsExactly("notifier releases", "cancelled holding lock=true");
            assertThat(lock.isLocked()).isFalse();
        });
    }

    @Test
    @DisplayName("112 Semaphore(2) runs at most two jobs at once; extra releases allowed; BoundedSemaphore over-release and Semaphore(-1) throw")
    void semaphoreLimitsAndBounds() {
        run(() -> {
            Semaphore sem = new Semaphore(2);
            long t0 = TestTime.nanoTime();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            Event twoInside = new Event();
            List<Integer> finishedAtStart = new CopyOnWriteArrayList<>();
            List<Task<Object>> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(createTask(() -> sem.withPermit(() -> {
                    finishedAtStart.add(finished.get());
                    int inside = running.incrementAndGet();
                    peak.accumulateAndGet(inside, Math::max);
                    if (inside == 2) {
                        twoInside.set();
                    }
                    // the first two hold their permits until both are in: two run at once, never three
                    assertThat(twoInside.await(Duration.ofSeconds(10))).as("two jobs inside together").isTrue();
                    Spindle.sleep(20);
                    running.decrementAndGet();
                    finished.incrementAndGet();
                    return null;
                })));
            }
            jobs.forEach(Task::join);
            long all = TestTime.millisSince(t0);
            assertThat(peak.get()).isEqualTo(2);
            List<Integer> sorted = finishedAtStart.stream().sorted().toList();
            assertThat(sorted.subList(0, 2)).as("the first two start before any job finished").containsOnly(0);
            assertThat(sorted.subList(2, 4)).as("jobs 3 and 4 start only after a permit came back")
                    .allMatch(n -> n >= 1);
            TestTime.assertMillis("two rounds of 20 ms", all, 40L, 5_000L);

            Semaphore extra = new Semaphore(1);
            extra.release();
            extra.release();
            extra.release();
            for (int i = 0; i < 4; i++) {
                assertThat(extra.acquire(Duration.ZERO)).isTrue();
            }
            assertThat(extra.isLocked()).isTrue();
            assertThat(extra.acquire(Duration.ZERO)).isFalse();

            BoundedSemaphore bounded = new BoundedSemaphore(1);
            assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released too many times");
            assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("initial value must be >= 0");
            Semaphore zero = new Semaphore(0);
            assertThat(zero.isLocked()).isTrue();
            assertThat(zero.acquire(Duration.ofMillis(5))).isFalse();
        });
    }

    @Test
    @DisplayName("113 Barrier releases all parties with arrival-order indices and is reusable; abort breaks, reset repairs; a cancelled waiter does not break it")
    void barrierRoundsAbortResetAndCancellation() {
        run(() -> {
            Barrier barrier = new Barrier(3);
            long t0 = TestTime.nanoTime();
            Map<Integer, Integer> indexByArrival = new ConcurrentHashMap<>();
            List<Long> releasedAt = new CopyOnWriteArrayList<>();
            List<Task<Object>> parties = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int arrival = i;
                parties.add(createTask(() -> {
                    Spindle.sleep(10L * (arrival + 1));
                    indexByArrival.put(arrival, barrier.await());
                    releasedAt.add(TestTime.millisSince(t0));
                    return null;
                }));
            }
            parties.forEach(Task::join);
            assertThat(indexByArrival).containsExactlyInAnyOrderEntriesOf(Map.of(0, 0, 1, 1, 2, 2));
            assertThat(releasedAt).allSatisfy(ms -> TestTime.assertMillis("released", ms, 30L, 1_500L));

            List<Integer> second = new CopyOnWriteArrayList<>();
            List<Task<Object>> round2 = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                round2.add(createTask(() -> { second.add(barrier.await()); return null; }));
            }
            round2.forEach(Task::join);
            assertThat(second).containsExactlyInAnyOrder(0, 1, 2);

            Task<Integer> aborted = createTask(() -> barrier.await());
            Awaits.until("one waiting", () -> barrier.waiting() == 1);
            barrier.abort();
            assertThatThrownBy(aborted::join).isInstanceOf(BarrierBrokenException.class);
            assertThat(barrier.isBroken()).isTrue();
            assertThatThrownBy(barrier::await).isInstanceOf(BarrierBrokenException.class);
            barrier.reset();
            assertThat(barrier.isBroken()).isFalse();

            Task<Integer> quitter = createTask(() -> barrier.await());
            Task<Integer> stayer = createTask(() -> barrier.await());
            Awaits.until("two waiting", () -> barrier.waiting() == 2);
            quitter.cancel();
            assertThatThrownBy(quitter::join).isInstanceOf(CancellationException.class);
            assertThat(barrier.waiting()).isEqualTo(1);
            assertThat(barrier.isBroken()).isFalse();
            Task<Integer> third = createTask(() -> barrier.await());
            Awaits.until("two waiting again", () -> barrier.waiting() == 2);
            int mine = barrier.await();
            assertThat(List.of(stayer.join(), third.join(), mine)).containsExactly(0, 1, 2);

            assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("parties must be > 0");
            assertThat(new Barrier(1).await()).isZero();
        });
    }
}
