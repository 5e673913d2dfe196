package dev.spindle;

import dev.spindle.internal.Clocks;
import dev.spindle.internal.Nanos;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * Python's asyncio, in Java, on virtual threads: the one entry point of Spindle.
 *
 * <pre>{@code
 * String breakfast = Spindle.run(() -> {
 *     List<String> both = Spindle.gather(() -> makeCoffee(), () -> makeToast());
 *     return "Breakfast: " + both.get(0) + " and " + both.get(1);
 * });
 * }</pre>
 *
 * <p>Every task runs on its own virtual thread, so task bodies are plain blocking code. All tasks belong
 * to a run ({@link #run}); when its main task ends, whatever is still running is cancelled and awaited.
 * This class is thread-safe and has no state; its methods act on the calling thread's task. The rules
 * they share are said once, in the package description: <a href="package-summary.html#calls">who may
 * call</a> (those that need a task throw {@link IllegalStateException} on a thread that runs none, a
 * {@code null} argument throws {@link NullPointerException} naming it), <a href="package-summary.html#failures">how
 * failures come out</a>, <a href="package-summary.html#cancellation">cancellation</a>,
 * <a href="package-summary.html#deadlines">deadlines</a>, <a href="package-summary.html#void">void bodies</a>.
 * @since 0.1.0
 */
public final class Spindle {

    private Spindle() {}

    /**
     * Runs {@code main} as the root task of a new run and waits: {@code Runner.create().run(main)}; see
     * {@link Runner#run(Callable)}.
     * @param main the main task's body
     * @param <T> its result type
     * @return main's result
     * @throws IllegalStateException if called from inside a run
     * @throws CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> T run(Callable<T> main) {
        return Runner.create().run(main);
    }

    /**
     * Runs {@code main}, which returns nothing (<a href="package-summary.html#void">void bodies</a>), as
     * {@link #run(Callable)}.
     * @param main the main task's body
     * @throws IllegalStateException if called from inside a run
     * @throws CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static void run(ThrowingRunnable main) {
        Runner.create().run(main);
    }

    /**
     * Starts a task in the current run and returns it at once. The task belongs to the run, not to the
     * task that created it: it may outlive its creator, and it is cancelled when the run's main task
     * ends. Use {@link #taskGroup} to tie tasks to a scope.
     * @param body the task's body
     * @param <T> its result type
     * @return the started task, named {@code Task-<id>}
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static <T> Task<T> createTask(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        TaskImpl<?> creator = TaskImpl.currentOrThrow("createTask");
        return creator.run.startTask(creator, null, body);
    }

    /**
     * Starts a named task in the current run, as {@link #createTask(Callable)}.
     * @param name the task's name
     * @param body the task's body
     * @param <T> its result type
     * @return the started task
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static <T> Task<T> createTask(String name, Callable<T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        TaskImpl<?> creator = TaskImpl.currentOrThrow("createTask");
        return creator.run.startTask(creator, name, body);
    }

    /**
     * Starts a task whose body returns nothing (<a href="package-summary.html#void">void bodies</a>), as
     * {@link #createTask(Callable)}: {@code Spindle.createTask(() -> { log("started"); writeAudit(); })}.
     * @param body the task's body
     * @return the started task, named {@code Task-<id>}; its result is {@code null}
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static Task<Void> createTask(ThrowingRunnable body) {
        return createTask(VoidBodies.of(body));
    }

    /**
     * Starts a named task whose body returns nothing, as {@link #createTask(ThrowingRunnable)}.
     * @param name the task's name
     * @param body the task's body
     * @return the started task; its result is {@code null}
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static Task<Void> createTask(String name, ThrowingRunnable body) {
        Objects.requireNonNull(name, "name");
        return createTask(name, VoidBodies.of(body));
    }

    /**
     * Runs {@code body} with a new {@link TaskGroup} in the current task, then waits for every child, as
     * asyncio's {@code async with TaskGroup() as tg}; fail-fast (<a href="package-summary.html#failures">failures</a>,
     * {@link TaskGroup}). A body with nothing to return ends with {@code return null;}.
     * @param body creates children and returns a value
     * @param <T> the body's result type
     * @return the body's result once every child has finished ({@code null} if {@link TaskGroup#cancel()} ended the body)
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task was cancelled (its children were cancelled and awaited first)
     * @throws TaskFailedException if the first failure was a checked exception (it is the cause)
     * @throws RuntimeException the first failure, with later ones suppressed
     * @since 0.1.0
     */
    public static <T> T taskGroup(TaskGroup.Body<T> body) {
        Objects.requireNonNull(body, "body");
        return taskGroup(TaskGroupImpl.defaultName(), body);
    }

    /**
     * Runs {@code body} with a new named {@link TaskGroup}, as {@link #taskGroup(TaskGroup.Body)}.
     * @param name the group's name, for dumps and end reasons
     * @param body creates children and returns a value
     * @param <T> the body's result type
     * @return the body's result, once every child has finished
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static <T> T taskGroup(String name, TaskGroup.Body<T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return TaskGroupImpl.execute(TaskImpl.currentOrThrow("taskGroup"), name, TaskGroupImpl.Mode.GROUP, body);
    }

    /**
     * Runs each body as a task, concurrently, and returns their results in argument order.
     * <b>Structured, unlike asyncio:</b> the first failure cancels the others and is thrown
     * (<a href="package-summary.html#failures">failures</a>); if one is cancelled from outside, the others
     * are cancelled and a {@link CancellationException} is thrown. {@link #gatherSettled(Callable[])} lets
     * every body finish whatever happens.
     * @param bodies the bodies; none may be {@code null}
     * @param <T> the common result type
     * @return the results, in argument order (an unmodifiable list that may hold {@code null}s)
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task or one of the gathered tasks was cancelled
     * @throws TaskFailedException if the first failure was a checked exception (it is the cause)
     * @since 0.1.0
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> List<T> gather(Callable<? extends T>... bodies) {
        Waits.checkBodies(bodies);
        return Gathers.ofBodies(TaskImpl.currentOrThrow("gather"), bodies);
    }

    /**
     * {@link #gather(Callable[])} over a collection, for a fan-out whose size is known only at run time.
     * (Not an overload of {@code gather}: {@link #gather(Collection)} takes tasks that already run, and a
     * {@code List.of()} or a raw list would fit both.)
     * @param bodies the bodies, read once, in iteration order; none may be {@code null}
     * @param <T> the common result type
     * @return the results, in iteration order (an unmodifiable list that may hold {@code null}s)
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task or one of the gathered tasks was cancelled
     * @throws TaskFailedException if the first failure was a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> List<T> gatherAll(Collection<? extends Callable<? extends T>> bodies) {
        Objects.requireNonNull(bodies, "bodies");
        TaskImpl.currentOrThrow("gatherAll");
        @SuppressWarnings("unchecked") // an array of the collection's own elements, only read
        Callable<? extends T>[] array = bodies.toArray(new Callable[0]);
        return gather(array);
    }

    /**
     * Waits for tasks that already run and returns their results in argument order, structured as
     * {@link #gather(Callable[])}: if one fails or is cancelled, the others are cancelled and awaited and
     * the first failure is thrown; if the calling task is cancelled, so are the tasks. A task may be given
     * several times.
     * @param tasks the tasks
     * @param <T> the common result type
     * @return the results, in argument order
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task or one of the tasks was cancelled
     * @throws TaskFailedException if the first failure was a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> List<T> gather(Collection<? extends Task<? extends T>> tasks) {
        List<TaskImpl<?>> list = Waits.checkTasks(tasks, false);
        return Gathers.ofTasks(TaskImpl.currentOrThrow("gather"), list);
    }

    /**
     * Runs each body as a task and waits for all of them, whatever happens to each: asyncio's
     * {@code gather(return_exceptions=True)}. Never throws a task's failure; the caller inspects the
     * tasks ({@link Task#state()}, {@link Task#exceptionNow()}).
     * @param bodies the bodies; none may be {@code null}
     * @param <T> the common result type
     * @return the finished tasks, in argument order; their failures count as retrieved
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task was cancelled (the tasks were cancelled and awaited;
     *     their failures are attached as suppressed exceptions and count as unretrieved, so the run also
     *     reports them when it ends)
     * @since 0.1.0
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> List<Task<T>> gatherSettled(Callable<? extends T>... bodies) {
        Waits.checkBodies(bodies);
        return Gathers.settledOfBodies(TaskImpl.currentOrThrow("gatherSettled"), bodies);
    }

    /**
     * Waits for every one of tasks that already run, whatever happens to each, as
     * {@link #gatherSettled(Callable[])}; if the calling task is cancelled, the tasks are cancelled and awaited.
     * @param tasks the tasks
     * @param <T> the common result type
     * @return the same tasks, finished, in argument order; their failures count as retrieved
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task was cancelled (the tasks' failures are attached
     *     as suppressed exceptions and still count as unretrieved)
     * @since 0.1.0
     */
    public static <T> List<Task<T>> gatherSettled(Collection<? extends Task<T>> tasks) {
        List<TaskImpl<?>> list = Waits.checkTasks(tasks, false);
        TaskImpl.currentOrThrow("gatherSettled");
        return Gathers.settledOfTasks(tasks, list);
    }

    /**
     * Blocks the calling thread for {@code duration}, or until its task is cancelled. Zero or negative
     * durations yield once and return. Works on any thread, inside a run or not.
     * @param duration how long
     * @throws CancellationException if the calling task is cancelled (or the thread interrupted) first
     * @since 0.1.0
     */
    public static void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        Timeouts.sleep(duration);
    }

    /**
     * Blocks for {@code millis} milliseconds; see {@link #sleep(Duration)}.
     * @param millis how long, in milliseconds
     * @throws CancellationException if the calling task is cancelled first
     * @since 0.1.0
     */
    public static void sleep(long millis) {
        sleep(Duration.ofMillis(millis));
    }

    /**
     * The current time of the calling thread's run, as asyncio's {@code loop.time()}: the time every
     * Spindle wait of the run measures against. In a run with {@link VirtualClock virtual time}, the virtual
     * instant; otherwise (and outside a run) the system's {@link Instant#now()}, while durations are measured
     * with the monotonic {@link System#nanoTime()}. Compute deadlines for {@link #timeoutAt} from it.
     * @return the instant
     * @since 0.1.0
     */
    public static Instant now() {
        return Clocks.now();
    }

    /**
     * Runs {@code body} in the calling task with a deadline {@code duration} from now, as asyncio's
     * {@code async with timeout()}: at the deadline the body is cancelled and, once it has unwound,
     * {@link DeadlineExceededException} is thrown; deadlines nest, and the deadline is authoritative
     * (<a href="package-summary.html#deadlines">deadlines</a>).
     * @param duration the time allowed; zero or negative cancels the body at its first blocking call
     * @param body the guarded code
     * @param <T> its result type
     * @return the body's result
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws DeadlineExceededException if the deadline passed first
     * @throws TaskFailedException if the body threw a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> T timeout(Duration duration, Callable<T> body) {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(body, "body");
        TaskImpl<?> task = TaskImpl.currentOrThrow("timeout");
        return Timeouts.within(task, Nanos.plus(Clocks.now(), duration), "timeout(" + duration + ")", body);
    }

    /**
     * Runs {@code body} in the calling task with an absolute deadline; see {@link #timeout}.
     * @param deadline when the body is cancelled
     * @param body the guarded code
     * @param <T> its result type
     * @return the body's result
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws DeadlineExceededException if the deadline passed first
     * @since 0.1.0
     */
    public static <T> T timeoutAt(Instant deadline, Callable<T> body) {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(body, "body");
        TaskImpl<?> task = TaskImpl.currentOrThrow("timeoutAt");
        return Timeouts.within(task, deadline, "timeoutAt(" + deadline + ")", body);
    }

    /**
     * The deadline that applies to the calling code (<a href="package-summary.html#deadlines">deadlines</a>):
     * the earliest of the enclosing {@link #timeout}s that have not expired yet, and for a task in a
     * {@link TaskGroup} or gather that has not been cancelled, the deadline in force where the group was
     * opened; none inside a {@link #shield}. Clients (HTTP, JDBC) can pass it on.
     * @return the effective deadline; empty outside a run or when no deadline applies
     * @since 0.1.0
     */
    public static Optional<Instant> currentDeadline() {
        TaskImpl<?> task = TaskImpl.current();
        return task == null ? Optional.empty() : Optional.ofNullable(task.currentDeadline());
    }

    /**
     * Waits at most {@code timeout} for {@code task}, as asyncio's {@code wait_for}. At the deadline the
     * task is cancelled and awaited (its cleanup runs to the end), then {@link DeadlineExceededException}
     * (with no cause: the cancellation happened in the other task) is thrown, even if the task swallowed the
     * cancellation and returned (its result stays available through {@link Task#join()}); a task that fails
     * while being cancelled has its failure thrown instead, with the {@code DeadlineExceededException}
     * suppressed. A cancellation of the caller reaches the task too (<a href="package-summary.html#cancellation">cancellation</a>).
     * @param task the task
     * @param timeout the time allowed; zero or negative returns the result of a finished task and
     *     otherwise cancels it at once
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException if the calling thread runs no Spindle task, or if a task waits for
     *     itself before it has finished
     * @throws DeadlineExceededException if the deadline passed first
     * @throws CancellationException if the task or the calling task was cancelled
     * @since 0.1.0
     */
    public static <T> T waitFor(Task<T> task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(timeout, "timeout");
        TaskImpl<T> t = (TaskImpl<T>) task;
        Waits.ensureNotSelf(t, TaskImpl.currentOrThrow("waitFor")); // its own done callback may wait for it: it is finished
        return Waits.waitFor(t, timeout);
    }

    /**
     * {@link #waitTasks(Collection, ReturnWhen, Duration)} with no time limit.
     * @param tasks the tasks, at least one
     * @param returnWhen when to return
     * @param <T> their result type
     * @return the finished and the pending tasks
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task is cancelled (the tasks are not)
     * @since 0.1.0
     */
    public static <T> Done<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen returnWhen) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(returnWhen, "returnWhen");
        return waitTasks(tasks, returnWhen, null);
    }

    /**
     * Waits for tasks until {@code returnWhen} holds or {@code timeout} passes, as asyncio's {@code wait}.
     * Never throws a task's failure and never cancels a task, not even at the timeout or when the caller
     * is cancelled. A task given twice counts once.
     * @param tasks the tasks, at least one
     * @param returnWhen when to return
     * @param timeout the time limit, or {@code null} for none; at the limit the split so far is returned
     * @param <T> their result type
     * @return the finished tasks in completion order and the pending ones in argument order; every task
     *     done when this method returns is in the finished list, also beyond the one that met {@code returnWhen}
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task is cancelled (the tasks are not)
     * @since 0.1.0
     */
    public static <T> Done<T> waitTasks(Collection<? extends Task<T>> tasks, ReturnWhen returnWhen, Duration timeout) {
        List<TaskImpl<?>> list = Waits.checkTasks(tasks, true);
        Objects.requireNonNull(returnWhen, "returnWhen");
        TaskImpl.currentOrThrow("waitTasks");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no tasks to wait for: pass at least one task");
        }
        return Waits.waitTasks(list, returnWhen, timeout);
    }

    /**
     * {@link #asCompleted(Collection, Duration)} with no time limit.
     * @param tasks the tasks
     * @param <T> their result type
     * @return a single-use iterable whose iterator blocks for the next task to finish
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return asCompleted(tasks, null);
    }

    /**
     * The tasks in the order they finish, as asyncio 3.13's {@code async for t in as_completed(...)}:
     * the iterator's {@code next()} blocks until the next task finishes and returns it (its
     * {@link Task#join()} gives the result or failure). At the time limit {@code next()} throws
     * {@link DeadlineExceededException}; unfinished tasks are not cancelled. A task given twice counts
     * once; no tasks at all yield nothing. Only the task that called this method may use the iterator.
     * @param tasks the tasks
     * @param timeout the time limit for the whole iteration, or {@code null} for none
     * @param <T> their result type
     * @return a single-use iterable
     * @throws IllegalStateException if the calling thread runs no Spindle task, or if the iterable is iterated twice
     * @since 0.1.0
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks, Duration timeout) {
        List<TaskImpl<?>> list = Waits.checkTasks(tasks, true);
        TaskImpl.currentOrThrow("asCompleted");
        return new AsCompleted<>(list, timeout);
    }

    /**
     * Runs {@code body} in the calling task so that cancellation waits for it, as Trio's shielded cancel
     * scope: a cancellation of the task, or an enclosing timeout's deadline, that arrives while the body
     * runs takes effect when the body ends ({@link CancellationException} is then thrown instead of the
     * result; a failure of the body is thrown as it is, and the cancellation follows at the next blocking
     * call). Timeouts inside the body still work, each for its own duration. A cancellation that arrived
     * before the call throws at once.
     * @param body the section to protect
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the task was cancelled before or during the section
     * @throws TaskFailedException if the body threw a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> T shield(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return ShieldFrame.call(TaskImpl.currentOrThrow("shield"), body);
    }

    /**
     * Runs blocking or thread-pinning code on a bounded pool of platform threads and waits for it, as
     * asyncio's {@code to_thread}. Cancelling the calling task interrupts the worker, and the caller waits
     * for the code to end (<a href="package-summary.html#cancellation">cancellation</a>); a call cancelled
     * while it still waits for a free worker throws at once, and its code never runs. The run's
     * {@linkplain ContextPropagator context propagators} carry the caller's context to the worker and
     * clean it up after.
     * @param body the code
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @throws CancellationException if the calling task was cancelled
     * @throws TaskFailedException if the body threw a checked exception (it is the cause)
     * @since 0.1.0
     */
    public static <T> T toThread(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return ToThread.call(Contexts.wrap(TaskImpl.currentOrThrow("toThread").run.context, body));
    }

    /**
     * The task the calling thread runs. Body code may set its own thread's uncaught-exception handler:
     * this class still finds the task (a body's exceptions are its task's outcome, so such a handler is
     * called only for failures of Spindle's own bookkeeping).
     * @return the task
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static Task<?> currentTask() {
        return TaskImpl.currentOrThrow("currentTask");
    }

    /**
     * The unfinished tasks of the current run, the calling one included.
     * @return a snapshot, in no particular order
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static Set<Task<?>> allTasks() {
        return Set.copyOf(TaskImpl.currentOrThrow("allTasks").run.liveTasks());
    }

    /**
     * The current run's task tree as text, one line per unfinished task, children indented under the
     * task that created them: name, id, state, thread id, run time (only in a run that times its tasks:
     * {@link Runner#withTaskTiming(boolean)}), deadline and time left, and what it waits on (a sleep, a
     * task, a group, a queue...). A best-effort snapshot taken without pausing anything.
     * @return the dump
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static String dump() {
        return new TaskDump(TaskImpl.currentOrThrow("dump").run).text();
    }

    /**
     * The current run's task tree as JSON, with the fields of {@link #dump()}: {@code {"run":..,"time":..,
     * "tasks":[{"id":..,"name":..,"state":..,"threadId":..,"elapsedMillis":..,"deadline":..,
     * "timeLeftMillis":..,"waitingOn":..,"children":[..]}]}}, each optional field only when it applies.
     * @return the dump
     * @throws IllegalStateException if the calling thread runs no Spindle task
     * @since 0.1.0
     */
    public static String dumpJson() {
        return new TaskDump(TaskImpl.currentOrThrow("dumpJson").run).json();
    }
}
