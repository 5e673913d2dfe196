package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Section A of {@code reference/asyncio-semantics.md} §2, scenarios 1–11: {@code asyncio.run} and
 * {@code asyncio.Runner}, as {@link Spindle#run} and {@link Runner}. Each test's display name starts with
 * the scenario number; {@code [D]} marks a documented, deliberate difference from asyncio.
 *
 * <p>Parts of scenarios that cannot apply to Java:
 * <ul>
 *   <li>3, "the coroutine is left un-awaited": Java has no coroutine objects that warn when dropped; the
 *       analogue tested is that the inner {@code main} is never called.</li>
 *   <li>4, {@code ValueError} for a non-coroutine: the compiler admits only a {@code Callable} or a
 *       {@code ThrowingRunnable}; the run-time analogue, {@code null}, is tested.</li>
 *   <li>7, "a leftover that never finishes would hang run": the same in Spindle, and not tested because
 *       it cannot end; {@link Runner#withShutdownGrace} bounds only the wait before the cancel, not the
 *       wait after it.</li>
 *   <li>8, the text of the log line: Spindle reports the failure with its unretrieved-failure line
 *       (DESIGN 7), not asyncio's "unhandled exception during asyncio.run() shutdown".</li>
 *   <li>9, the 300 s bound that 3.12+ puts on joining executor threads: Spindle has none; a
 *       {@code toThread} worker that ignores interrupts and never ends would hold run forever.</li>
 *   <li>11, {@code debug=True} logging steps slower than 100 ms: Spindle has no debug mode, and none is
 *       needed for this, because a step that blocks its virtual thread does not stall other tasks
 *       (§0.1), so a slow step harms nobody but its own task.</li>
 * </ul>
 */
class RunScenariosTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    /**
     * The upper tolerance on "at ~X ms", shared by the scenario tests: generous, because the machine that
     * runs them may be loaded far beyond its cores. The lower bound is always X - 1 ms.
     */
    static final long SLACK_MS = 2_000L;

    static long msSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Runs {@code body} in a leftover task that signals once it is running; returns the task. */
    private static Task<Object> leftover(String name, CountDownLatch started, Callable<Object> body) {
        return Spindle.createTask(name, () -> {
            started.countDown();
            return body.call();
        });
    }

    // ---------------------------------------------------------------- 1

    @Test
    @DisplayName("1 run returns main's result; afterwards no thread it started is alive and the caller is not in a run")
    void runReturnsMainResultAndLeavesNothingBehind() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> main = new AtomicReference<>();

        int result = Spindle.run(() -> {
            main.set(Spindle.currentTask());
            threads.add(Thread.currentThread());
            Spindle.createTask(() -> threads.add(Thread.currentThread())).join();
            return 42;
        });

        assertThat(result).isEqualTo(42);
        assertThat(threads).hasSize(2).noneMatch(Thread::isAlive);
        assertThat(main.get().isDone()).isTrue();
        assertThat(main.get().resultNow()).isEqualTo(42);
        assertThatThrownBy(() -> Spindle.createTask(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.run");
        assertThat(Spindle.run(() -> 43)).as("every run is a fresh one").isEqualTo(43);
    }

    // ---------------------------------------------------------------- 2

    @Test
    @DisplayName("2 main's failure is rethrown by run, the same object, after the leftover task has seen its cancellation")
    void mainFailureIsRethrownAfterLeftoverSawCancellation() {
        List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException mainFailed = new NoSuchElementException("main failed");
        CountDownLatch started = new CountDownLatch(1);
        long t0 = System.nanoTime();

        Throwable thrown = catchThrowable(() -> Spindle.run(() -> {
            leftover("background", started, () -> {
                try {
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    events.add("background cancelled");
                    throw e;
                }
                return null;
            });
            started.await();
            Spindle.sleep(100);
            events.add("main raises");
            throw mainFailed;
        }));
        events.add("run raised");
        long ms = msSince(t0);

        assertThat(thrown).isSameAs(mainFailed);
        assertThat(events).containsExactly("main raises", "background cancelled", "run raised");
        assertThat(ms).isBetween(99L, 100L + SLACK_MS);
    }

    @Test
    @DisplayName("2 a checked exception from main comes out of run wrapped in TaskFailedException, the cause kept")
    void checkedMainFailureIsWrapped() {
        IOException io = new IOException("disk gone");

        Throwable thrown = catchThrowable(() -> Spindle.run(() -> {
            throw io;
        }));

        assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    // ---------------------------------------------------------------- 3

    @Test
    @DisplayName("3 run inside a run throws IllegalStateException and never calls the inner main")
    void runInsideRunIsRejected() {
        AtomicBoolean innerCalled = new AtomicBoolean();
        Callable<Integer> inner = () -> {
            innerCalled.set(true);
            return 1;
        };

        List<Throwable> thrown = Spindle.run(() -> {
            List<Throwable> all = new ArrayList<>();
            all.add(catchThrowable(() -> Spindle.run(inner)));
            all.add(catchThrowable(() -> Spindle.run(() -> innerCalled.set(true))));
            all.add(catchThrowable(() -> Runner.create().run(inner)));
            all.add(Spindle.createTask(() -> catchThrowable(() -> Spindle.run(inner))).join());
            return all;
        });

        assertThat(thrown).hasSize(4).allSatisfy(t -> assertThat(t)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from inside a run"));
        assertThat(innerCalled).isFalse();
    }

    // ---------------------------------------------------------------- 4

    @Test
    @DisplayName("4 run of something that is not a body (null, the only run-time case in Java) throws NullPointerException naming main")
    void runOfNullIsRejected() {
        assertThatThrownBy(() -> Spindle.run((Callable<Object>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("main");
        assertThatThrownBy(() -> Spindle.run((ThrowingRunnable) null))
                .isInstanceOf(NullPointerException.class).hasMessage("main");
        assertThatThrownBy(() -> Runner.create().run((Callable<Object>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("main");
    }

    // ---------------------------------------------------------------- 5

    @Test
    @DisplayName("5 [D] a leftover task is cancelled when main returns (its catch and finally run) and run returns at ~100 ms, not 10 s; Spindle keeps asyncio's choice (DESIGN 1) instead of forbidding leftovers")
    void leftoverIsCancelledWhenMainReturns() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<Object>> task = new AtomicReference<>();
        long t0 = System.nanoTime();

        String result = Spindle.run(() -> {
            task.set(leftover("fire-and-forget", started, () -> {
                try {
                    Spindle.sleep(LONG);
                    events.add("slept 10 s");
                } catch (CancellationException e) {
                    events.add("except");
                    throw e;
                } finally {
                    events.add("finally");
                }
                return null;
            }));
            started.await();
            Spindle.sleep(100);
            return "main result";
        });
        long ms = msSince(t0);

        assertThat(result).isEqualTo("main result");
        assertThat(events).containsExactly("except", "finally");
        assertThat(ms).isBetween(99L, 100L + SLACK_MS);
        assertThat(task.get().isCancelled()).isTrue();
        assertThat(task.get().endReason()).containsInstanceOf(EndReason.RunShutdown.class);
    }

    @Test
    @DisplayName("5 a shutdown grace too long for a long of nanoseconds means no limit, not an overflow: the leftover finishes and run returns")
    void aShutdownGraceTooLongToRepresentWaitsForTheLeftover() {
        AtomicBoolean leftoverFinished = new AtomicBoolean();
        String result = Runner.create().withShutdownGrace(Duration.ofSeconds(Long.MAX_VALUE)).run(() -> {
            Spindle.createTask(() -> {
                Spindle.sleep(50);
                leftoverFinished.set(true);
                return null;
            });
            return "main";
        });
        assertThat(result).isEqualTo("main");
        assertThat(leftoverFinished).isTrue();
    }

    @Test
    @DisplayName("5 [D] with Runner.withShutdownGrace a leftover that ends within the grace is not cancelled; one that does not is cancelled when the grace is over")
    void shutdownGraceLetsLeftoversFinish() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(2);
        List<Task<Object>> tasks = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();

        String result = Runner.create().withShutdownGrace(Duration.ofMillis(300)).run(() -> {
            tasks.add(leftover("quick", started, () -> {
                Spindle.sleep(100);
                events.add("quick finished");
                return "quick";
            }));
            tasks.add(leftover("slow", started, () -> {
                try {
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    events.add("slow cancelled");
                    throw e;
                }
                return "slow";
            }));
            started.await();
            return "main result";
        });
        long ms = msSince(t0);

        assertThat(result).isEqualTo("main result");
        assertThat(events).containsExactly("quick finished", "slow cancelled");
        assertThat(tasks.get(0).resultNow()).isEqualTo("quick");
        assertThat(tasks.get(1).isCancelled()).isTrue();
        assertThat(ms).isBetween(299L, 300L + SLACK_MS);
    }

    // ---------------------------------------------------------------- 6

    @Test
    @DisplayName("6 a leftover whose cancellation cleanup sleeps 100 ms delays run's return until the cleanup is done (~150 ms)")
    void runWaitsForLeftoverCleanup() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        long t0 = System.nanoTime();

        String result = Spindle.run(() -> {
            leftover("cleaner", started, () -> {
                try {
                    Spindle.sleep(LONG);
                } finally {
                    events.add("cleanup starts");
                    Spindle.sleep(100); // the cancellation was delivered once; this sleep is not cut short
                    events.add("cleanup done");
                }
                return null;
            });
            started.await();
            Spindle.sleep(50);
            return "main result";
        });
        events.add("run returned");
        long ms = msSince(t0);

        assertThat(result).isEqualTo("main result");
        assertThat(events).containsExactly("cleanup starts", "cleanup done", "run returned");
        assertThat(ms).isBetween(149L, 150L + SLACK_MS);
    }

    // ---------------------------------------------------------------- 7

    @Test
    @DisplayName("7 a leftover that swallows the shutdown cancel and works 100 ms more is waited for, not cancelled again, and run returns main's result")
    void runWaitsForLeftoverThatSwallowsCancel() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<Object>> task = new AtomicReference<>();
        AtomicLong cancelSeenAt = new AtomicLong();

        String result = Spindle.run(() -> {
            task.set(leftover("stubborn", started, () -> {
                try {
                    Spindle.sleep(LONG);
                } catch (CancellationException swallowed) {
                    cancelSeenAt.set(System.nanoTime());
                    events.add("swallowed");
                }
                Spindle.sleep(100);
                Spindle.sleep(Duration.ZERO); // a second cancel would surface here
                events.add("worked 100 ms more");
                return "stubborn result";
            }));
            started.await();
            Spindle.sleep(50);
            return "main result";
        });
        long ms = msSince(cancelSeenAt.get());

        assertThat(result).isEqualTo("main result");
        assertThat(events).containsExactly("swallowed", "worked 100 ms more");
        assertThat(ms).isGreaterThanOrEqualTo(99L);
        assertThat(task.get().state()).isEqualTo(Task.State.SUCCESS);
        assertThat(task.get().resultNow()).isEqualTo("stubborn result");
    }

    // ---------------------------------------------------------------- 8

    @Test
    @DisplayName("8 a leftover that fails while handling the shutdown cancel is logged (with its name and stack) and reported to observers when the run ends; run still returns main's result")
    void leftoverFailingDuringShutdownIsLoggedAndRunStillReturns() {
        RuntimeException cleanupFailed = new IllegalArgumentException("cleanup failed");
        CountDownLatch started = new CountDownLatch(1);
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void failureUnretrieved(Task<?> task, Throwable failure) {
                reported.add(failure);
            }
        };

        String result;
        List<LogRecord> errors;
        try (JulCapture log = JulCapture.start()) {
            result = Runner.create().withName("scenario-8").withObserver(observer).run(() -> {
                leftover("bad-cleanup", started, () -> {
                    try {
                        Spindle.sleep(LONG);
                    } catch (CancellationException e) {
                        throw cleanupFailed;
                    }
                    return null;
                });
                started.await();
                return "main result";
            });
            errors = log.at(Level.SEVERE);
        }

        assertThat(result).isEqualTo("main result");
        assertThat(errors).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).contains("never retrieved", "'bad-cleanup'", "'scenario-8'");
            assertThat(r.getThrown()).isSameAs(cleanupFailed);
        });
        assertThat(reported).containsExactly(cleanupFailed);
    }

    // ---------------------------------------------------------------- 9

    @Test
    @DisplayName("9 [D] a toThread worker still busy when main returns holds run up until it finishes (here ~300 ms after the shutdown); Spindle interrupts it first, and this worker ignores the interrupt")
    void runWaitsForToThreadWorkerThatIgnoresInterrupt() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong interruptedAt = new AtomicLong();

        String result = Spindle.run(() -> {
            Spindle.createTask("caller", () -> Spindle.toThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(LONG);
                    events.add("worker slept 10 s");
                } catch (InterruptedException e) {
                    interruptedAt.set(System.nanoTime());
                    events.add("worker interrupted");
                }
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                for (long left; (left = end - System.nanoTime()) > 0; ) {
                    try {
                        Thread.sleep(Duration.ofNanos(left)); // busy for 300 ms more, deaf to interrupts
                    } catch (InterruptedException e) {
                        events.add("worker interrupted again");
                    }
                }
                events.add("worker finished");
                return null;
            }));
            started.await();
            return "main result";
        });
        events.add("run returned");

        assertThat(result).isEqualTo("main result");
        assertThat(events).containsExactly("worker interrupted", "worker finished", "run returned");
        assertThat(msSince(interruptedAt.get())).isGreaterThanOrEqualTo(299L);
    }

    @Test
    @DisplayName("9 [D] a toThread worker blocked in an interruptible call is interrupted at shutdown, so run returns at once instead of after 10 s")
    void shutdownInterruptsToThreadWorker() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<Object>> caller = new AtomicReference<>();
        long t0 = System.nanoTime();

        Spindle.run(() -> {
            caller.set(Spindle.createTask("caller", () -> Spindle.toThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(LONG);
                } catch (InterruptedException e) {
                    events.add("worker interrupted");
                    throw e;
                }
                return null;
            })));
            started.await();
            return null;
        });

        assertThat(events).containsExactly("worker interrupted");
        assertThat(msSince(t0)).isLessThan(LONG.toMillis() / 2);
        assertThat(caller.get().isCancelled()).isTrue();
    }

    // ---------------------------------------------------------------- 10

    @Test
    @DisplayName("10 another task cancelling the main task makes run throw CancellationException with the reason")
    void cancellingMainMakesRunThrowCancellation() {
        long t0 = System.nanoTime();

        Throwable thrown = catchThrowable(() -> Spindle.run(() -> {
            Task<?> main = Spindle.currentTask();
            Spindle.createTask(() -> {
                Spindle.sleep(50);
                return main.cancel("stop main");
            });
            Spindle.sleep(LONG);
            return "never";
        }));

        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessageContaining("stop main");
        assertThat(msSince(t0)).isBetween(49L, 50L + SLACK_MS);
    }

    // ---------------------------------------------------------------- 11

    @Test
    @DisplayName("11 a Runner runs twice with the same configuration, but each run is its own scope: a task left by the first is cancelled at its end and unseen by the second (asyncio.Runner shares one loop; DESIGN 1: nothing outlives run)")
    void runnerIsReusableAndEachRunIsItsOwnScope() {
        List<String> created = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void taskCreated(Task<?> task) {
                created.add(task.name());
            }
        };
        Runner runner = Runner.create().withName("reused").withObserver(observer);
        AtomicReference<Task<Object>> left = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);

        String first = runner.run(() -> {
            left.set(leftover("left-by-first", started, () -> {
                Spindle.sleep(LONG);
                return null;
            }));
            started.await();
            return "first";
        });
        assertThat(left.get().isCancelled()).isTrue();

        List<String> secondSees = runner.run(() -> {
            Spindle.createTask("in-second", () -> null).join();
            return Spindle.allTasks().stream().map(Task::name).toList();
        });

        assertThat(first).isEqualTo("first");
        assertThat(secondSees).hasSize(1).doesNotContain("left-by-first");
        assertThat(created).contains("left-by-first", "in-second").hasSize(4);
    }
}
