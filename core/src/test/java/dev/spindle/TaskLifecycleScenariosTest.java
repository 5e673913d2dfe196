package dev.spindle;

import static dev.spindle.RunScenariosTest.SLACK_MS;
import static dev.spindle.RunScenariosTest.msSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Section B of {@code reference/asyncio-semantics.md} §2, scenarios 12–32: a task's life, as
 * {@link Spindle#createTask} and {@link Task}. Each test's display name starts with the scenario number;
 * {@code [D]} marks a documented, deliberate difference from asyncio, and "(differs: ...)" one that
 * follows from Java's types or threads.
 *
 * <p>Parts of scenarios that cannot apply to Java, or that Spindle does not offer:
 * <ul>
 *   <li>14, {@code TypeError} for a Future or a plain function passed to {@code create_task}: the compiler
 *       admits only a {@code Callable}; the run-time analogue, {@code null}, is tested.</li>
 *   <li>15, {@code set_name(42)}: a Spindle task's name is fixed when it is created ({@link Task} has no
 *       setter, DESIGN lists {@code name()} only). "Task-1 in a fresh process" is checked in a fresh JVM.</li>
 *   <li>16, 17: asyncio's {@code exception()} returns None for a success and {@code result()} re-raises a
 *       failure; Spindle keeps the {@link java.util.concurrent.Future} contract instead
 *       ({@code exceptionNow()}/{@code resultNow()} throw {@code IllegalStateException}; {@code join()}
 *       rethrows the failure).</li>
 *   <li>18, 21, 28, {@code cancelling()} / {@code uncancel()}: Spindle keeps no cancel count. A cancellation
 *       is delivered once; after a body swallows it, later calls behave normally with nothing to undo, and
 *       a later {@code cancel()} is not delivered at all [D] (asyncio delivers it; tested).</li>
 *   <li>26, {@code remove_done_callback}: {@link Task#onDone} has no removal (not in DESIGN); only the
 *       order, the argument and the timing of callbacks are tested.</li>
 *   <li>29, awaiting a coroutine twice: a {@code Callable} is not single-use (it may back any number of
 *       tasks) and a {@code Task} may be joined any number of times (16), so there is nothing to reject.</li>
 *   <li>30, {@code create_task(coro, context=ctx)}: there is no per-task context argument; Java's
 *       analogue of a context variable, an {@link InheritableThreadLocal}, is tested.</li>
 *   <li>31, "Task was destroyed but it is pending!" after a GC: a Spindle run holds strong references to
 *       its tasks (§0.6 [D]), so GC never ends a task; the analogue tested is that an unreferenced task
 *       still completes and a blocked one is cancelled, with its {@code finally} run, when the run ends.</li>
 *   <li>32, the eager task factory: Spindle has no task factory; a body never runs inside
 *       {@code createTask} on the creator's thread but always on its own new virtual thread (asserted in 12).</li>
 * </ul>
 */
class TaskLifecycleScenariosTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    // ---------------------------------------------------------------- 12, 13

    @Test
    @DisplayName("12 [D] created tasks start at once on their own virtual threads, even while the creator blocks in a plain JDK call that would starve asyncio's loop; ids and names follow creation order")
    void childrenStartWithoutTheCreatorYielding() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Thread> childThreads = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> parentThread = new AtomicReference<>();

        List<Task<Object>> children = Spindle.run(() -> {
            parentThread.set(Thread.currentThread());
            CountDownLatch allStarted = new CountDownLatch(3);
            List<Task<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                tasks.add(Spindle.createTask(() -> {
                    childThreads.add(Thread.currentThread());
                    events.add("child" + n + " start");
                    allStarted.countDown();
                    return null;
                }));
            }
            events.add("parent after createTask");
            boolean started = allStarted.await(5, TimeUnit.SECONDS); // no Spindle call: the parent never yields
            events.add("parent saw all started: " + started);
            for (Task<Object> t : tasks) {
                t.join();
            }
            return tasks;
        });

        assertThat(events.subList(0, 4)).containsExactlyInAnyOrder(
                "parent after createTask", "child0 start", "child1 start", "child2 start");
        assertThat(events.get(4)).isEqualTo("parent saw all started: true");
        assertThat(childThreads).hasSize(3).allMatch(Thread::isVirtual).doesNotContain(parentThread.get());
        assertThat(Set.copyOf(childThreads)).hasSize(3);
        assertThat(children.get(0).id()).isLessThan(children.get(1).id());
        assertThat(children.get(1).id()).isLessThan(children.get(2).id());
        assertThat(children).allSatisfy(t -> assertThat(t.name()).isEqualTo("Task-" + t.id()));
    }

    @Test
    @DisplayName("13 joining an already finished task, or calling a body that never blocks, does not deliver a pending cancellation; the next real blocking call (sleep(0)) does")
    void joiningAFinishedTaskIsNotACancellationPoint() {
        List<String> events = Spindle.run(() -> {
            List<String> log = new ArrayList<>();
            Task<String> finished = Spindle.createTask(() -> "done value");
            finished.join();
            Spindle.currentTask().cancel("pending");
            log.add("joined finished task: " + finished.join());
            log.add("called a body that never blocks: " + neverBlocks());
            try {
                Spindle.sleep(Duration.ZERO);
                log.add("sleep(0) returned");
            } catch (CancellationException e) {
                log.add("sleep(0) delivered the cancellation");
            }
            return log;
        });

        assertThat(events).containsExactly(
                "joined finished task: done value",
                "called a body that never blocks: 7",
                "sleep(0) delivered the cancellation");
    }

    private static int neverBlocks() {
        return 7;
    }

    @Test
    @DisplayName("13 [D] a ready task does not wait for the creator's next suspension: it runs in parallel while the creator spins without any blocking call")
    void aReadyTaskRunsWhileTheCreatorNeverSuspends() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two carrier threads");
        boolean otherRan = Spindle.run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Spindle.createTask(() -> {
                ran.set(true);
                return null;
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!ran.get() && System.nanoTime() < end) {
                Thread.onSpinWait(); // never parks, never yields
            }
            return ran.get();
        });
        assertThat(otherRan).isTrue();
    }

    // ---------------------------------------------------------------- 14

    @Test
    @DisplayName("14 createTask outside a run throws IllegalStateException naming the method and the fix, also on a plain thread started inside a run")
    void createTaskOutsideARunIsRejected() throws Exception {
        assertThatThrownBy(() -> Spindle.createTask(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle.createTask")
                .hasMessageContaining("Spindle.run");
        assertThatThrownBy(() -> Spindle.createTask("named", () -> 1))
                .isInstanceOf(IllegalStateException.class);

        Throwable onPlainThread = Spindle.run(() -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> thrown.set(catchThrowable(() -> Spindle.createTask(() -> 1))));
            t.join();
            return thrown.get();
        });
        assertThat(onPlainThread).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs none");
    }

    @Test
    @DisplayName("14 createTask of something that is not a body (null, the only run-time case in Java) throws NullPointerException naming the argument")
    void createTaskOfNullIsRejected() {
        List<Throwable> thrown = Spindle.run(() -> List.of(
                catchThrowable(() -> Spindle.createTask((Callable<Object>) null)),
                catchThrowable(() -> Spindle.createTask("n", (Callable<Object>) null)),
                catchThrowable(() -> Spindle.createTask(null, () -> 1))));

        assertThat(thrown.get(0)).isInstanceOf(NullPointerException.class).hasMessage("body");
        assertThat(thrown.get(1)).isInstanceOf(NullPointerException.class).hasMessage("body");
        assertThat(thrown.get(2)).isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    // ---------------------------------------------------------------- 15

    @Test
    @DisplayName("15 default names are Task-<id> from a JVM-wide counter in creation order (main first, then its children); a given name is kept")
    void defaultNamesFollowTheCounter() {
        List<Task<?>> tasks = Spindle.run(() -> {
            Task<?> main = Spindle.currentTask();
            Task<Object> first = Spindle.createTask(() -> null);
            Task<Object> custom = Spindle.createTask("custom", () -> null);
            first.join();
            custom.join();
            return List.of(main, first, custom);
        });
        Task<?> main = tasks.get(0);
        Task<?> first = tasks.get(1);
        Task<?> custom = tasks.get(2);

        assertThat(main.name()).isEqualTo("Task-" + main.id());
        assertThat(first.name()).isEqualTo("Task-" + first.id());
        assertThat(first.id()).isGreaterThan(main.id());
        assertThat(custom.name()).isEqualTo("custom");
        assertThat(custom.id()).isGreaterThan(first.id());
        assertThat(main.parent()).isEmpty();
        assertThat(first.parent()).containsSame(main);
    }

    @Test
    @DisplayName("15 in a fresh JVM the first run's main task is Task-1 and its first unnamed child Task-2")
    void firstTaskOfAFreshJvmIsTask1() throws Exception {
        // Where the classes really are: directories here, jars when another module reruns this suite.
        Path classes = Path.of(Spindle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path testClasses = Path.of(FreshJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(javaCommand, "-cp", classes + File.pathSeparator + testClasses,
                FreshJvm.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the fresh JVM ends").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("Task-1 Task-2 custom");
    }

    /** The program {@link #firstTaskOfAFreshJvmIsTask1} runs in a fresh JVM. */
    static final class FreshJvm {
        public static void main(String[] args) {
            System.out.println(Spindle.run(() -> Spindle.currentTask().name() + " "
                    + Spindle.createTask(() -> null).name() + " " + Spindle.createTask("custom", () -> null).name()));
        }
    }

    // ---------------------------------------------------------------- 16, 17

    @Test
    @DisplayName("16 a pending task is not done and has no result or exception yet (a timed get times out); after returning 1 at ~50 ms every join gives 1 (Future contract: exceptionNow() of a success throws)")
    void pendingThenSuccessfulTask() {
        List<Object> seen = Spindle.run(() -> {
            List<Object> out = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            Task<Integer> t = Spindle.createTask(() -> {
                go.await();
                Spindle.sleep(50);
                return 1;
            });
            out.add(t.isDone());
            out.add(t.isCancelled());
            out.add(t.state());
            out.add(catchThrowable(t::resultNow));
            out.add(catchThrowable(t::exceptionNow));
            out.add(t.endReason());
            out.add(catchThrowable(() -> t.get(10, TimeUnit.MILLISECONDS)));
            long t0 = System.nanoTime();
            go.countDown();
            out.add(t.join());
            out.add(msSince(t0));
            out.add(t.join());
            out.add(t.get());
            out.add(t.resultNow());
            out.add(catchThrowable(t::exceptionNow));
            out.add(t.isDone());
            out.add(t.state());
            out.add(t.endReason().orElseThrow());
            return out;
        });

        assertThat(seen.subList(0, 3)).containsExactly(false, false, Task.State.RUNNING);
        assertThat((Throwable) seen.get(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not finished");
        assertThat((Throwable) seen.get(4)).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not finished");
        assertThat(seen.get(5)).isEqualTo(Optional.empty());
        assertThat((Throwable) seen.get(6)).isInstanceOf(TimeoutException.class);
        assertThat(seen.get(7)).isEqualTo(1);
        assertThat((Long) seen.get(8)).isBetween(49L, 50L + SLACK_MS);
        assertThat(seen.subList(9, 12)).containsExactly(1, 1, 1);
        assertThat((Throwable) seen.get(12)).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed with a result");
        assertThat(seen.subList(13, 15)).containsExactly(true, Task.State.SUCCESS);
        assertThat(seen.get(15)).isInstanceOf(EndReason.Returned.class);
    }

    @Test
    @DisplayName("17 a task failing at ~50 ms: join throws the same object, exceptionNow() is it, get() wraps it, it is not cancelled and cancel() returns false")
    void failedTaskReportsTheSameObject() {
        RuntimeException boom = new IllegalArgumentException("boom");
        AtomicReference<Task<Object>> task = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            Task<Object> t = Spindle.createTask(() -> {
                Spindle.sleep(50);
                throw boom;
            });
            task.set(t);
            long t0 = System.nanoTime();
            Throwable joined = catchThrowable(t::join);
            return List.of(joined, msSince(t0), catchThrowable(t::join), catchThrowable(t::get));
        });
        Task<Object> t = task.get();

        assertThat(seen.get(0)).isSameAs(boom);
        assertThat((Long) seen.get(1)).isBetween(49L, 50L + SLACK_MS);
        assertThat(seen.get(2)).isSameAs(boom);
        assertThat((Throwable) seen.get(3)).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(t.exceptionNow()).isSameAs(boom);
        assertThatThrownBy(t::resultNow).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.state()).isEqualTo(Task.State.FAILED);
        assertThat(t.endReason()).contains(new EndReason.Failed(boom));
        assertThat(t.cancel()).isFalse();
        assertThat(t.cancel("late")).isFalse();
    }

    @Test
    @DisplayName("17 a checked failure comes out of join wrapped in TaskFailedException, the cause the same object")
    void checkedFailureIsWrappedByJoin() {
        IOException io = new IOException("gone");
        Throwable thrown = Spindle.run(() -> catchThrowable(Spindle.createTask(() -> {
            throw io;
        })::join));
        assertThat(thrown).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    // ---------------------------------------------------------------- 18, 19, 20

    @Test
    @DisplayName("18 two cancel requests both return true and leave the task running until it unwinds; one cancellation is delivered and the first reason is kept")
    void twoCancelRequestsDeliverOneCancellation() {
        List<Throwable> delivered = new CopyOnWriteArrayList<>();
        AtomicReference<Task<Object>> task = new AtomicReference<>();

        List<Object> seen = Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Task<Object> t = Spindle.createTask("twice", () -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } catch (CancellationException first) {
                    delivered.add(first);
                    release.await(); // not interrupted again: the second request delivers nothing
                    try {
                        Spindle.sleep(50);
                    } catch (CancellationException second) {
                        delivered.add(second);
                    }
                    throw first;
                }
                return null;
            });
            task.set(t);
            sleeping.await();
            List<Object> out = new ArrayList<>();
            out.add(t.cancel("m1"));
            out.add(t.cancel("m2"));
            out.add(t.isCancelled());
            out.add(t.isDone());
            release.countDown();
            out.add(catchThrowable(t::join));
            return out;
        });

        assertThat(seen.subList(0, 4)).containsExactly(true, true, false, false);
        assertThat((Throwable) seen.get(4)).isInstanceOf(CancellationException.class)
                .hasMessageContaining("m1").hasMessageNotContaining("m2");
        assertThat(delivered).hasSize(1);
        assertThat(task.get().isCancelled()).isTrue();
        assertThat(task.get().endReason()).contains(new EndReason.Cancelled("m1"));
    }

    @Test
    @DisplayName("19 the cancel reason reaches the body and every later join and get (differs: asyncio gives the message to the first retrieval only; Spindle keeps it in endReason)")
    void cancelReasonIsNotConsumed() {
        AtomicReference<String> bodySaw = new AtomicReference<>();
        AtomicReference<Task<Object>> task = new AtomicReference<>();

        List<Throwable> thrown = Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Object> t = Spindle.createTask("with-message", () -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    bodySaw.set(e.getMessage());
                    throw e;
                }
                return null;
            });
            task.set(t);
            sleeping.await();
            Throwable nullReason = catchThrowable(() -> t.cancel(null));
            t.cancel("my message");
            return List.of(catchThrowable(t::join), catchThrowable(t::join), catchThrowable(t::get), nullReason);
        });

        assertThat(thrown.get(3)).as("cancel(null) is rejected before it cancels anything")
                .isInstanceOf(NullPointerException.class).hasMessage("reason");
        assertThat(bodySaw.get()).contains("my message");
        assertThat(thrown.subList(0, 3)).allSatisfy(e -> assertThat(e)
                .isInstanceOf(CancellationException.class).hasMessageContaining("my message"));
        assertThat(task.get().endReason()).contains(new EndReason.Cancelled("my message"));
        assertThatThrownBy(task.get()::resultNow).isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled");
    }

    @Test
    @DisplayName("20 a task cancelled before its first step never runs its body, not even its first statement (deterministic case: a task created while its run shuts down)")
    void taskCancelledBeforeItStartsNeverRunsItsBody() {
        AtomicBoolean bodyRan = new AtomicBoolean();
        AtomicReference<Task<Object>> late = new AtomicReference<>();
        List<String> startedNames = new CopyOnWriteArrayList<>();
        List<String> finishedNames = new CopyOnWriteArrayList<>();
        TaskObserver observer = new TaskObserver() {
            @Override
            public Object taskStarted(Task<?> task, long schedulingDelayNanos) {
                startedNames.add(task.name());
                return null;
            }

            @Override
            public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
                finishedNames.add(task.name() + " " + outcome + " ran " + runNanos);
            }
        };

        Runner.create().withObserver(observer).run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Spindle.createTask("leftover", () -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } finally {
                    late.set(Spindle.createTask("late", () -> {
                        bodyRan.set(true);
                        return null;
                    }));
                }
                return null;
            });
            sleeping.await();
            return null;
        });

        assertThat(bodyRan).isFalse();
        assertThat(late.get().isCancelled()).isTrue();
        assertThat(late.get().endReason()).containsInstanceOf(EndReason.RunShutdown.class);
        assertThat(late.get().startedAt()).isEmpty();
        assertThat(startedNames).doesNotContain("late");
        assertThat(finishedNames).contains("late CANCELLED ran 0");
    }

    @Test
    @DisplayName("20 a task cancelled right after createTask ends cancelled; its body ran exactly when it had started (tasks start at once, so which comes first is a race)")
    void cancelRightAfterCreateEndsCancelledWhetherOrNotTheBodyRan() {
        for (int i = 0; i < 20; i++) {
            AtomicBoolean bodyRan = new AtomicBoolean();
            Task<Object> t = Runner.create().withTaskTiming(true).run(() -> {
                Task<Object> c = Spindle.createTask(() -> {
                    bodyRan.set(true);
                    Spindle.sleep(LONG);
                    return null;
                });
                c.cancel();
                catchThrowable(c::join);
                return c;
            });
            assertThat(t.isCancelled()).isTrue();
            assertThat(bodyRan.get()).isEqualTo(t.startedAt().isPresent());
        }
    }

    // ---------------------------------------------------------------- 21, 22, 23

    @Test
    @DisplayName("21 a body that swallows the cancellation and returns \"ignored\": join gives \"ignored\" and the task is not cancelled")
    void swallowedCancellationLetsTheTaskReturn() {
        Task<String> t = Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<String> c = Spindle.createTask(() -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                    return "finished";
                } catch (CancellationException e) {
                    return "ignored";
                }
            });
            sleeping.await();
            assertThat(c.cancel()).isTrue();
            assertThat(c.join()).isEqualTo("ignored");
            return c;
        });

        assertThat(t.isCancelled()).isFalse();
        assertThat(t.state()).isEqualTo(Task.State.SUCCESS);
        assertThat(t.endReason()).containsInstanceOf(EndReason.Returned.class);
    }

    @Test
    @DisplayName("21 [D] a second cancel() made after the body swallowed the first is not delivered (asyncio delivers it): the task keeps blocking and returns")
    void aSecondCancelAfterTheFirstWasSwallowedIsNotDelivered() {
        Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            CountDownLatch swallowed = new CountDownLatch(1);
            CountDownLatch secondSent = new CountDownLatch(1);
            Task<String> c = Spindle.createTask(() -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    swallowed.countDown();
                }
                secondSent.await(); // blocks with no interrupt: the second request changed nothing
                Spindle.sleep(Duration.ofMillis(50));
                return "kept running";
            });
            sleeping.await();
            assertThat(c.cancel("first")).isTrue();
            swallowed.await();
            assertThat(c.cancel("second")).as("the task is still running").isTrue();
            secondSent.countDown();
            assertThat(c.join()).isEqualTo("kept running");
            assertThat(c.endReason()).containsInstanceOf(EndReason.Returned.class);
        });
    }

    @Test
    @DisplayName("22 a body that turns the cancellation into another exception fails with that exception, not cancelled")
    void cancellationReplacedByAnotherException() {
        RuntimeException replaced = new NoSuchElementException("replaced");
        AtomicReference<Task<Object>> task = new AtomicReference<>();

        Throwable thrown = Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Object> c = Spindle.createTask(() -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } catch (CancellationException e) {
                    throw replaced;
                }
                return null;
            });
            task.set(c);
            sleeping.await();
            c.cancel();
            return catchThrowable(c::join);
        });

        assertThat(thrown).isSameAs(replaced);
        assertThat(task.get().isCancelled()).isFalse();
        assertThat(task.get().state()).isEqualTo(Task.State.FAILED);
    }

    @Test
    @DisplayName("23 a cancelled task whose finally sleeps 100 ms: the joiner gets CancellationException at ~t0+100 ms, after the cleanup")
    void joinerWaitsForCancellationCleanup() {
        List<String> events = new CopyOnWriteArrayList<>();

        long ms = Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Object> c = Spindle.createTask(() -> {
                try {
                    sleeping.countDown();
                    Spindle.sleep(LONG);
                } finally {
                    Spindle.sleep(100);
                    events.add("cleanup done");
                }
                return null;
            });
            sleeping.await();
            long t0 = System.nanoTime();
            c.cancel();
            Throwable thrown = catchThrowable(c::join);
            events.add("join raised " + thrown.getClass().getSimpleName());
            return msSince(t0);
        });

        assertThat(events).containsExactly("cleanup done", "join raised CancellationException");
        assertThat(ms).isBetween(99L, 100L + SLACK_MS);
    }

    // ---------------------------------------------------------------- 24, 25

    @Test
    @DisplayName("24 [D] cancelling a task that joins another does not cancel the joined task: it completes and its other joiners get the result (DESIGN 5)")
    void cancellingAJoinerLeavesTheJoinedTaskAlone() {
        List<Object> seen = Spindle.run(() -> {
            CountDownLatch joining = new CountDownLatch(2);
            Task<String> shared = Spindle.createTask("shared", () -> {
                Spindle.sleep(400);
                return "shared result";
            });
            Task<String> w1 = Spindle.createTask("w1", () -> {
                joining.countDown();
                return shared.join();
            });
            Task<String> w2 = Spindle.createTask("w2", () -> {
                joining.countDown();
                return shared.join();
            });
            joining.await();
            Spindle.sleep(50);
            w1.cancel();
            return List.of(catchThrowable(w1::join), w2.join(), shared.isCancelled(), shared.resultNow(), w1.isCancelled());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class);
        assertThat(seen.subList(1, 5)).containsExactly("shared result", false, "shared result", true);
    }

    @Test
    @DisplayName("24 [D] cancelling a task blocked in CompletableFuture.get() ends the task cancelled and leaves the future alone")
    void cancellingAWaiterOnAFutureLeavesTheFutureAlone() {
        CompletableFuture<String> future = new CompletableFuture<>();

        Task<String> waiter = Spindle.run(() -> {
            CountDownLatch waiting = new CountDownLatch(1);
            Task<String> w = Spindle.createTask(() -> {
                waiting.countDown();
                return future.get();
            });
            waiting.await();
            w.cancel();
            catchThrowable(w::join);
            return w;
        });

        assertThat(waiter.isCancelled()).isTrue();
        assertThat(future).isNotDone();
        assertThat(future.complete("still usable")).isTrue();
    }

    @Test
    @DisplayName("25 outer joins inner; outer cancelled with \"hello\": the joiner of outer sees \"hello\" (and inner, per 24 [D], is not cancelled)")
    void cancelReasonReachesTheJoinerThroughNestedJoins() {
        List<Object> seen = Spindle.run(() -> {
            CountDownLatch joining = new CountDownLatch(1);
            Task<String> inner = Spindle.createTask("inner", () -> {
                Spindle.sleep(400);
                return "inner result";
            });
            Task<String> outer = Spindle.createTask("outer", () -> {
                joining.countDown();
                return inner.join();
            });
            Task<Throwable> joiner = Spindle.createTask("joiner", () -> catchThrowable(outer::join));
            joining.await();
            outer.cancel("hello");
            return List.of(joiner.join(), inner.join(), outer.endReason().orElseThrow());
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(CancellationException.class).hasMessageContaining("hello");
        assertThat(seen.get(1)).isEqualTo("inner result");
        assertThat(seen.get(2)).isEqualTo(new EndReason.Cancelled("hello"));
    }

    // ---------------------------------------------------------------- 26, 27

    @Test
    @DisplayName("26 done callbacks run in registration order on the finishing thread, each given the task, before a joiner that was already waiting resumes")
    void callbacksRunInOrderBeforeWaitingJoinerResumes() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Object> callbackArgs = new CopyOnWriteArrayList<>();
        List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> taskThread = new AtomicReference<>();

        Task<String> task = Spindle.run(() -> {
            CountDownLatch go = new CountDownLatch(1);
            Task<String> t = Spindle.createTask(() -> {
                taskThread.set(Thread.currentThread());
                go.await();
                return "v";
            });
            for (String name : List.of("b", "a", "a")) {
                t.onDone(x -> {
                    events.add(name);
                    callbackArgs.add(x);
                    callbackThreads.add(Thread.currentThread());
                });
            }
            AtomicReference<Thread> joinerThread = new AtomicReference<>();
            Task<Object> joiner = Spindle.createTask(() -> {
                joinerThread.set(Thread.currentThread());
                t.join();
                events.add("joiner resumed");
                return null;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> isParkedInJoin(joinerThread.get()));
            go.countDown();
            joiner.join();
            return t;
        });

        assertThat(events).containsExactly("b", "a", "a", "joiner resumed");
        assertThat(callbackArgs).hasSize(3).allMatch(x -> x == task);
        assertThat(callbackThreads).hasSize(3).containsOnly(taskThread.get());
    }

    private static boolean isParkedInJoin(Thread thread) {
        return thread != null && thread.getState() == Thread.State.WAITING
                && Arrays.stream(thread.getStackTrace()).anyMatch(f ->
                        f.getClassName().equals(TaskResults.class.getName()) && f.getMethodName().equals("join"));
    }

    @Test
    @DisplayName("26 [D] onDone on a task that is already done runs the callback at once, on the calling thread, before onDone returns")
    void callbackOnADoneTaskRunsAtOnceOnTheCaller() {
        List<String> events = Spindle.run(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            Task<String> t = Spindle.createTask(() -> "v");
            t.join();
            Thread caller = Thread.currentThread();
            t.onDone(x -> log.add("callback on caller: " + (Thread.currentThread() == caller)));
            log.add("onDone returned");
            log.add("onDone(null): " + catchThrowable(() -> t.onDone(null)).getMessage());
            return log;
        });
        assertThat(events).containsExactly("callback on caller: true", "onDone returned", "onDone(null): callback");
    }

    @Test
    @DisplayName("27 a done callback that throws is logged through the dev.spindle logger and reaches neither the joiner nor the later callbacks")
    void throwingCallbackIsLoggedAndIgnored() {
        RuntimeException divByZero = new ArithmeticException("/ by zero");
        List<String> events = new CopyOnWriteArrayList<>();

        String result;
        List<LogRecord> warnings;
        try (JulCapture log = JulCapture.start()) {
            result = Spindle.run(() -> {
                CountDownLatch go = new CountDownLatch(1);
                Task<String> t = Spindle.createTask("with-bad-callback", () -> {
                    go.await();
                    return "v";
                });
                t.onDone(x -> {
                    throw divByZero;
                });
                t.onDone(x -> events.add("later callback ran"));
                go.countDown();
                return t.join();
            });
            warnings = log.at(Level.WARNING);
        }

        assertThat(result).isEqualTo("v");
        assertThat(events).containsExactly("later callback ran");
        assertThat(warnings).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).contains("callback", "'with-bad-callback'");
            assertThat(r.getThrown()).isSameAs(divByZero);
        });
    }

    @Test
    @DisplayName("27 a done callback on a task that then gets cancelled runs and sees it cancelled")
    void callbackSeesCancellation() {
        List<String> events = new CopyOnWriteArrayList<>();

        Spindle.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Object> t = Spindle.createTask(() -> {
                sleeping.countDown();
                Spindle.sleep(LONG);
                return null;
            });
            t.onDone(x -> events.add("callback: cancelled=" + x.isCancelled() + " state=" + x.state()));
            sleeping.await();
            t.cancel();
            catchThrowable(t::join);
            return null;
        });

        assertThat(events).containsExactly("callback: cancelled=true state=CANCELLED");
    }

    @Test
    @DisplayName("27 a done callback running on the finished task's own thread can join, get and waitFor that task: a finished task is joinable from anywhere")
    void callbackOnTheFinishingThreadJoinsTheFinishedTask() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");

        Spindle.run(() -> {
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Thread> okThread = new AtomicReference<>();
            Task<String> ok = Spindle.createTask(() -> {
                okThread.set(Thread.currentThread());
                go.await();
                return "v";
            });
            Task<String> failing = Spindle.createTask(() -> {
                go.await();
                throw boom;
            });
            ok.onDone(x -> {
                seen.add("on its own thread: " + (Thread.currentThread() == okThread.get()));
                seen.add("current task is it: " + (Spindle.currentTask() == x));
                seen.add("join: " + x.join());
                seen.add("get: " + getUnchecked(x));
                seen.add("waitFor: " + Spindle.waitFor(x, Duration.ofSeconds(1)));
                seen.add("gather: " + Spindle.gather(List.of(x)));
            });
            failing.onDone(x -> seen.add(catchThrowable(x::join)));
            go.countDown();
            ok.join();
            catchThrowable(failing::join);
            return null;
        });

        assertThat(seen).containsExactlyInAnyOrder("on its own thread: true", "current task is it: true", "join: v",
                "get: v", "waitFor: v", "gather: [v]", boom);
    }

    private static <T> Object getUnchecked(Task<T> task) {
        try {
            return task.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e;
        }
    }

    // ---------------------------------------------------------------- 28, 29

    @Test
    @DisplayName("28 a task that cancels itself twice gets exactly one CancellationException at its next blocking call; later calls behave normally (no count to uncancel)")
    void selfCancelTwiceDeliversOnce() {
        List<Object> seen = Spindle.run(() -> {
            Task<?> me = Spindle.currentTask();
            List<Object> out = new ArrayList<>();
            out.add(me.cancel());
            out.add(me.cancel());
            int raised = 0;
            try {
                Spindle.sleep(50);
            } catch (CancellationException e) {
                raised++;
            }
            Spindle.sleep(50);
            Spindle.sleep(Duration.ZERO);
            out.add(raised);
            out.add(Spindle.createTask(() -> "child works").join());
            return out;
        });

        assertThat(seen).containsExactly(true, true, 1, "child works");
    }

    @Test
    @DisplayName("29 a task waiting for itself is told IllegalStateException by join, get, waitFor, gather, gatherSettled, waitTasks and asCompleted")
    void taskCannotWaitForItself() {
        List<Throwable> thrown = Spindle.run(() -> {
            @SuppressWarnings("unchecked")
            Task<Object> me = (Task<Object>) Spindle.currentTask();
            return List.of(
                    catchThrowable(me::join),
                    catchThrowable(me::get),
                    catchThrowable(() -> me.get(1, TimeUnit.SECONDS)),
                    catchThrowable(() -> Spindle.waitFor(me, Duration.ofSeconds(1))),
                    catchThrowable(() -> Spindle.gather(List.of(me))),
                    catchThrowable(() -> Spindle.gatherSettled(List.of(me))),
                    catchThrowable(() -> Spindle.waitTasks(List.of(me), ReturnWhen.ALL_COMPLETED)),
                    catchThrowable(() -> Spindle.asCompleted(List.of(me))));
        });

        assertThat(thrown).hasSize(8).allSatisfy(e -> assertThat(e)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("itself"));
    }

    // ---------------------------------------------------------------- 30, 31

    private static final InheritableThreadLocal<String> CONTEXT = new InheritableThreadLocal<>();
    private static final ThreadLocal<String> PLAIN = new ThreadLocal<>();

    @Test
    @DisplayName("30 a child task gets a copy of the creator's InheritableThreadLocal values made at creation; its set is not seen by the parent; a direct call shares the caller's; a plain ThreadLocal is not inherited")
    void childInheritsContextCopiedAtCreation() {
        List<String> seen = Spindle.run(() -> {
            CONTEXT.set("parent");
            PLAIN.set("parent");
            CountDownLatch go = new CountDownLatch(1);
            Task<List<String>> child = Spindle.createTask(() -> {
                go.await();
                String read = CONTEXT.get();
                CONTEXT.set("child-set");
                return Arrays.asList(read, PLAIN.get(), CONTEXT.get());
            });
            CONTEXT.set("parent-later"); // after creation: the child's copy is already made
            go.countDown();
            List<String> out = new ArrayList<>(child.join());
            out.add(CONTEXT.get());
            setContextDirectly("callee-set");
            out.add(CONTEXT.get());
            return out;
        });

        assertThat(seen).containsExactly("parent", null, "child-set", "parent-later", "callee-set");
    }

    private static void setContextDirectly(String value) {
        CONTEXT.set(value);
    }

    @Test
    @DisplayName("31 [D] the run holds strong references: after GC an unreferenced task still completes, and an unreferenced task blocked forever is cancelled at run end with its finally run, nothing logged")
    void unreferencedTasksSurviveGarbageCollection() {
        List<String> events = new CopyOnWriteArrayList<>();

        List<String> liveAfterGc;
        List<LogRecord> logged;
        try (JulCapture log = JulCapture.start()) {
            liveAfterGc = Spindle.run(() -> {
                CountDownLatch finished = new CountDownLatch(1);
                CountDownLatch blocked = new CountDownLatch(1);
                CountDownLatch afterGc = new CountDownLatch(1);
                Spindle.createTask("orphan-completes", () -> {
                    afterGc.await();
                    Spindle.sleep(50);
                    finished.countDown();
                    return null;
                });
                Spindle.createTask("orphan-blocked", () -> {
                    try {
                        blocked.countDown();
                        return new CompletableFuture<String>().get(); // an unreferenced future, never completed
                    } finally {
                        events.add("blocked task's finally ran");
                    }
                });
                blocked.await();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                List<String> names = Spindle.allTasks().stream().map(Task::name).sorted().toList();
                afterGc.countDown();
                events.add("completed after GC: " + finished.await(5, TimeUnit.SECONDS));
                return names;
            });
            logged = log.atLeast(Level.WARNING);
        }

        assertThat(liveAfterGc).contains("orphan-completes", "orphan-blocked");
        assertThat(events).containsExactly("completed after GC: true", "blocked task's finally ran");
        assertThat(logged).isEmpty();
    }
}
