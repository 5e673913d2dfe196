package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Scenarios that need every task on one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1}),
 * run in a child JVM by {@link OneCarrierTest}. On one carrier a task runs until it blocks, as a coroutine
 * runs until it awaits in asyncio, so the moments these scenarios are about (a getter woken and cancelled
 * before it runs again, a barrier party released but not yet resumed) happen every time. Each scenario
 * returns a line describing what happened; the test compares it with what asyncio (or the contract) says.
 * Only core classes are used here: the child JVM has no test libraries.
 */
final class OneCarrierScenarios {

    /** Scenario name to body; the names are the keys {@link OneCarrierTest} looks up. */
    static final Map<String, Callable<String>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("queue-getters-cancelled-at-hand-over", OneCarrierScenarios::gettersCancelledAtHandOver);
        SCENARIOS.put("queue-storm", () -> Storms.queueStorm(new Queue<>(1), 5L, 40, 40).verdict(1));
        SCENARIOS.put("permit-storm", OneCarrierScenarios::permitStorms);
        SCENARIOS.put("test_draining_state", OneCarrierScenarios::drainingState);
        SCENARIOS.put("test_blocking_tasks_while_draining", OneCarrierScenarios::blockingTasksWhileDraining);
        SCENARIOS.put("test_reset_barrier_when_tasks_half_draining",
                OneCarrierScenarios::resetBarrierWhenTasksHalfDraining);
        SCENARIOS.put("test_reset_barrier_when_tasks_half_draining_half_blocking",
                OneCarrierScenarios::resetBarrierWhenTasksHalfDrainingHalfBlocking);
        SCENARIOS.put("test_reset_barrier_while_tasks_draining", OneCarrierScenarios::resetBarrierWhileTasksDraining);
        SCENARIOS.put("test_abort_barrier_when_tasks_half_draining_half_blocking",
                OneCarrierScenarios::abortBarrierWhenTasksHalfDrainingHalfBlocking);
        SCENARIOS.put("test_abort_barrier_when_exception", OneCarrierScenarios::abortBarrierWhenException);
        SCENARIOS.put("test_abort_barrier_when_exception_then_resetting",
                OneCarrierScenarios::abortBarrierWhenExceptionThenResetting);
    }

    private OneCarrierScenarios() {}

    /** Runs the scenarios named in {@code args} (all if none), one run each, and prints {@code name=outcome}. */
    public static void main(String[] args) {
        List<String> names = args.length == 0 ? List.copyOf(SCENARIOS.keySet()) : List.of(args);
        for (String name : names) {
            Callable<String> scenario = SCENARIOS.get(name);
            String outcome;
            try {
                outcome = Spindle.run(() -> Spindle.timeout(Duration.ofSeconds(5), scenario));
            } catch (RuntimeException | Error e) {
                outcome = "threw " + e;
            }
            System.out.println(name + "=" + outcome);
        }
        System.out.flush();
    }

    /** An {@code await} that may throw; a party's body in the barrier scenarios. */
    private interface Party {
        void run() throws Exception;
    }

    /** Starts {@code n} tasks running {@code body}, in order, and joins them all (CPython's gather_tasks). */
    private static void gatherTasks(int n, Party body) {
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(() -> {
                body.run();
                return null;
            }));
        }
        tasks.forEach(Task::join);
    }

    private static String state(Barrier barrier) {
        return "broken=" + barrier.isBroken() + " waiting=" + barrier.waiting()
                + " resetting=" + barrier.toString().contains("resetting");
    }

    /** Blocks (yielding the carrier) until {@code condition} holds. */
    static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Spindle.sleep(Duration.ofMillis(1));
        }
    }

    /** The task's result, or {@code "cancelled"}, or {@code "broken"}, or the exception's class name. */
    static String outcome(Task<?> task) {
        try {
            return String.valueOf(task.join());
        } catch (CancellationException e) {
            return "cancelled";
        } catch (BarrierBrokenException e) {
            return "broken";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    // ---------------------------------------------------------------- queue

    /**
     * Issue 14 defect 5: two getters of a {@code Queue(1)} are handed an item each, a third item is put
     * in the free buffer, and both getters are cancelled before they run again.
     */
    private static String gettersCancelledAtHandOver() {
        Queue<String> q = new Queue<>(1);
        Task<String> first = createTask(() -> q.get());
        until(() -> q.waitingGetters() == 1);
        Task<String> second = createTask(() -> q.get());
        until(() -> q.waitingGetters() == 2);
        q.putNowait("a"); // handed to the first getter
        q.putNowait("b"); // handed to the second
        q.putNowait("c"); // buffered: the getters hold a and b, so the buffer has room
        first.cancel();
        second.cancel();
        String firstGot = outcome(first);
        String secondGot = outcome(second);
        int size = q.qsize();
        List<String> left = new ArrayList<>();
        while (!q.isEmpty()) {
            left.add(q.getNowait());
        }
        return "qsize=" + size + " first=" + firstGot + " second=" + secondGot + " left=" + left;
    }

    /** Permit conservation on each permit-like primitive; one line of {@code kind:most/available} results. */
    private static String permitStorms() {
        List<String> out = new ArrayList<>();
        out.add(permitStorm("Semaphore", 3, Storms.Permits.of(new Semaphore(3))));
        out.add(permitStorm("BoundedSemaphore", 2, Storms.Permits.of(new BoundedSemaphore(2))));
        out.add(permitStorm("Lock", 1, Storms.Permits.of(new Lock())));
        out.add(permitStorm("CapacityLimiter", 4, Storms.Permits.of(new CapacityLimiter(4))));
        return String.join(" ", out);
    }

    private static String permitStorm(String kind, int permits, Storms.Permits primitive) {
        Storms.PermitStormResult r = Storms.permitStorm(primitive, 11L, 1_000);
        boolean ok = r.surprises().isEmpty() && r.mostAtOnce() <= permits && r.availableAfter() == permits
                && r.completed() > 0;
        return kind + ":" + (ok ? "ok" : r.toString());
    }

    // ---------------------------------------------------------------- barrier (CPython's BarrierTests, N = 5)

    private static final int N = 5;

    /** Each party looks, once released, whether the barrier is draining; the last one out finds it filling. */
    private static String drainingState() {
        Barrier barrier = new Barrier(N);
        List<Boolean> draining = new CopyOnWriteArrayList<>();
        gatherTasks(N, () -> {
            barrier.await();
            draining.add(barrier.toString().contains("draining"));
        });
        return "draining=" + draining + " " + state(barrier);
    }

    private static String blockingTasksWhileDraining() {
        int rewait = 2;
        Barrier barrier = new Barrier(N);
        Barrier barrierNowaiting = new Barrier(N - rewait);
        AtomicInteger rewaitN = new AtomicInteger(rewait);
        gatherTasks(N, () -> {
            barrier.await();
            if (rewaitN.getAndDecrement() > 0) {
                barrier.await(); // wait again, only the first two back
            } else {
                barrierNowaiting.await(); // the other three: after the draining
                barrier.await();
            }
        });
        return "done " + state(barrier);
    }

    private static String resetBarrierWhenTasksHalfDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        int restOfTasks = N / 2;
        gatherTasks(N, () -> {
            try {
                barrier.await();
            } catch (BarrierBrokenException e) {
                results1.add(true); // the released tasks still inside
                return;
            }
            if (barrier.inside() == restOfTasks) {
                barrier.reset();
            }
        });
        return "results1=" + results1.size() + " " + state(barrier);
    }

    private static String resetBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        List<Boolean> results2 = new CopyOnWriteArrayList<>();
        int blockingTasks = N / 2;
        AtomicInteger count = new AtomicInteger();
        gatherTasks(N, () -> {
            try {
                barrier.await();
            } catch (BarrierBrokenException e) {
                results1.add(true); // still inside when the reset came
                barrier.await(); // then wait again to reach the parties
                return;
            }
            if (count.incrementAndGet() > blockingTasks) {
                barrier.reset();
                barrier.await();
            } else {
                try {
                    barrier.await();
                } catch (BarrierBrokenException e) {
                    results2.add(true); // never: blocked tasks are not in the barrier
                }
            }
        });
        return "results1=" + results1.size() + " results2=" + results2.size() + " " + state(barrier);
    }

    private static String resetBarrierWhileTasksDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        List<Boolean> results2 = new CopyOnWriteArrayList<>();
        List<Boolean> results3 = new CopyOnWriteArrayList<>();
        AtomicInteger count = new AtomicInteger();
        gatherTasks(N, () -> {
            barrier.await();
            if (count.incrementAndGet() == N) {
                barrier.reset(); // the last task out resets
                barrier.await();
            } else {
                try {
                    barrier.await();
                    results1.add(true);
                } catch (BarrierBrokenException e) {
                    results2.add(true);
                }
            }
            barrier.await(); // and all pass once more
            results3.add(true);
        });
        return "results1=" + results1.size() + " results2=" + results2.size() + " results3=" + results3.size()
                + " " + state(barrier);
    }

    private static String abortBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        List<Boolean> results2 = new CopyOnWriteArrayList<>();
        int blockingTasks = N / 2;
        AtomicInteger count = new AtomicInteger();
        gatherTasks(N, () -> {
            try {
                barrier.await();
            } catch (BarrierBrokenException e) {
                results1.add(true); // released, but still draining when the abort came
                return;
            }
            if (count.incrementAndGet() > blockingTasks) {
                barrier.abort();
            } else {
                try {
                    barrier.await();
                } catch (BarrierBrokenException e) {
                    results2.add(true); // blocked, waiting for the draining to end
                }
            }
        });
        return "results1=" + results1.size() + " results2=" + results2.size() + " " + state(barrier);
    }

    /**
     * threading's lock_tests pattern: the party released with the middle index fails and aborts; the others
     * try a second round and find the barrier broken.
     */
    private static void awaitTwiceAbortingOnFailure(Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
        try {
            if (barrier.await() == N / 2) {
                throw new IllegalStateException("boom");
            }
            barrier.await();
            results1.add(true);
        } catch (BarrierBrokenException e) {
            results2.add(true);
        } catch (IllegalStateException e) {
            barrier.abort();
        }
    }

    private static String abortBarrierWhenException() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        List<Boolean> results2 = new CopyOnWriteArrayList<>();
        gatherTasks(N, () -> awaitTwiceAbortingOnFailure(barrier, results1, results2));
        return "results1=" + results1.size() + " results2=" + results2.size() + " " + state(barrier);
    }

    private static String abortBarrierWhenExceptionThenResetting() {
        Barrier barrier1 = new Barrier(N);
        Barrier barrier2 = new Barrier(N);
        List<Boolean> results1 = new CopyOnWriteArrayList<>();
        List<Boolean> results2 = new CopyOnWriteArrayList<>();
        List<Boolean> results3 = new CopyOnWriteArrayList<>();
        gatherTasks(N, () -> {
            awaitTwiceAbortingOnFailure(barrier1, results1, results2);
            // synchronize so that everyone has left barrier1 when it is reset, and no one enters before
            if (barrier2.await() == N / 2) {
                barrier1.reset();
            }
            barrier2.await();
            barrier1.await();
            results3.add(true);
        });
        return "results1=" + results1.size() + " results2=" + results2.size() + " results3=" + results3.size()
                + " " + state(barrier1);
    }
}
