package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A hundred thousand tasks in a tree, with random failures and cancellations: afterwards every task is
 * done, each outcome is what happened to it, no thread is left, and run returned or threw as the rules say.
 */
class StressTest {

    private static final int FANOUT = 10;
    private static final int DEPTH = 5; // 1 + 10 + ... + 10^5 = 111,111 nodes when nothing is cancelled

    enum Fate { OK, FAIL, CANCEL }

    /** A node's own failure, naming its path so the test can match it. */
    static final class NodeFailure extends RuntimeException {
        NodeFailure(String path) {
            super(path, null, false, false);
        }
    }

    record Node(Fate fate, Task<Long> task, Thread[] thread) {}

    private static Fate fateOf(String path, long seed) {
        if (path.isEmpty()) {
            return Fate.OK;
        }
        int roll = new Random(seed ^ path.hashCode() * 31L).nextInt(1000);
        return roll < 15 ? Fate.FAIL : roll < 30 ? Fate.CANCEL : Fate.OK;
    }

    /** The value an OK node returns: itself plus its OK children's values (failed and cancelled give 0). */
    private static long expected(String path, int depth, long seed) {
        if (fateOf(path, seed) != Fate.OK) {
            return 0;
        }
        long sum = 1;
        if (depth < DEPTH) {
            for (int i = 0; i < FANOUT; i++) {
                sum += expected(path + i, depth + 1, seed);
            }
        }
        return sum;
    }

    private static long node(String path, int depth, long seed, Map<String, Node> nodes, Thread[] me) throws Exception {
        me[0] = Thread.currentThread();
        Fate fate = fateOf(path, seed);
        if (fate == Fate.CANCEL) {
            Spindle.sleep(60_000); // its parent cancels it
            throw new AssertionError("not cancelled: " + path);
        }
        long sum = 1;
        if (depth < DEPTH) {
            List<Task<Long>> children = new ArrayList<>(FANOUT);
            for (int i = 0; i < FANOUT; i++) {
                String childPath = path + i;
                Thread[] childThread = new Thread[1];
                Task<Long> child = Spindle.createTask(() -> node(childPath, depth + 1, seed, nodes, childThread));
                nodes.put(childPath, new Node(fateOf(childPath, seed), child, childThread));
                children.add(child);
                if (fateOf(childPath, seed) == Fate.CANCEL) {
                    child.cancel("stress: chosen to be cancelled");
                }
            }
            for (Task<Long> child : Spindle.gatherSettled(children)) {
                if (child.state() == Future.State.SUCCESS) {
                    sum += child.resultNow();
                }
            }
        }
        if (fate == Fate.FAIL) {
            throw new NodeFailure(path);
        }
        return sum;
    }

    @Test
    void hundredThousandTasksWithRandomFailuresAndCancellationsAllEndAsTheyShould() {
        long seed = 20261125L;
        Map<String, Node> nodes = new ConcurrentHashMap<>();
        Thread[] rootThread = new Thread[1];
        long total = Spindle.run(() -> node("", 0, seed, nodes, rootThread));

        assertThat(total).isEqualTo(expected("", 0, seed));
        assertThat(nodes.size()).isGreaterThan(100_000);
        int failed = 0;
        int cancelled = 0;
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            assertThat(n.task().isDone()).as(e.getKey()).isTrue();
            switch (n.fate()) {
                case OK -> assertThat(n.task().resultNow()).as(e.getKey())
                        .isEqualTo(expected(e.getKey(), e.getKey().length(), seed));
                case FAIL -> {
                    failed++;
                    assertThat(n.task().exceptionNow()).as(e.getKey())
                            .isInstanceOf(NodeFailure.class).hasMessage(e.getKey());
                }
                case CANCEL -> {
                    cancelled++;
                    assertThat(n.task().isCancelled()).as(e.getKey()).isTrue();
                }
            }
            Thread t = n.thread()[0];
            assertThat(t == null || !t.isAlive()).as("thread of " + e.getKey() + " still alive").isTrue();
        }
        assertThat(failed).isPositive();
        assertThat(cancelled).isPositive();
        assertThat(rootThread[0].isAlive()).isFalse();
    }

    @Test
    void oneFailingLeafInAHundredThousandTaskGroupTreeCancelsTheRestAndRunThrowsIt() {
        Map<String, Task<Long>> tasks = new ConcurrentHashMap<>();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        String failing = "31415";
        assertThatThrownBy(() -> Spindle.run(() -> groupNode("", 0, failing, tasks, threads)))
                .isInstanceOf(NodeFailure.class).hasMessage(failing);
        assertThat(tasks.size()).isGreaterThan(1000);
        for (Map.Entry<String, Task<Long>> e : tasks.entrySet()) {
            Task<Long> t = e.getValue();
            assertThat(t.isDone()).as(e.getKey()).isTrue();
            if (e.getKey().equals(failing)) {
                assertThat(t.state()).isEqualTo(Future.State.FAILED);
            } else if (failing.startsWith(e.getKey())) {
                // an ancestor of the failing leaf rethrows the failure from its group
                assertThat(t.state()).as(e.getKey()).isEqualTo(Future.State.FAILED);
                assertThat(t.exceptionNow()).isInstanceOf(NodeFailure.class);
            } else {
                assertThat(t.state()).as(e.getKey()).isIn(Future.State.SUCCESS, Future.State.CANCELLED);
            }
        }
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    private static long groupNode(String path, int depth, String failing, Map<String, Task<Long>> tasks,
            List<Thread> threads) {
        threads.add(Thread.currentThread());
        if (depth == DEPTH) {
            Spindle.sleep(path.equals(failing) ? 50 : 1); // everyone else has started by the time it fails
            if (path.equals(failing)) {
                throw new NodeFailure(path);
            }
            Spindle.sleep(path.compareTo(failing) < 0 ? 0 : 30_000);
            return 1;
        }
        return Spindle.taskGroup(group -> {
            List<Task<Long>> children = new ArrayList<>();
            for (int i = 0; i < FANOUT; i++) {
                String childPath = path + i;
                Task<Long> child = group.createTask(() -> groupNode(childPath, depth + 1, failing, tasks, threads));
                tasks.put(childPath, child);
                children.add(child);
            }
            long sum = 1;
            for (Task<Long> child : children) {
                sum += child.join();
            }
            return sum;
        });
    }

    @Test
    void mainEndingWhileNestedGroupsAndGathersRunCancelsEveryLeafEvenBehindShields() {
        // The run finds the children of groups and gathers only through their owners; half the inner
        // nodes shield their group, so the run's cancellation reaches those leaves only through that walk.
        List<Task<?>> leaves = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        int expectedLeaves = 4 * 4 * 4 * 4;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                Spindle.run(() -> {
                    Spindle.createTask(() -> parkedTree(0, leaves, threads));
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> leaves.size() == expectedLeaves);
                    return null;
                }));
        assertThat(leaves).hasSize(expectedLeaves).allMatch(Task::isCancelled);
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    /** A tree four deep and four wide of groups (even depths) and gathers (odd), every other one shielded. */
    private static Object parkedTree(int depth, List<Task<?>> leaves, List<Thread> threads) throws Exception {
        threads.add(Thread.currentThread());
        if (depth == 4) {
            leaves.add(Spindle.currentTask());
            Spindle.sleep(Duration.ofHours(1));
            return null;
        }
        Callable<Object> level = depth % 2 == 0
                ? () -> Spindle.taskGroup(g -> {
                    for (int i = 0; i < 4; i++) {
                        g.createTask(() -> parkedTree(depth + 1, leaves, threads));
                    }
                    return null;
                })
                : () -> {
                    @SuppressWarnings("unchecked")
                    Callable<Object>[] children = new Callable[4];
                    Arrays.fill(children, (Callable<Object>) () -> parkedTree(depth + 1, leaves, threads));
                    return Spindle.gather(children);
                };
        return depth % 4 < 2 ? Spindle.shield(level) : level.call();
    }
}
