package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.sync.Barrier;
import dev.spindle.sync.CapacityLimiter;
import dev.spindle.sync.Condition;
import dev.spindle.sync.Event;
import dev.spindle.sync.Lock;
import dev.spindle.sync.Queue;
import dev.spindle.sync.Semaphore;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A task blocked in a {@code dev.spindle.sync} primitive records what it waits on (for task dumps), and
 * the record is cleared when it stops waiting. Lives in {@code dev.spindle} to read the task's field.
 */
class SyncWaitingOnTest {

    private static void assertWaitsOn(String expected, Callable<?> blockingCall, Runnable unblock) {
        Spindle.run(() -> {
            TaskImpl<?> task = (TaskImpl<?>) Spindle.createTask(() -> {
                blockingCall.call();
                return ((TaskImpl<?>) Spindle.currentTask()).waitingOn();
            });
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> expected.equals(task.waitingOn()));
            unblock.run();
            assertThat(task.join()).as("cleared after the wait").isNull();
        });
    }

    @Test
    void blockedTasksSayWhichNamedPrimitiveTheyWaitOn() {
        Queue<String> jobs = new Queue<String>().named("jobs");
        assertWaitsOn("Queue 'jobs'", jobs::get, () -> jobs.putNowait("x"));

        Queue<String> full = new Queue<String>(1).named("out");
        full.putNowait("a");
        assertWaitsOn("Queue 'out'", () -> { full.put("b"); return null; }, full::getNowait);

        Queue<String> work = new Queue<String>().named("work");
        work.putNowait("a");
        work.getNowait();
        assertWaitsOn("Queue 'work'.join()", () -> { work.join(); return null; }, work::taskDone);

        Lock lock = new Lock().named("db");
        lock.acquire();
        assertWaitsOn("Lock 'db'", () -> { lock.acquire(); lock.release(); return null; }, lock::release);

        Event ready = new Event().named("ready");
        assertWaitsOn("Event 'ready'", () -> { ready.await(); return null; }, ready::set);

        Semaphore pool = new Semaphore(0).named("pool");
        assertWaitsOn("Semaphore 'pool'", () -> { pool.acquire(); return null; }, pool::release);

        Barrier phase = new Barrier(2).named("phase");
        assertWaitsOn("Barrier 'phase'", phase::await, () -> Thread.ofVirtual().start(phase::await));

        CapacityLimiter http = new CapacityLimiter(1).named("http");
        Thread holder = Thread.ofVirtual().start(http::acquire);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> http.borrowed() == 1);
        assertWaitsOn("CapacityLimiter 'http'", () -> { http.acquire(); http.release(); return null; },
                () -> http.setTotalTokens(2));
        assertThat(holder.isAlive()).isFalse();

        Condition space = new Condition().named("space");
        assertWaitsOn("Condition 'space'", () -> {
            space.acquire();
            try {
                space.await();
            } finally {
                space.release();
            }
            return null;
        }, () -> Spindle.createTask(() -> {
            space.acquire();
            space.signal();
            space.release();
            return null;
        }).join());
    }

    @Test
    void unnamedPrimitivesAreDescribedByKindAndIdentity() {
        Queue<String> q = new Queue<>();
        String expected = "Queue@" + Integer.toHexString(System.identityHashCode(q));
        assertWaitsOn(expected, q::get, () -> q.putNowait("x"));
    }
}
