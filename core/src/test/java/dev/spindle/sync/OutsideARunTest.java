package dev.spindle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.DeadlineExceededException;
import dev.spindle.ThrowingRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The primitives outside any run, as {@code dev.spindle.sync}'s package comment promises: every blocking
 * call works on any thread, platform or virtual, as a plain blocking call; an interrupt while it waits
 * surfaces as {@link CancellationException} with the thread's interrupt status restored, and the call
 * takes nothing. Each case runs on a platform thread and on a plain virtual thread, neither of them a
 * Spindle task.
 */
class OutsideARunTest {

    /** One blocking call, how to let it through, and how to see that a cancelled call kept nothing. */
    private record Case(String name, ThrowingRunnable block, Runnable release, Runnable keptNothing) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Supplier<Case>> cases() {
        List<Supplier<Case>> cases = new ArrayList<>();
        cases.add(() -> {
            Queue<String> q = new Queue<>();
            return new Case("Queue.get", q::get, () -> q.putNowait("x"), () -> {
                q.putNowait("y");
                assertThat(q.getNowait()).isEqualTo("y");
            });
        });
        cases.add(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("a");
            return new Case("Queue.put", () -> q.put("b"), q::getNowait, () -> assertThat(q.qsize()).isEqualTo(1));
        });
        cases.add(() -> {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            return new Case("Queue.join", q::join, () -> {
                q.getNowait();
                q.taskDone();
            }, () -> assertThat(q.qsize()).isEqualTo(1));
        });
        cases.add(() -> {
            PriorityQueue<Integer> q = new PriorityQueue<>();
            return new Case("PriorityQueue.get", q::get, () -> q.putNowait(1), () -> assertThat(q.qsize()).isZero());
        });
        cases.add(() -> {
            Lock lock = new Lock();
            lock.acquire(); // held by the test's own thread, itself outside any run
            return new Case("Lock.acquire", lock::acquire, lock::release, () -> {
                lock.release();
                assertThat(lock.isLocked()).isFalse();
            });
        });
        cases.add(() -> {
            Event event = new Event();
            return new Case("Event.await", event::await, event::set, () -> assertThat(event.isSet()).isFalse());
        });
        cases.add(() -> {
            Condition condition = new Condition();
            return new Case("Condition.await", () -> {
                condition.acquire();
                try {
                    condition.await();
                } finally {
                    condition.release();
                }
            }, () -> {
                condition.acquire();
                condition.signal();
                condition.release();
            }, () -> {
                assertThat(condition.acquire(Duration.ZERO)).as("the lock was given back").isTrue();
                condition.release();
            });
        });
        cases.add(() -> {
            Semaphore semaphore = new Semaphore(0);
            return new Case("Semaphore.acquire", semaphore::acquire, semaphore::release, () -> {
                semaphore.release();
                assertThat(semaphore.isLocked()).isFalse();
            });
        });
        cases.add(() -> {
            Barrier barrier = new Barrier(2);
            return new Case("Barrier.await", barrier::await, barrier::await,
                    () -> assertThat(barrier.waiting()).isZero());
        });
        cases.add(() -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            limiter.acquire(); // borrowed by the test's own thread
            return new Case("CapacityLimiter.acquire", limiter::acquire, limiter::release,
                    () -> assertThat(limiter.borrowed()).isEqualTo(1));
        });
        return cases;
    }

    static Stream<Arguments> casesOnThreads() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, "platform"), Arguments.of(c, "virtual")));
    }

    /** A thread of the given kind running {@code body}, and what came out of it. */
    private static final class Runs {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicBoolean interruptedAfter = new AtomicBoolean();
        final AtomicBoolean returned = new AtomicBoolean();
        final Thread thread;

        Runs(String kind, ThrowingRunnable body) {
            Runnable r = () -> {
                try {
                    body.run();
                    returned.set(true);
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            };
            thread = (kind.equals("platform") ? Thread.ofPlatform() : Thread.ofVirtual()).unstarted(r);
            thread.start();
        }

        void awaitParked() {
            Awaits.until("the call is blocked", () -> {
                Thread.State s = thread.getState();
                return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            });
        }

        void awaitEnd() throws InterruptedException {
            assertThat(thread.join(Duration.ofSeconds(5))).as("the thread ended").isTrue();
        }
    }

    @ParameterizedTest(name = "{0} on a {1} thread")
    @MethodSource("casesOnThreads")
    void aBlockingCallOutsideARunWaitsUntilAnotherThreadLetsItThrough(Supplier<Case> make, String kind)
            throws Exception {
        Case c = make.get();
        Runs runs = new Runs(kind, c.block());
        runs.awaitParked();
        assertThat(runs.returned).as("still blocked").isFalse();
        c.release().run();
        runs.awaitEnd();
        assertThat(runs.thrown.get()).isNull();
        assertThat(runs.returned).isTrue();
        assertThat(runs.interruptedAfter).isFalse();
    }

    @ParameterizedTest(name = "{0} on a {1} thread")
    @MethodSource("casesOnThreads")
    void anInterruptWhileBlockedOutsideARunThrowsCancellationKeepsTheInterruptAndTakesNothing(Supplier<Case> make,
            String kind) throws Exception {
        Case c = make.get();
        Runs runs = new Runs(kind, c.block());
        runs.awaitParked();
        runs.thread.interrupt();
        runs.awaitEnd();
        assertThat(runs.thrown.get()).isInstanceOf(CancellationException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(runs.interruptedAfter).as("the interrupt status is restored").isTrue();
        c.keptNothing().run();
    }

    @ParameterizedTest(name = "{0} on a {1} thread")
    @MethodSource("casesOnThreads")
    void aCallMadeWithTheInterruptAlreadySetThrowsAtOnceIfItWouldWait(Supplier<Case> make, String kind)
            throws Exception {
        Case c = make.get();
        Runs runs = new Runs(kind, () -> {
            Thread.currentThread().interrupt();
            c.block().run();
        });
        runs.awaitEnd();
        assertThat(runs.thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(runs.interruptedAfter).isTrue();
        c.keptNothing().run();
    }

    @ParameterizedTest(name = "on a {0} thread")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "virtual"})
    void aCallThatNeedNotWaitCompletesAndLeavesTheInterruptSetAndTimedFormsTimeOut(String kind) throws Exception {
        Queue<String> q = new Queue<>();
        q.putNowait("ready");
        AtomicReference<String> got = new AtomicReference<>();
        Runs runs = new Runs(kind, () -> {
            Thread.currentThread().interrupt();
            got.set(q.get());
        });
        runs.awaitEnd();
        assertThat(runs.thrown.get()).isNull();
        assertThat(got.get()).isEqualTo("ready");
        assertThat(runs.interruptedAfter).as("left for the next call that blocks").isTrue();

        AtomicBoolean acquired = new AtomicBoolean(true);
        Runs timed = new Runs(kind, () -> {
            acquired.set(new Semaphore(0).acquire(Duration.ofMillis(20)));
            new Queue<String>().get(Duration.ofMillis(20));
        });
        timed.awaitEnd();
        assertThat(acquired).isFalse();
        assertThat(timed.thrown.get()).isInstanceOf(DeadlineExceededException.class);
    }
}
