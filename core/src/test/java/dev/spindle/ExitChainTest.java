package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spindle.engine.PortableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * No thread outlives its run: an exiting task never waits for the thread that exited before it, but
 * leaves it to the run's shutdown when it has not ended yet.
 */
class ExitChainTest {

    @Test
    void runWaitsForAThreadThatHadNotEndedWhenItsSuccessorExited() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread lingering = Thread.ofPlatform().start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RunScope run = new RunScope("exit-chain", null, false, PortableEngine.INSTANCE.openRun("exit-chain"), Duration.ZERO);
        AtomicBoolean returned = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            run.runMain(null, () -> {
                run.exiting(lingering); // as a task whose predecessor in the chain is still ending
                return null;
            });
            returned.set(true);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING
                && Arrays.stream(caller.getStackTrace()).anyMatch(f -> f.getMethodName().equals("joinQuietly")));
        assertThat(returned).isFalse();
        assertThat(lingering.isAlive()).isTrue();

        release.countDown();
        caller.join(Duration.ofSeconds(10));
        assertThat(returned).isTrue();
        assertThat(lingering.isAlive()).isFalse();
    }

    @Test
    void aThreadSeenAlreadyEndedIsNotWaitedFor() throws Exception {
        Thread ended = Thread.ofPlatform().start(() -> { });
        ended.join();
        RunScope run = new RunScope("exit-chain", null, false, PortableEngine.INSTANCE.openRun("exit-chain"), Duration.ZERO);

        Object result = run.runMain(null, () -> {
            run.exiting(ended);
            run.exiting(null); // the first task of a run has no predecessor
            return "done";
        });

        assertThat(result).isEqualTo("done");
    }

    @Test
    void everyThreadHasEndedWhenRunReturnsEvenWhenThousandsOfTasksEndTogether() {
        for (int round = 0; round < 3; round++) {
            List<Thread> threads = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            int n = Spindle.run(() -> {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 3_000; i++) {
                    tasks.add(Spindle.createTask(() -> {
                        threads.add(Thread.currentThread());
                        go.await();
                        return 1;
                    }));
                }
                go.countDown(); // all end at once: many find their predecessor in the chain still alive
                return Spindle.gather(tasks).size();
            });

            assertThat(n).isEqualTo(3_000);
            assertThat(threads).hasSize(3_000).noneMatch(Thread::isAlive);
        }
    }

    /**
     * A group's child joins the run's exit chain before it lets the group's owner go on: the other way
     * round, the owner could return from the gather, end the run and have the shutdown join every chain
     * before the child had joined one, so the child's thread outlived its run and, left in a chain of a
     * run kept in the ring of ended runs, kept its task alive (found by {@code FinishedTaskRetentionTest},
     * about one run of that test in eight). The race needs the child's thread to stall between the two
     * steps, so this runs many small runs: before the fix it failed within the first 40 of them.
     */
    @Test
    void noThreadOfAGroupsChildrenOutlivesItsRun() {
        for (int round = 0; round < 2_000; round++) {
            List<Thread> threads = new CopyOnWriteArrayList<>();
            Spindle.run(() -> {
                List<Callable<Integer>> bodies = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    bodies.add(() -> {
                        threads.add(Thread.currentThread());
                        return 1;
                    });
                }
                @SuppressWarnings("unchecked")
                Callable<Integer>[] array = bodies.toArray(new Callable[0]);
                return Spindle.gatherSettled(array).size();
            });

            assertThat(threads).as("round %d", round).hasSize(8).noneMatch(Thread::isAlive);
        }
    }
}
