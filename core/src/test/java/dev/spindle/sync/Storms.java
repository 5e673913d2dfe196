package dev.spindle.sync;

import static dev.spindle.Spindle.createTask;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cancellation storms over the primitives, shared by the in-process tests ({@link QueueStormTest},
 * {@link PermitStormTest}) and the one-carrier scenarios. Each starts many short tasks that block on a
 * primitive, cancels a random third of them as they meet, and counts afterwards what every task's outcome
 * says it did, so that a lost, duplicated or leaked item, permit or token shows. Plain Java (no test
 * library): {@link OneCarrierScenarios} runs them in a child JVM. Call them inside a run.
 */
final class Storms {

    private Storms() {}

    // ---------------------------------------------------------------- queue

    /**
     * What a queue storm did.
     *
     * @param added items whose put returned normally
     * @param taken items whose get returned normally (each marked done)
     * @param left items found in the queue at the end
     * @param lost added items never taken nor left
     * @param duplicated items seen more than once
     * @param unexpected items taken or left that no put added
     * @param largestSize the largest {@code qsize()} any task saw right after its call
     * @param unfinishedLeft whether {@code join} still had unfinished items after every item was marked done
     * @param surprises outcomes the contract does not allow (exception class names)
     */
    record QueueStormResult(int added, int taken, int left, Set<Integer> lost, Set<Integer> duplicated,
            Set<Integer> unexpected, int largestSize, boolean unfinishedLeft, List<String> surprises) {

        /** A verdict line for the one-carrier scenarios. */
        String verdict(int maxsize) {
            return "lost=" + lost + " duplicated=" + duplicated + " unexpected=" + unexpected + " overfull="
                    + (maxsize > 0 && largestSize > maxsize) + " unfinishedLeft=" + unfinishedLeft
                    + " surprises=" + surprises;
        }
    }

    /**
     * Puts and gets {@code batches * batchSize} items each through {@code q}, every call in a task of its
     * own (a third of them with a 1 ms timeout), cancelling a random third of each batch's tasks right after
     * starting them; then shuts the queue down (the blocked calls end with {@link QueueShutDownException})
     * and drains it.
     */
    /**
     * Waits (at most 10 s) until some getter has taken an item, so that the shutdown that ends the storm does
     * not race the tasks' start on a slow engine or a loaded machine and leave nothing moved.
     */
    private static void awaitAnItemTaken(List<Task<Integer>> gets) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && gets.stream().noneMatch(Storms::tookAnItem)) {
            Spindle.sleep(Duration.ofMillis(1));
        }
    }

    private static boolean tookAnItem(Task<Integer> get) {
        return get.state() == Future.State.SUCCESS && get.resultNow() != null;
    }

    static QueueStormResult queueStorm(Queue<Integer> q, long seed, int batches, int batchSize) {
        Random random = new Random(seed);
        AtomicInteger largest = new AtomicInteger();
        List<Task<Integer>> puts = new ArrayList<>();
        List<Task<Integer>> gets = new ArrayList<>();
        int next = 0;
        for (int b = 0; b < batches; b++) {
            List<Task<Integer>> batch = new ArrayList<>();
            for (int j = 0; j < batchSize; j++) {
                int item = next++;
                boolean timed = random.nextInt(3) == 0;
                Task<Integer> put = createTask(() -> {
                    boolean added = true;
                    if (timed) {
                        added = q.put(item, Duration.ofMillis(1));
                    } else {
                        q.put(item);
                    }
                    largest.accumulateAndGet(q.qsize(), Math::max);
                    return added ? item : null;
                });
                Task<Integer> get = createTask(() -> {
                    Integer got = timed ? getOrNull(q) : q.get();
                    largest.accumulateAndGet(q.qsize(), Math::max);
                    if (got != null) {
                        q.taskDone();
                    }
                    return got;
                });
                batch.add(put);
                batch.add(get);
                puts.add(put);
                gets.add(get);
            }
            Spindle.sleep(Duration.ZERO); // let the batch meet the ones still blocked
            for (Task<Integer> t : batch) {
                if (random.nextInt(3) == 0) {
                    t.cancel();
                }
            }
        }
        awaitAnItemTaken(gets);
        q.shutdown();
        List<String> surprises = new ArrayList<>();
        Set<Integer> added = new TreeSet<>();
        for (Task<Integer> put : puts) {
            Integer item = outcome(put, surprises);
            if (item != null) {
                added.add(item);
            }
        }
        Map<Integer, Integer> seen = new HashMap<>();
        int taken = 0;
        for (Task<Integer> get : gets) {
            Integer item = outcome(get, surprises);
            if (item != null) {
                taken++;
                seen.merge(item, 1, Integer::sum);
            }
        }
        int left = 0;
        for (;;) {
            Integer item;
            try {
                item = q.getNowait();
            } catch (QueueShutDownException drained) {
                break;
            }
            left++;
            q.taskDone();
            seen.merge(item, 1, Integer::sum);
        }
        Set<Integer> lost = new TreeSet<>(added);
        lost.removeAll(seen.keySet());
        Set<Integer> duplicated = new TreeSet<>();
        Set<Integer> unexpected = new TreeSet<>();
        seen.forEach((item, times) -> {
            if (times > 1) {
                duplicated.add(item);
            }
            if (!added.contains(item)) {
                unexpected.add(item);
            }
        });
        return new QueueStormResult(added.size(), taken, left, lost, duplicated, unexpected, largest.get(),
                !q.join(Duration.ZERO), surprises);
    }

    private static Integer getOrNull(Queue<Integer> q) {
        try {
            return q.get(Duration.ofMillis(1));
        } catch (DeadlineExceededException e) {
            return null;
        }
    }

    /**
     * The task's result; {@code null} if it was cancelled or refused by the shutdown (it then did nothing);
     * anything else is recorded as a surprise.
     */
    private static <T> T outcome(Task<T> task, List<String> surprises) {
        try {
            return task.join();
        } catch (CancellationException | QueueShutDownException e) {
            return null;
        } catch (RuntimeException e) {
            surprises.add(e.toString());
            return null;
        }
    }

    // ---------------------------------------------------------------- permits

    /** The acquire/release face shared by the permit-like primitives. */
    interface Permits {
        void acquire();

        boolean acquire(Duration timeout);

        void release();

        /** How many permits can be taken now without waiting; the primitive is left as it was. */
        int available();

        static Permits of(Semaphore s) {
            return new Permits() {
                @Override
                public void acquire() { s.acquire(); }
                @Override
                public boolean acquire(Duration t) { return s.acquire(t); }
                @Override
                public void release() { s.release(); }
                @Override
                public int available() {
                    int n = 0;
                    while (s.acquire(Duration.ZERO)) {
                        n++;
                    }
                    for (int i = 0; i < n; i++) {
                        s.release();
                    }
                    return n;
                }
            };
        }

        static Permits of(Lock l) {
            return new Permits() {
                @Override
                public void acquire() { l.acquire(); }
                @Override
                public boolean acquire(Duration t) { return l.acquire(t); }
                @Override
                public void release() { l.release(); }
                @Override
                public int available() { return l.isLocked() ? 0 : 1; }
            };
        }

        static Permits of(CapacityLimiter c) {
            return new Permits() {
                @Override
                public void acquire() { c.acquire(); }
                @Override
                public boolean acquire(Duration t) { return c.acquire(t); }
                @Override
                public void release() { c.release(); }
                @Override
                public int available() { return c.available(); }
            };
        }
    }

    /**
     * What a permit storm did.
     *
     * @param completed tasks that got a permit and gave it back
     * @param mostAtOnce the most tasks holding a permit at the same time
     * @param availableAfter permits free once every task ended
     * @param surprises outcomes the contract does not allow
     */
    record PermitStormResult(int completed, int mostAtOnce, int availableAfter, List<String> surprises) {}

    /**
     * Starts {@code tasks} tasks that each take a permit (a third of them with a 1 ms timeout), yield once
     * while holding it, and give it back, cancelling a random third of them right after each batch of 50
     * starts: cancellations land while they queue, at the moment of hand-over, and while they hold the
     * permit.
     */
    static PermitStormResult permitStorm(Permits permits, long seed, int tasks) {
        Random random = new Random(seed);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Task<Boolean>> all = new ArrayList<>();
        List<Task<Boolean>> batch = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            boolean timed = random.nextInt(3) == 0;
            batch.add(createTask(() -> {
                if (timed) {
                    if (!permits.acquire(Duration.ofMillis(1))) {
                        return false;
                    }
                } else {
                    permits.acquire();
                }
                try {
                    mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    Spindle.sleep(Duration.ZERO); // yields; a cancellation that arrived meanwhile throws here
                    return true;
                } finally {
                    holding.decrementAndGet();
                    permits.release();
                }
            }));
            if (batch.size() == 50 || i == tasks - 1) {
                Spindle.sleep(Duration.ZERO);
                for (Task<Boolean> t : batch) {
                    if (random.nextInt(3) == 0) {
                        t.cancel();
                    }
                }
                all.addAll(batch);
                batch.clear();
            }
        }
        List<String> surprises = new ArrayList<>();
        int completed = 0;
        for (Task<Boolean> t : all) {
            try {
                if (t.join()) {
                    completed++;
                }
            } catch (CancellationException e) {
                // cancelled while queued, at the hand-over, or while holding the permit: it gave it back
            } catch (RuntimeException e) {
                surprises.add(e.toString());
            }
        }
        return new PermitStormResult(completed, mostAtOnce.get(), permits.available(), surprises);
    }
}
