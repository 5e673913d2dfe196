package dev.spindle;

import static dev.spindle.RunScenariosTest.SLACK_MS;
import static dev.spindle.RunScenariosTest.msSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Section C of {@code reference/asyncio-semantics.md} §2, scenarios 33–44: {@code asyncio.gather}, as
 * {@link Spindle#gather} (structured, DESIGN 3) and {@link Spindle#gatherSettled}
 * ({@code return_exceptions=True}). Each test's display name starts with the scenario number; {@code [D]}
 * marks a documented, deliberate difference from asyncio, and "(differs: ...)" one that follows from
 * Java's types.
 *
 * <p>Parts of scenarios that cannot apply to Java, or that Spindle does not offer:
 * <ul>
 *   <li>37, 42, 43, {@code g.cancel()} on the gather itself: a Spindle gather is a blocking call, not a
 *       future, so there is no {@code g} to cancel; the analogue tested is cancelling the task that runs
 *       the gather. asyncio's quirks of the gather future ({@code cancelled()} False, {@code exception()}
 *       returning a CancelledError) have no counterpart: that task simply ends cancelled.</li>
 *   <li>40, a {@code CancelledError('')} instance in the result list: {@link Spindle#gatherSettled} returns
 *       the finished tasks, so the cancelled child's place holds a task whose {@code isCancelled()} is true.</li>
 *   <li>41, the same coroutine object passed twice is wrapped once: a {@code Callable} is not single-use,
 *       so the same one passed twice runs twice (tested). Mixing a Future, a coroutine and a Task, and
 *       {@code gather(1)}'s {@code TypeError}: the overloads take either bodies or tasks, and the compiler
 *       rejects anything else; the run-time analogue, {@code null}, is tested.</li>
 *   <li>44, {@code SystemExit}: Java has no such exception; an {@link Error}, which Spindle never wraps,
 *       is its analogue (tested). Unlike {@code SystemExit} under {@code return_exceptions=True}, an
 *       {@code Error} in {@link Spindle#gatherSettled} is held in its task, as a {@code Future} holds any
 *       {@code Throwable} (tested).</li>
 * </ul>
 */
class GatherScenariosTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    /** A body that sleeps {@code ms}, logs "{@code name} done" and returns {@code name}. */
    private static Callable<String> after(int ms, String name, List<String> events) {
        return () -> {
            Spindle.sleep(ms);
            events.add(name + " done");
            return name;
        };
    }

    /** A body that logs "{@code name} cancelled" when cancelled during its 10 s sleep. */
    private static Callable<String> longRunning(String name, List<String> events, AtomicReference<Task<?>> self) {
        return () -> {
            if (self != null) {
                self.set(Spindle.currentTask());
            }
            try {
                Spindle.sleep(LONG);
            } catch (CancellationException e) {
                events.add(name + " cancelled");
                throw e;
            }
            events.add(name + " done");
            return name;
        };
    }

    // ---------------------------------------------------------------- 33

    @Test
    @DisplayName("33 gather returns [slow, fast, mid] in argument order at ~250 ms while they finish fast (~50), mid (~150), slow (~250); tasks are created in argument order")
    void resultsComeInArgumentOrder() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Long> ids = new CopyOnWriteArrayList<>(Arrays.asList(0L, 0L, 0L));
        long t0 = System.nanoTime();

        List<String> result = Spindle.run(() -> Spindle.gather(
                () -> {
                    ids.set(0, Spindle.currentTask().id());
                    return after(250, "slow", events).call();
                },
                () -> {
                    ids.set(1, Spindle.currentTask().id());
                    return after(50, "fast", events).call();
                },
                () -> {
                    ids.set(2, Spindle.currentTask().id());
                    return after(150, "mid", events).call();
                }));
        long ms = msSince(t0);

        assertThat(result).containsExactly("slow", "fast", "mid");
        assertThat(events).containsExactly("fast done", "mid done", "slow done");
        assertThat(ms).isBetween(249L, 250L + SLACK_MS);
        assertThat(ids.get(0)).isLessThan(ids.get(1));
        assertThat(ids.get(1)).isLessThan(ids.get(2));
    }

    @Test
    @DisplayName("33 gather with nothing to gather returns an empty list at once (bodies or tasks), as does gatherSettled")
    void emptyGatherReturnsEmptyList() {
        List<List<?>> seen = Spindle.run(() -> List.<List<?>>of(
                Spindle.gather(),
                Spindle.gather(List.<Task<String>>of()),
                Spindle.gatherSettled(),
                Spindle.gatherSettled(List.<Task<String>>of())));

        assertThat(seen).hasSize(4).allSatisfy(r -> assertThat(r).isEmpty());
    }

    @Test
    @DisplayName("33 null results keep their places in the list, for bodies and for tasks")
    void nullResultsKeepTheirPlaces() {
        List<List<String>> seen = Spindle.run(() -> {
            Task<String> none = Spindle.createTask(() -> null);
            Task<String> x = Spindle.createTask(() -> "x");
            return List.of(Spindle.gather(() -> null, () -> "x"), Spindle.gather(List.of(none, x)));
        });

        assertThat(seen.get(0)).containsExactly(null, "x");
        assertThat(seen.get(1)).containsExactly(null, "x");
    }

    // ---------------------------------------------------------------- 34, 35

    @Test
    @DisplayName("34 [D] gather is structured: B failing at ~50 ms cancels the running sibling A, and gather throws B's failure, the same object, once A has ended (asyncio leaves A running)")
    void failureCancelsTheRunningSibling() {
        List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException boom = new IllegalArgumentException("boom");
        AtomicReference<Task<?>> a = new AtomicReference<>();
        AtomicReference<Task<?>> b = new AtomicReference<>();
        long t0 = System.nanoTime();

        Throwable thrown = Spindle.run(() -> {
            Throwable t = catchThrowable(() -> Spindle.gather(
                    longRunning("A", events, a),
                    () -> {
                        b.set(Spindle.currentTask());
                        Spindle.sleep(50);
                        throw boom;
                    }));
            events.add("gather raised");
            return t;
        });
        long ms = msSince(t0);

        assertThat(thrown).isSameAs(boom);
        assertThat(events).containsExactly("A cancelled", "gather raised");
        assertThat(ms).isBetween(49L, 50L + SLACK_MS);
        assertThat(a.get().isCancelled()).isTrue();
        assertThat(a.get().endReason()).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo(new EndReason.SiblingFailed(b.get())));
    }

    @Test
    @DisplayName("34 [D] gather over running tasks is structured too: one failing cancels the others before gather throws")
    void gatherOverTasksCancelsTheOthersOnFailure() {
        List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException boom = new IllegalArgumentException("boom");

        List<Object> seen = Spindle.run(() -> {
            Task<String> a = Spindle.createTask("A", longRunning("A", events, null));
            Task<String> b = Spindle.createTask("B", () -> {
                Spindle.sleep(50);
                throw boom;
            });
            Throwable t = catchThrowable(() -> Spindle.gather(List.of(a, b)));
            events.add("gather raised");
            return List.of(t, a.isCancelled());
        });

        assertThat(seen.get(0)).isSameAs(boom);
        assertThat(seen.get(1)).isEqualTo(true);
        assertThat(events).containsExactly("A cancelled", "gather raised");
    }

    @Test
    @DisplayName("35 [D] a later failure is not dropped silently: a sibling failing while it is cancelled is attached to the first failure as suppressed, and nothing is logged as unretrieved")
    void laterFailureIsSuppressedNotDropped() {
        List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException first = new IllegalArgumentException("A failed");
        RuntimeException later = new NoSuchElementException("B failed while cancelled");
        List<Throwable> unretrieved = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public void failureUnretrieved(Task<?> task, Throwable failure) {
                unretrieved.add(failure);
            }
        };

        Throwable thrown;
        List<LogRecord> logged;
        try (JulCapture log = JulCapture.start()) {
            thrown = Runner.create().withObserver(observer).run(() -> catchThrowable(() -> Spindle.gather(
                    () -> {
                        Spindle.sleep(50);
                        throw first;
                    },
                    () -> {
                        try {
                            Spindle.sleep(400);
                        } catch (CancellationException e) {
                            throw later;
                        }
                        events.add("B failed on its own at 400 ms");
                        throw new IllegalStateException("B's own failure");
                    })));
            logged = log.atLeast(Level.WARNING);
        }

        assertThat(thrown).isSameAs(first);
        assertThat(thrown.getSuppressed()).containsExactly(later);
        assertThat(events).isEmpty();
        assertThat(logged).isEmpty();
        assertThat(unretrieved).isEmpty();
    }

    @Test
    @DisplayName("35 [D] several later failures are suppressed in the order they happened, for gather of bodies and of tasks alike")
    void laterFailuresAreSuppressedInTheOrderTheyHappened() {
        List<RuntimeException> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            later.add(new IllegalStateException("later " + i));
        }
        List<Callable<String>> cleanupsThatFail = new ArrayList<>();
        for (int i = 0; i < later.size(); i++) {
            int n = i;
            cleanupsThatFail.add(() -> {
                try {
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    Spindle.sleep(100L * (n + 1)); // the cancellation was delivered; this cleanup runs to its end
                    throw later.get(n);
                }
                return "never";
            });
        }
        RuntimeException firstOfBodies = new IllegalArgumentException("first, bodies");
        RuntimeException firstOfTasks = new IllegalArgumentException("first, tasks");

        List<Throwable> thrown = Spindle.run(() -> {
            Throwable ofBodies = catchThrowable(() -> Spindle.gather(failsAfter50(firstOfBodies),
                    cleanupsThatFail.get(3), cleanupsThatFail.get(1), cleanupsThatFail.get(0), cleanupsThatFail.get(2)));
            List<Task<String>> tasks = new ArrayList<>();
            tasks.add(Spindle.createTask(failsAfter50(firstOfTasks)));
            for (int i : new int[] {3, 1, 0, 2}) {
                tasks.add(Spindle.createTask(cleanupsThatFail.get(i)));
            }
            Throwable ofTasks = catchThrowable(() -> Spindle.gather(tasks));
            return List.of(ofBodies, ofTasks);
        });

        assertThat(thrown).containsExactly(firstOfBodies, firstOfTasks);
        assertThat(thrown).allSatisfy(t -> assertThat(t.getSuppressed()).containsExactlyElementsOf(later));
    }

    private static Callable<String> failsAfter50(RuntimeException failure) {
        return () -> {
            Spindle.sleep(50);
            throw failure;
        };
    }

    // ---------------------------------------------------------------- 36

    @Test
    @DisplayName("36 gatherSettled (return_exceptions=True) returns at ~100 ms the finished tasks in argument order: [ok, failed with the same object]; nothing is logged as unretrieved")
    void gatherSettledReturnsEveryOutcome() {
        RuntimeException boom = new IllegalArgumentException("boom");
        long t0 = System.nanoTime();

        List<Task<String>> tasks;
        List<LogRecord> logged;
        try (JulCapture log = JulCapture.start()) {
            tasks = Spindle.run(() -> Spindle.gatherSettled(
                    () -> {
                        Spindle.sleep(100);
                        return "ok";
                    },
                    () -> {
                        Spindle.sleep(50);
                        throw boom;
                    }));
            logged = log.atLeast(Level.WARNING);
        }
        long ms = msSince(t0);

        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).resultNow()).isEqualTo("ok");
        assertThat(tasks.get(1).state()).isEqualTo(Task.State.FAILED);
        assertThat(tasks.get(1).exceptionNow()).isSameAs(boom);
        assertThat(ms).isBetween(99L, 100L + SLACK_MS);
        assertThat(logged).isEmpty();
    }

    @Test
    @DisplayName("36 gatherSettled over running tasks waits for all of them, never throws their failures, and counts them as retrieved")
    void gatherSettledOverTasks() {
        RuntimeException boom = new IllegalArgumentException("boom");

        List<LogRecord> logged;
        List<Task<String>> tasks;
        try (JulCapture log = JulCapture.start()) {
            tasks = Spindle.run(() -> {
                Task<String> ok = Spindle.createTask(() -> {
                    Spindle.sleep(100);
                    return "ok";
                });
                Task<String> bad = Spindle.createTask(() -> {
                    Spindle.sleep(50);
                    throw boom;
                });
                return Spindle.gatherSettled(List.of(ok, bad));
            });
            logged = log.atLeast(Level.WARNING);
        }

        assertThat(tasks.get(0).resultNow()).isEqualTo("ok");
        assertThat(tasks.get(1).exceptionNow()).isSameAs(boom);
        assertThat(logged).isEmpty();
    }

    // ---------------------------------------------------------------- 37, 38

    @Test
    @DisplayName("37 cancelling the task that runs a gather (there is no gather future to cancel) returns true and cancels both children; the task ends cancelled (differs: asyncio's gather future reports cancelled() False)")
    void cancellingTheGatheringTaskCancelsTheChildren() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> c0 = new AtomicReference<>();
        AtomicReference<Task<?>> c1 = new AtomicReference<>();
        AtomicReference<Task<List<String>>> g = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            g.set(Spindle.createTask("g", () -> Spindle.gather(
                    longRunning("child0", events, c0), longRunning("child1", events, c1))));
            while (c0.get() == null || c1.get() == null) {
                Spindle.sleep(Duration.ZERO);
            }
            Spindle.sleep(50);
            boolean cancelled = g.get().cancel();
            return List.of(cancelled, catchThrowable(g.get()::join));
        });

        assertThat(seen.get(0)).isEqualTo(true);
        assertThat((Throwable) seen.get(1)).isInstanceOf(CancellationException.class);
        assertThat(events).containsExactlyInAnyOrder("child0 cancelled", "child1 cancelled");
        assertThat(c0.get().isCancelled()).isTrue();
        assertThat(c1.get().isCancelled()).isTrue();
        assertThat(g.get().isCancelled()).isTrue();
        assertThatThrownBy(g.get()::exceptionNow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("38 a task P gathering two running tasks is cancelled at ~50 ms: both tasks are cancelled and awaited, and P ends cancelled")
    void cancellingTheCallerOfAGatherOverTasksCancelsThem() {
        List<String> events = new CopyOnWriteArrayList<>();

        List<Object> seen = Spindle.run(() -> {
            Task<String> a = Spindle.createTask("a", longRunning("a", events, null));
            Task<String> b = Spindle.createTask("b", longRunning("b", events, null));
            CountDownLatch gathering = new CountDownLatch(1);
            Task<List<String>> p = Spindle.createTask("P", () -> {
                gathering.countDown();
                try {
                    return Spindle.gather(List.of(a, b));
                } finally {
                    events.add("P's gather returned after " + (a.isDone() && b.isDone() ? "both ended" : "a task still ran"));
                }
            });
            gathering.await();
            Spindle.sleep(50);
            p.cancel();
            Throwable thrown = catchThrowable(p::join);
            return List.of(thrown, p.isCancelled(), a.isCancelled(), b.isCancelled());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class);
        assertThat(seen.subList(1, 4)).containsExactly(true, true, true);
        assertThat(events).containsExactlyInAnyOrder("a cancelled", "b cancelled", "P's gather returned after both ended");
        assertThat(events.get(2)).isEqualTo("P's gather returned after both ended");
    }

    @Test
    @DisplayName("38 a gathering task cancelled while a gathered task fails in its cleanup gets that failure, and the cancellation stays pending: its next blocking call throws CancellationException (gather of bodies and of tasks alike)")
    void cancellationOfTheGathererSurvivesAFailureDuringCleanup() {
        RuntimeException cleanupFailed = new IllegalStateException("cleanup failed");
        Callable<String> failsWhenCancelled = () -> {
            try {
                Spindle.sleep(LONG);
            } catch (CancellationException e) {
                throw cleanupFailed;
            }
            return "never";
        };

        List<List<String>> seen = Spindle.run(() -> {
            List<List<String>> out = new ArrayList<>();
            for (boolean overTasks : new boolean[] {false, true}) {
                List<String> events = new CopyOnWriteArrayList<>();
                CountDownLatch gathering = new CountDownLatch(1);
                Task<Object> p = Spindle.createTask("P", () -> {
                    gathering.countDown();
                    try {
                        if (overTasks) {
                            Spindle.gather(List.of(Spindle.createTask(failsWhenCancelled)));
                        } else {
                            Spindle.gather(failsWhenCancelled);
                        }
                    } catch (IllegalStateException e) {
                        events.add("gather threw " + e.getMessage());
                    }
                    try {
                        Spindle.sleep(LONG);
                        events.add("slept 10 s: the cancellation was lost");
                    } catch (CancellationException e) {
                        events.add("next blocking call cancelled");
                        throw e;
                    }
                    return null;
                });
                gathering.await();
                Spindle.sleep(50);
                p.cancel();
                catchThrowable(p::join);
                events.add("P cancelled: " + p.isCancelled());
                out.add(events);
            }
            return out;
        });

        assertThat(seen).hasSize(2).allSatisfy(events -> assertThat(events).containsExactly(
                "gather threw cleanup failed", "next blocking call cancelled", "P cancelled: true"));
    }

    // ---------------------------------------------------------------- 39, 40

    @Test
    @DisplayName("39 [D] one gathered child cancelled from outside at ~50 ms cancels the other (due at ~500 ms) too, and gather throws CancellationException naming it (asyncio lets the other finish)")
    void childCancelledFromOutsideCancelsTheOthers() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> a = new AtomicReference<>();
        AtomicReference<Task<?>> b = new AtomicReference<>();
        long t0 = System.nanoTime();

        Throwable thrown = Spindle.run(() -> {
            Spindle.createTask("canceller", () -> {
                while (a.get() == null) {
                    Spindle.sleep(Duration.ZERO);
                }
                Spindle.sleep(50);
                return a.get().cancel();
            });
            Throwable t = catchThrowable(() -> Spindle.gather(
                    () -> {
                        Task<?> me = Spindle.currentTask();
                        a.set(me);
                        return longRunning("A", events, null).call();
                    },
                    () -> {
                        b.set(Spindle.currentTask());
                        try {
                            return after(500, "B", events).call();
                        } catch (CancellationException e) {
                            events.add("B cancelled");
                            throw e;
                        }
                    }));
            events.add("gather raised");
            return t;
        });
        long ms = msSince(t0);

        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessageContaining(a.get().name());
        assertThat(events).containsExactlyInAnyOrder("A cancelled", "B cancelled", "gather raised");
        assertThat(events.get(2)).isEqualTo("gather raised");
        assertThat(b.get().isCancelled()).isTrue();
        assertThat(ms).isBetween(49L, 50L + SLACK_MS);
    }

    @Test
    @DisplayName("39 [D] gather over running tasks: one cancelled from outside cancels the others, and gather throws CancellationException naming it")
    void taskCancelledFromOutsideCancelsTheOtherGatheredTasks() {
        List<String> events = new CopyOnWriteArrayList<>();

        List<Object> seen = Spindle.run(() -> {
            AtomicReference<Task<?>> aSelf = new AtomicReference<>();
            Task<String> a = Spindle.createTask("A", longRunning("A", events, aSelf));
            Task<String> b = Spindle.createTask("B", longRunning("B", events, null));
            Spindle.createTask("canceller", () -> {
                while (aSelf.get() == null) {
                    Spindle.sleep(Duration.ZERO);
                }
                Spindle.sleep(50);
                return a.cancel();
            });
            Throwable thrown = catchThrowable(() -> Spindle.gather(List.of(a, b)));
            events.add("gather raised");
            return List.of(thrown, b.isCancelled());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class).hasMessageContaining("'A'");
        assertThat(seen.get(1)).isEqualTo(true);
        assertThat(events).containsExactlyInAnyOrder("A cancelled", "B cancelled", "gather raised");
        assertThat(events.get(2)).isEqualTo("gather raised");
    }

    @Test
    @DisplayName("40 with gatherSettled, a child cancelled from outside at ~50 ms leaves the other running; at ~300 ms the result is [the cancelled task, \"b\"]")
    void gatherSettledKeepsOthersRunningWhenOneIsCancelled() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> a = new AtomicReference<>();
        long t0 = System.nanoTime();

        List<Task<String>> tasks = Spindle.run(() -> {
            Spindle.createTask("canceller", () -> {
                while (a.get() == null) {
                    Spindle.sleep(Duration.ZERO);
                }
                Spindle.sleep(50);
                return a.get().cancel();
            });
            return Spindle.gatherSettled(longRunning("A", events, a), after(300, "b", events));
        });
        long ms = msSince(t0);

        assertThat(tasks.get(0).isCancelled()).isTrue();
        assertThat(tasks.get(1).resultNow()).isEqualTo("b");
        assertThat(events).containsExactly("A cancelled", "b done");
        assertThat(ms).isBetween(299L, 300L + SLACK_MS);
    }

    // ---------------------------------------------------------------- 41

    @Test
    @DisplayName("41 the same task gathered three times gives [x, x, x]; the same Callable passed twice runs twice (differs: a Callable is not a single-use coroutine)")
    void sameTaskOrBodyGatheredSeveralTimes() {
        AtomicInteger runs = new AtomicInteger();
        Callable<String> body = () -> {
            runs.incrementAndGet();
            return "x";
        };

        List<List<String>> seen = Spindle.run(() -> {
            Task<String> t = Spindle.createTask(body);
            return List.of(Spindle.gather(List.of(t, t, t)), Spindle.gather(body, body));
        });

        assertThat(seen.get(0)).containsExactly("x", "x", "x");
        assertThat(seen.get(1)).containsExactly("x", "x");
        assertThat(runs).hasValue(3);
    }

    @Test
    @DisplayName("41 the same failing task gathered three times throws its failure once, with nothing suppressed")
    void sameFailingTaskGatheredSeveralTimes() {
        RuntimeException boom = new IllegalArgumentException("boom");

        Throwable thrown = Spindle.run(() -> {
            Task<String> t = Spindle.createTask(() -> {
                Spindle.sleep(50);
                throw boom;
            });
            return catchThrowable(() -> Spindle.gather(List.of(t, t, t)));
        });

        assertThat(thrown).isSameAs(boom);
        assertThat(thrown.getSuppressed()).isEmpty();
    }

    @Test
    @DisplayName("41 gather of something that is not a body or a task (null, the only run-time case in Java) throws NullPointerException naming the argument, before starting anything")
    void gatherOfNullIsRejected() {
        AtomicInteger started = new AtomicInteger();
        Callable<String> body = () -> {
            started.incrementAndGet();
            return "x";
        };

        List<Throwable> thrown = Spindle.run(() -> {
            Task<String> t = Spindle.createTask(() -> "t");
            List<Task<String>> withNull = Arrays.asList(t, null);
            return List.of(
                    catchThrowable(() -> Spindle.gather(body, null)),
                    catchThrowable(() -> Spindle.gather((Callable<String>[]) null)),
                    catchThrowable(() -> Spindle.gather(withNull)),
                    catchThrowable(() -> Spindle.gather((List<Task<String>>) null)),
                    catchThrowable(() -> Spindle.gatherSettled(body, null)),
                    catchThrowable(() -> Spindle.gatherSettled(withNull)));
        });

        assertThat(thrown.get(0)).isInstanceOf(NullPointerException.class).hasMessage("bodies[1]");
        assertThat(thrown.get(1)).isInstanceOf(NullPointerException.class).hasMessage("bodies");
        assertThat(thrown.get(2)).isInstanceOf(NullPointerException.class).hasMessage("tasks[1]");
        assertThat(thrown.get(3)).isInstanceOf(NullPointerException.class).hasMessage("tasks");
        assertThat(thrown.get(4)).isInstanceOf(NullPointerException.class).hasMessage("bodies[1]");
        assertThat(thrown.get(5)).isInstanceOf(NullPointerException.class).hasMessage("tasks[1]");
        assertThat(started).hasValue(0);
    }

    @Test
    @DisplayName("41 gather outside a run throws IllegalStateException naming the method")
    void gatherOutsideARunIsRejected() {
        assertThatThrownBy(() -> Spindle.gather(() -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.gather");
        assertThatThrownBy(() -> Spindle.gatherSettled(() -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.gatherSettled");
    }

    // ---------------------------------------------------------------- 42, 43

    @Test
    @DisplayName("42 the task running a gather, cancelled with \"stop!\": the gather inside and the task's joiner both see \"stop!\"")
    void cancelReasonReachesTheGatherAndTheJoiner() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> child = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            AtomicReference<Throwable> insideSaw = new AtomicReference<>();
            Task<List<String>> g = Spindle.createTask("g", () -> {
                try {
                    return Spindle.gather(longRunning("child", events, child), after(5_000, "other", events));
                } catch (CancellationException e) {
                    insideSaw.set(e);
                    throw e;
                }
            });
            while (child.get() == null) {
                Spindle.sleep(Duration.ZERO);
            }
            g.cancel("stop!");
            return List.of(catchThrowable(g::join), insideSaw.get());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class).hasMessageContaining("stop!");
        assertThat((Throwable) seen.get(1)).isInstanceOf(CancellationException.class).hasMessageContaining("stop!");
        assertThat(events).containsExactly("child cancelled");
    }

    @Test
    @DisplayName("42 gatherSettled cancelled from outside throws CancellationException instead of returning, after cancelling and awaiting its children")
    void gatherSettledCancelledFromOutsideThrows() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Task<?>> child = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            Task<String> g = Spindle.createTask("g", () -> {
                List<Task<String>> settled = Spindle.gatherSettled(longRunning("child", events, child));
                events.add("gatherSettled returned " + settled);
                return "returned";
            });
            while (child.get() == null) {
                Spindle.sleep(Duration.ZERO);
            }
            g.cancel("stop!");
            return List.of(catchThrowable(g::join), child.get().isCancelled());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class).hasMessageContaining("stop!");
        assertThat(seen.get(1)).isEqualTo(true);
        assertThat(events).containsExactly("child cancelled");
    }

    @Test
    @DisplayName("43 [D] a gather that failed at ~50 ms leaves no sibling running (it was cancelled and awaited, not left to finish at ~250 ms), so cancel() on the finished task returns false")
    void failedGatherLeavesNothingToCancel() {
        List<String> events = new CopyOnWriteArrayList<>();
        RuntimeException boom = new IllegalArgumentException("boom");
        AtomicReference<Task<?>> sibling = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            Task<List<String>> g = Spindle.createTask("g", () -> Spindle.gather(
                    () -> {
                        Spindle.sleep(50);
                        throw boom;
                    },
                    () -> {
                        sibling.set(Spindle.currentTask());
                        try {
                            return after(250, "sibling", events).call();
                        } catch (CancellationException e) {
                            events.add("sibling cancelled");
                            throw e;
                        }
                    }));
            Throwable thrown = catchThrowable(g::join);
            boolean siblingDoneWhenGatherFailed = sibling.get().isDone();
            return List.of(thrown, siblingDoneWhenGatherFailed, g.cancel());
        });

        assertThat(seen.get(0)).isSameAs(boom);
        assertThat(seen.subList(1, 3)).containsExactly(true, false);
        assertThat(sibling.get().isCancelled()).isTrue();
        assertThat(events).containsExactly("sibling cancelled");
    }

    // ---------------------------------------------------------------- 44

    /** Java's analogue of SystemExit here: an {@link Error}, which nobody should catch and Spindle never wraps. */
    static final class FatalError extends Error {
        private static final long serialVersionUID = 1L;

        FatalError(String message) {
            super(message);
        }
    }

    @Test
    @DisplayName("44 an Error thrown by a gathered child at ~50 ms (the analogue of SystemExit) cancels the other children and escapes run, the same object, after main's finally")
    void errorInAChildEscapesRun() {
        List<String> events = new CopyOnWriteArrayList<>();
        FatalError exit = new FatalError("exit 3");
        long t0 = System.nanoTime();

        Throwable thrown = catchThrowable(() -> Spindle.run(() -> {
            try {
                return Spindle.gather(
                        longRunning("other", events, null),
                        () -> {
                            Spindle.sleep(50);
                            throw exit;
                        });
            } finally {
                events.add("main finally");
            }
        }));
        long ms = msSince(t0);

        assertThat(thrown).isSameAs(exit);
        assertThat(events).containsExactly("other cancelled", "main finally");
        assertThat(ms).isBetween(49L, 50L + SLACK_MS);
    }

    @Test
    @DisplayName("44 with gatherSettled an Error is held in its task like any other failure and the others finish (differs: asyncio lets SystemExit escape even with return_exceptions=True; Spindle follows Future, which captures every Throwable)")
    void gatherSettledHoldsAnError() {
        FatalError exit = new FatalError("exit 3");

        List<Task<String>> tasks = Spindle.run(() -> Spindle.gatherSettled(
                () -> {
                    Spindle.sleep(50);
                    throw exit;
                },
                () -> {
                    Spindle.sleep(150);
                    return "other";
                }));

        assertThat(tasks.get(0).exceptionNow()).isSameAs(exit);
        assertThat(tasks.get(1).resultNow()).isEqualTo("other");
    }

    // ---------------------------------------------------------------- found by outside testing (issue 14)

    /** Bodies for a gather: the first one is {@code first}, the other 9,999 sleep until cancelled. */
    @SuppressWarnings("unchecked")
    private static Callable<Integer>[] firstThenSleepers(Callable<Integer> first) {
        Callable<Integer>[] bodies = new Callable[10_000];
        bodies[0] = first;
        Arrays.fill(bodies, 1, bodies.length, (Callable<Integer>) () -> {
            Spindle.sleep(60_000);
            return 1;
        });
        return bodies;
    }

    @Test
    @DisplayName("gather of 10,000 bodies whose first is cancelled at once throws CancellationException, not the refusal to start the rest")
    void gatherWhoseFirstChildIsCancelledWhileTheRestStartThrowsCancellation() {
        Spindle.run(() -> {
            Throwable thrown = catchThrowable(() -> Spindle.gather(firstThenSleepers(() -> {
                throw new CancellationException("first gives up");
            })));
            assertThat(thrown).isInstanceOf(CancellationException.class).hasNoSuppressedExceptions();
        });
    }

    @Test
    @DisplayName("gather of 10,000 bodies whose first fails at once throws that failure with nothing suppressed")
    void gatherWhoseFirstChildFailsWhileTheRestStartThrowsThatFailureAlone() {
        IllegalStateException boom = new IllegalStateException("BOOM");
        Spindle.run(() -> {
            Throwable thrown = catchThrowable(() -> Spindle.gather(firstThenSleepers(() -> {
                throw boom;
            })));
            assertThat(thrown).isSameAs(boom);
            assertThat(boom.getSuppressed()).isEmpty();
        });
    }

    @Test
    @DisplayName("[D] gatherSettled of bodies cancelled from outside: its children's failures come suppressed on the CancellationException and are reported as unretrieved when the run ends")
    void gatherSettledOfBodiesCancelledFromOutsideLosesNoFailure() {
        IllegalStateException boom = new IllegalStateException("BOOM");
        AtomicReference<Task<?>> failing = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<LogRecord> logged;
        try (JulCapture log = JulCapture.start()) {
            Spindle.run(() -> {
                Task<Object> c = Spindle.createTask(() -> {
                    try {
                        return Spindle.gatherSettled(
                                () -> {
                                    failing.set(Spindle.currentTask());
                                    throw boom;
                                },
                                () -> {
                                    Spindle.sleep(10_000);
                                    return null;
                                });
                    } catch (CancellationException e) {
                        thrown.set(e);
                        throw e;
                    }
                });
                while (failing.get() == null || !failing.get().isDone()) {
                    Spindle.sleep(1);
                }
                c.cancel();
                assertThat(catchThrowable(c::join)).isInstanceOf(CancellationException.class);
            });
            logged = log.atLeast(Level.SEVERE);
        }
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(thrown.get().getSuppressed()).containsExactly(boom);
        assertThat(logged).as("reported as never retrieved: the caller never received the tasks")
                .anySatisfy(r -> assertThat(r.getThrown()).isSameAs(boom));
    }

    @Test
    @DisplayName("[D] gatherSettled over tasks cancelled from outside: the tasks' failures come suppressed on the CancellationException and stay unretrieved")
    void gatherSettledOverTasksCancelledFromOutsideLosesNoFailure() {
        IllegalStateException boom = new IllegalStateException("BOOM");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<LogRecord> logged;
        try (JulCapture log = JulCapture.start()) {
            Spindle.run(() -> {
                Task<Object> bad = Spindle.createTask(() -> {
                    throw boom;
                });
                Task<Object> slow = Spindle.createTask(() -> {
                    Spindle.sleep(10_000);
                    return null;
                });
                CountDownLatch started = new CountDownLatch(1);
                Task<Object> c = Spindle.createTask(() -> {
                    started.countDown(); // a cancel arriving before or during the wait has the same outcome
                    try {
                        return Spindle.gatherSettled(List.of(bad, slow));
                    } catch (CancellationException e) {
                        thrown.set(e);
                        throw e;
                    }
                });
                while (!bad.isDone()) {
                    Spindle.sleep(1);
                }
                started.await();
                c.cancel();
                assertThat(catchThrowable(c::join)).isInstanceOf(CancellationException.class);
            });
            logged = log.atLeast(Level.SEVERE);
        }
        assertThat(thrown.get().getSuppressed()).containsExactly(boom);
        assertThat(logged).anySatisfy(r -> assertThat(r.getThrown()).isSameAs(boom));
    }
}
