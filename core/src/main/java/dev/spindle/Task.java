package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A task: one body running on its own virtual thread inside a run, as asyncio's {@code Task}.
 * Created by {@link Spindle#createTask}, {@link TaskGroup#createTask}, {@link Spindle#gather} and
 * {@link Spindle#run}; never by user code.
 *
 * <p><b>Results.</b> {@link #join()} waits and returns the result. A {@link RuntimeException} or
 * {@link Error} from the body is rethrown as the same object; a checked exception comes wrapped in
 * {@link TaskFailedException}; a cancelled task throws {@link CancellationException}. Joining never
 * cancels the task joined (unlike asyncio, where cancelling the awaiter cancels the awaited task).
 *
 * <p><b>The {@link Future} contract</b> is kept for {@link #get()}, {@link #get(long, java.util.concurrent.TimeUnit)},
 * {@link #state()}, {@link #resultNow()}, {@link #exceptionNow()} and {@link #isDone()}, so a task works
 * wherever a {@code Future} does, with one documented difference: cancellation is cooperative, so
 * after {@link #cancel(boolean)} returns {@code true} the task is done only once its body has let the
 * cancellation out. {@link #isCancelled()} is {@code true} only from then on, and a body that catches
 * and swallows the cancellation ends the way its body ends (as in asyncio).
 *
 * <p><b>Cancellation</b> marks the task and interrupts its thread. Every blocking Spindle call then
 * throws {@link CancellationException}; JDK blocking calls throw {@link InterruptedException}, which a
 * body may simply let out. Either ends the task {@link Future.State#CANCELLED CANCELLED}.
 *
 * <p>This interface is thread-safe: any thread may query, join or cancel any task. A task may not
 * join itself while it runs; once finished it may be joined from anywhere, its own thread included (where
 * its done callbacks run).
 *
 * @param <T> the result type
 * @since 0.1.0
 */
public sealed interface Task<T> extends Future<T> permits TaskImpl {

    /**
     * Waits for the task to finish and returns its result.
     *
     * @return the body's result
     * @throws CancellationException if the task was cancelled, or if the calling task is cancelled while
     *     it waits (the task joined is not cancelled)
     * @throws TaskFailedException if the body threw a checked exception (it is the cause)
     * @throws IllegalStateException if a task joins itself before it has finished
     * @throws RuntimeException the body's own unchecked exception, the same object
     * @since 0.1.0
     */
    T join();

    /**
     * Requests cancellation, as {@link #cancel(String)} with a default reason.
     *
     * @return {@code true} if the request was made; {@code false} if the task had already finished
     * @since 0.1.0
     */
    boolean cancel();

    /**
     * Requests cancellation: marks the task and interrupts its thread. A task that has not started
     * never runs its body. Returns at once; use {@link #join()} to wait for the task to unwind.
     * Repeated requests deliver a single cancellation; the first reason is kept.
     *
     * @param reason why, shown in the {@link CancellationException} and in {@link #endReason()}
     * @return {@code true} if the request was made; {@code false} if the task had already finished
     * @throws NullPointerException if {@code reason} is {@code null}
     * @since 0.1.0
     */
    boolean cancel(String reason);

    /**
     * Requests cancellation, as {@link #cancel()}. The argument is ignored: a task's thread is always
     * interrupted, because that is how cancellation reaches blocking code.
     *
     * @param mayInterruptIfRunning ignored
     * @return {@code true} if the request was made; {@code false} if the task had already finished
     * @since 0.1.0
     */
    @Override
    boolean cancel(boolean mayInterruptIfRunning);

    /**
     * The task's name: the one it was given, or {@code Task-<id>}. A run's main task is named after
     * its run when the {@link Runner} was given a name ({@link Runner#withName}), else {@code Task-<id>}.
     *
     * @return the name, never {@code null}
     * @since 0.1.0
     */
    String name();

    /**
     * Whether {@link #name()} is the default {@code Task-<id>} because the task was given no name: created
     * without one, or a run's main task whose {@link Runner} has none. Answers without building that name,
     * so an observer that tags tasks by name can put unnamed ones in one series at no cost. A task
     * explicitly named {@code "Task-7"} has no default name.
     *
     * @return {@code true} if the task was given no name
     * @since 0.1.0
     */
    boolean hasDefaultName();

    /**
     * The name of the run this task belongs to: the name its {@link Runner} was given
     * ({@link Runner#withName}), or {@code run-<n>} for a runner without one. A run's main task bears
     * this name too when the runner was given one. Metrics use it to tell endpoints or jobs apart.
     *
     * @return the run's name, never {@code null}
     * @since 0.1.0
     */
    String runName();

    /**
     * A number unique to this task in this JVM, in creation order.
     *
     * @return the id
     * @since 0.1.0
     */
    long id();

    /**
     * The task that created this one; empty for a run's main task.
     *
     * @return the creating task
     * @since 0.1.0
     */
    Optional<Task<?>> parent();

    /**
     * Registers a callback that runs once the task has finished, however it finished. Callbacks run
     * in registration order, on the thread that finished the task, before joiners already waiting
     * resume; if the task has already finished, the callback runs at once on the calling thread.
     * The task is finished when its callbacks run, so a callback may {@link #join()} it wherever it runs.
     * A callback must not block. An exception it throws is logged through {@link System.Logger} and
     * otherwise ignored.
     *
     * @param callback receives this task
     * @return this task
     * @throws NullPointerException if {@code callback} is {@code null}
     * @since 0.1.0
     */
    Task<T> onDone(Consumer<? super Task<T>> callback);

    /**
     * When the body started running; empty until it has, and always empty in a run that does not time
     * its tasks (see {@link Runner#withTaskTiming(boolean)}; runs with an observer always do).
     *
     * @return the start instant
     * @since 0.1.0
     */
    Optional<Instant> startedAt();

    /**
     * How long the body has run: until now while it runs, until it ended once it has, zero before it
     * started. Always zero in a run that does not time its tasks (see
     * {@link Runner#withTaskTiming(boolean)}; runs with an observer always do).
     *
     * @return the run time
     * @since 0.1.0
     */
    Duration elapsed();

    /**
     * Why the task ended; empty while it runs.
     *
     * @return the end reason
     * @since 0.1.0
     */
    Optional<EndReason> endReason();
}
