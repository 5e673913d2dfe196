package dev.spindle.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.engine.EngineScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge on its own: starts from any thread, nesting, close. */
class StsScopeTest {

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).as("latch reached in time").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void startRunsTheTaskOnANamedVirtualThread() {
        EngineScope scope = StsScope.open("named");
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        scope.start(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        }, "worker-1");
        await(done);
        scope.close();

        assertThat(ran.get().getName()).isEqualTo("worker-1");
        assertThat(ran.get().isVirtual()).isTrue();
        assertThat(ran.get().isAlive()).as("close waits for the thread").isFalse();
    }

    @Test
    void anyThreadOfTheScopeCanStartTasksConcurrently() {
        EngineScope scope = StsScope.open("fan-out");
        int starters = 8;
        int each = 500;
        Set<String> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(starters * each);
        for (int s = 0; s < starters; s++) {
            int starter = s;
            scope.start(() -> {
                for (int i = 0; i < each; i++) {
                    String id = starter + "-" + i;
                    scope.start(() -> {
                        ran.add(id);
                        all.countDown();
                    }, "t" + id);
                }
            }, "starter-" + s);
        }
        await(all);
        scope.close();

        assertThat(ran).hasSize(starters * each);
    }

    @Test
    void startAfterCloseFailsWithIllegalStateException() {
        EngineScope scope = StsScope.open("closed-one");
        scope.close();

        assertThatThrownBy(() -> scope.start(() -> { }, "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Scope 'closed-one' is closed; no task can start in it");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a close that never ends must fail
    void aStartRacingWithCloseEitherRunsBeforeCloseReturnsOrThrows() throws InterruptedException {
        int raced = 0;
        for (int round = 0; round < 10; round++) {
            EngineScope scope = StsScope.open("race-" + round);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            CountDownLatch someStarted = new CountDownLatch(4);
            List<Thread> starters = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                starters.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 10_000; i++) {
                            scope.start(ran::incrementAndGet, "racer");
                            accepted.incrementAndGet();
                            if (i == 10) {
                                someStarted.countDown();
                            }
                        }
                    } catch (IllegalStateException closed) {
                        rejected.incrementAndGet();
                    }
                }));
            }
            await(someStarted);
            scope.close();
            int ranWhenClosed = ran.get();
            for (Thread t : starters) {
                t.join();
            }

            assertThat(ranWhenClosed).as("every accepted start ran before close returned").isEqualTo(accepted.get());
            raced += rejected.get();
        }
        assertThat(raced).as("starts that met the close (else the race was not run)").isPositive();
    }

    @Test
    void closeWaitsForEveryThreadOfTheScope() throws InterruptedException {
        EngineScope scope = StsScope.open("slow-enders");
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            scope.start(() -> {
                threads.add(Thread.currentThread());
                started.countDown();
                try {
                    Thread.sleep(100); // the workload
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                finished.incrementAndGet();
            }, "ender-" + i);
        }
        await(started);
        scope.close();
        int finishedWhenClosed = finished.get();

        assertThat(finishedWhenClosed).isEqualTo(3);
        assertThat(threads).hasSize(3).noneMatch(Thread::isAlive);
        assertThat(interrupted).isFalse();
    }

    @Test
    void closeIsNotStoppedByAnInterruptAndKeepsIt() {
        EngineScope scope = StsScope.open("interrupted-closer");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean workerInterrupted = new AtomicBoolean();
        scope.start(() -> {
            worker.set(Thread.currentThread());
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    workerInterrupted.set(true);
                }
            }
        }, "worker");
        await(started);
        Thread closer = Thread.currentThread();
        closer.interrupt();
        Thread.ofVirtual().start(() -> { // releases the worker once the closer waits inside close()
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.WAITING);
            release.countDown();
        });
        try {
            scope.close();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            assertThat(worker.get().isAlive()).isFalse();
            assertThat(workerInterrupted).as("the closer's interrupt never reaches the scope's threads").isFalse();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closeByAnotherThreadThanTheOpenerIsRejected() throws InterruptedException {
        EngineScope scope = StsScope.open("owned");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                scope.close();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.join();
        scope.close();

        assertThat(thrown.get()).isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("can only be closed by the thread that opened it");
    }

    @Test
    void closingTwiceDoesNothing() {
        EngineScope scope = StsScope.open("twice");
        scope.close();
        scope.close();
    }

    @Test
    void aNestedScopeOpenedByATaskThreadHasThatThreadAsOpener() {
        EngineScope outer = StsScope.open("outer");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1);
        outer.start(() -> {
            try {
                EngineScope nested = outer.openNested("nested");
                CountDownLatch child = new CountDownLatch(1);
                nested.start(() -> {
                    ran.add(Thread.currentThread().getName());
                    child.countDown();
                }, "nested-child");
                await(child);
                nested.close();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        }, "opener-task");
        await(done);
        outer.close();

        assertThat(failure.get()).isNull();
        assertThat(ran).containsExactly("nested-child");
    }
}
