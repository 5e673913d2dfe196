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
    }

    private OneCarrierScenarios() {}

    /** Runs the scenarios named in {@code args} (all if none), one run each, and prints {@code name=outcome}. */
    public static void main(String[] args) {
        List<String> names = args.length == 0 ? List.copyOf(SCENARIOS.keySet()) : List.of(args);
        for (String name : names) {
            Callable<String> scenario = SCENARIOS.get(name);
            String outcome;
            try {
                outcome = Spindle.run(() -> Spindle.timeout(Duration.ofSeconds(10), scenario));
            } catch (RuntimeException | Error e) {
                outcome = "threw " + e;
            }
            System.out.println(name + "=" + outcome);
        }
        System.out.flush();
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
        Task<String> first = createTask(q::get);
        until(() -> q.waitingGetters() == 1);
        Task<String> second = createTask(q::get);
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
}
