package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;
import static dev.spindle.Spindle.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Waiters woken together resume in the order they began to wait, as in asyncio: a signal moves each woken
 * waiter into the lock's queue in wait order, so that they do not race one another for the lock. Each
 * waiter records its number while it holds the lock again, so the record is the order in which they got it.
 */
class ConditionOrderTest {

    /** One waiter: acquires, records that it waits (under the lock: the wait order), awaits, records it resumed. */
    private static Task<Object> waiter(Condition cond, int id, List<Integer> waited, List<Integer> resumed) {
        return createTask(() -> {
            cond.acquire();
            try {
                waited.add(id);
                cond.await();
                resumed.add(id);
            } finally {
                cond.release();
            }
            return null;
        });
    }

    /** Starts {@code n} waiters, one after the other, and returns once all of them wait. */
    private static List<Task<Object>> startWaiters(Condition cond, int n, List<Integer> waited, List<Integer> resumed) {
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(waiter(cond, i, waited, resumed));
        }
        Awaits.until(n + " waiting", () -> cond.waiterCount() == n);
        return tasks;
    }

    @Test
    @DisplayName("CPython test_notify_all: two waiters woken by notify_all resume in wait order, every time")
    void notifyAllResumesWaitersInWaitOrder() {
        run(() -> {
            for (int round = 0; round < 200; round++) {
                Condition cond = new Condition();
                List<Integer> waited = new ArrayList<>(); // guarded by cond's lock
                List<Integer> resumed = new ArrayList<>(); // guarded by cond's lock
                List<Task<Object>> tasks = startWaiters(cond, 3, waited, resumed);
                cond.acquire();
                cond.signalAll();
                cond.release();
                tasks.forEach(Task::join);
                assertThat(resumed).as("round %d", round).containsExactlyElementsOf(waited);
            }
        });
    }

    @Test
    @DisplayName("CPython test_notify: notify(1) then notify(2048) resume the waiters in wait order")
    void notifyResumesWaitersInWaitOrder() {
        run(() -> {
            for (int round = 0; round < 100; round++) {
                Condition cond = new Condition();
                List<Integer> waited = new ArrayList<>();
                List<Integer> resumed = new ArrayList<>();
                List<Task<Object>> tasks = startWaiters(cond, 3, waited, resumed);
                cond.acquire();
                int oldest = waited.get(0); // the wait order is the order they got the lock, not their creation order
                cond.signal(1);
                cond.release();
                tasks.get(oldest).join();
                cond.acquire();
                cond.signal(1);
                cond.signal(2048);
                cond.release();
                tasks.forEach(Task::join);
                assertThat(resumed).as("round %d", round).containsExactlyElementsOf(waited);
            }
        });
    }

    @Test
    void manyWaitersWokenInBatchesWhileSomeAreCancelledResumeInWaitOrder() {
        Random random = new Random(14);
        run(() -> {
            for (int round = 0; round < 20; round++) {
                Condition cond = new Condition();
                List<Integer> waited = new ArrayList<>();
                List<Integer> resumed = new ArrayList<>();
                int n = 200;
                List<Task<Object>> tasks = startWaiters(cond, n, waited, resumed);
                List<Task<Object>> cancelled = IntStream.range(0, n).filter(i -> random.nextInt(5) == 0)
                        .mapToObj(tasks::get).toList();
                cond.acquire();
                try {
                    cond.signal(n / 3); // these are queued for the lock before any cancellation lands
                    cancelled.forEach(Task::cancel); // some of them already signalled: they pass the signal on
                    cond.signal(n / 3);
                } finally {
                    cond.release();
                }
                cond.acquire();
                cond.signalAll();
                cond.release();
                for (Task<Object> t : tasks) {
                    try {
                        t.join();
                    } catch (CancellationException expected) {
                        assertThat(cancelled).contains(t);
                    }
                }
                // each task records its number under the lock once its await returned normally
                List<Integer> order = new ArrayList<>(waited);
                order.retainAll(resumed);
                assertThat(resumed).as("round %d", round).containsExactlyElementsOf(order);
                assertThat(resumed.size() + cancelledThatThrew(cancelled)).isEqualTo(n);
                assertThat(cond.waiterCount()).isZero();
            }
        });
    }

    private static int cancelledThatThrew(List<Task<Object>> cancelled) {
        return (int) cancelled.stream().filter(Task::isCancelled).count();
    }
}
