package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.engine.PortableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The run's list of unfinished tasks: what goes in comes out of a snapshot until it is removed. */
class LiveTasksTest {

    private final RunScope run = new RunScope("live-tasks-test", null, false, PortableEngine.INSTANCE, Duration.ZERO);

    private List<TaskImpl<?>> newTasks(int n) {
        List<TaskImpl<?>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(new TaskImpl<>(run, null, null, null, () -> null, null));
        }
        return tasks;
    }

    @Test
    void snapshotHoldsEveryAddedTaskNotYetRemoved() {
        LiveTasks live = new LiveTasks();
        List<TaskImpl<?>> tasks = newTasks(100);
        tasks.forEach(live::add);
        List<TaskImpl<?>> kept = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (i % 3 == 0) {
                live.remove(tasks.get(i));
            } else {
                kept.add(tasks.get(i));
            }
        }

        assertThat(live.snapshot()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void removingTheFirstTheLastAndOnlyTasksOfAStripeKeepsTheRestLinked() {
        LiveTasks live = new LiveTasks();
        List<TaskImpl<?>> tasks = newTasks(200); // consecutive ids: every stripe gets many
        tasks.forEach(live::add);
        live.remove(tasks.get(0)); // the earliest added is last in its stripe
        live.remove(tasks.get(199)); // the latest added is first in its stripe
        live.remove(tasks.get(100));

        assertThat(live.snapshot()).hasSize(197).doesNotContain(tasks.get(0), tasks.get(100), tasks.get(199));
        tasks.forEach(live::remove);
        assertThat(live.snapshot()).isEmpty();
    }

    @Test
    void removingATaskThatIsNotInTheListChangesNothing() {
        LiveTasks live = new LiveTasks();
        List<TaskImpl<?>> tasks = newTasks(10);
        TaskImpl<?> stranger = newTasks(1).get(0);
        tasks.forEach(live::add);
        live.remove(tasks.get(4));

        live.remove(tasks.get(4)); // a second time
        live.remove(stranger); // never added

        assertThat(live.snapshot()).hasSize(9).doesNotContain(tasks.get(4), stranger);
    }

    @Test
    void concurrentAddsAndRemovesLeaveExactlyTheSurvivors() throws InterruptedException {
        LiveTasks live = new LiveTasks();
        int threads = 8;
        int perThread = 5_000;
        List<TaskImpl<?>> survivors = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            List<TaskImpl<?>> mine = newTasks(perThread);
            for (int i = 1; i < mine.size(); i += 2) {
                survivors.add(mine.get(i));
            }
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (TaskImpl<?> t : mine) {
                    live.add(t);
                }
                for (int i = 0; i < mine.size(); i += 2) {
                    live.remove(mine.get(i));
                }
            }));
        }
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }

        List<TaskImpl<?>> left = live.snapshot();
        assertThat(left).hasSize(threads * perThread / 2);
        assertThat(new HashSet<>(left)).isEqualTo(new HashSet<>(survivors));
    }
}
