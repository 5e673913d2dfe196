/**
 * Spindle: Python asyncio's shape on Java virtual threads, with the guarantees of structured
 * concurrency. Start at {@link dev.spindle.Spindle}, a class of static methods named after asyncio's
 * functions.
 *
 * <pre>{@code
 * import static dev.spindle.Spindle.*;
 *
 * List<String> both = run(() -> gather(() -> fetch("a"), () -> fetch("b")));
 * }</pre>
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>{@link dev.spindle.Spindle#run Spindle.run} runs a main task on a virtual thread and waits for
 *       it; {@link dev.spindle.Runner} is a reusable run configuration (name, observers, engine, shutdown
 *       grace, task timing).</li>
 *   <li>{@link dev.spindle.Spindle#createTask Spindle.createTask} starts a {@link dev.spindle.Task}, a
 *       {@link java.util.concurrent.Future} with {@code join}, {@code cancel(reason)}, {@code onDone} and
 *       an {@link dev.spindle.EndReason}.</li>
 *   <li>{@link dev.spindle.Spindle#taskGroup Spindle.taskGroup} and
 *       {@link dev.spindle.Spindle#gather(java.util.concurrent.Callable[]) Spindle.gather} wait for their
 *       children and cancel the others when one fails; {@code gatherSettled}, {@code waitTasks} and
 *       {@code asCompleted} never do.</li>
 *   <li>{@link dev.spindle.Spindle#timeout Spindle.timeout} and {@code timeoutAt} cancel a section at a
 *       deadline and throw {@link dev.spindle.DeadlineExceededException}; deadlines nest.</li>
 *   <li>{@link dev.spindle.Spindle#shield Spindle.shield} holds cancellation off a section;
 *       {@link dev.spindle.Spindle#toThread Spindle.toThread} runs pinning code on a platform thread.</li>
 *   <li>{@link dev.spindle.TaskObserver} sees every task's life; the {@code spindle-metrics} module
 *       records it in Micrometer.</li>
 *   <li>Queues, locks, events, semaphores, barriers and a capacity limiter are in
 *       {@link dev.spindle.sync}.</li>
 * </ul>
 *
 * <h2 id="guarantees">The guarantees</h2>
 * <ul>
 *   <li>Every task belongs to a run: when the main task ends, the tasks still running are cancelled and
 *       awaited, so nothing a run started is alive when {@code run} returns.</li>
 *   <li>Cancellation interrupts the task's virtual thread: Spindle's blocking calls then throw
 *       {@link java.util.concurrent.CancellationException}, the JDK's {@link InterruptedException}.</li>
 *   <li>Failures are never silent: {@code join} rethrows a task's unchecked exception as the same object
 *       and a checked one wrapped in {@link dev.spindle.TaskFailedException}; a failure nobody retrieved
 *       is logged through {@link System.Logger} (logger {@code dev.spindle}) when its run ends.</li>
 *   <li>Calls that need a run throw {@link IllegalStateException} outside one, and {@code null} arguments
 *       throw {@link NullPointerException} naming the argument.</li>
 * </ul>
 * The sections below say these rules in full, once, for every method of {@link dev.spindle.Spindle} and
 * {@link dev.spindle.TaskGroup}.
 *
 * <h2 id="calls">Who may call</h2>
 * {@code Spindle}'s methods are thread-safe; the class has no state of its own. They act on the calling
 * thread's task; those that need one throw {@link IllegalStateException} when called from a thread that
 * is not running a Spindle task ({@code run}, {@code sleep}, {@code now} and {@code currentDeadline} work
 * anywhere, and {@code run} throws it inside a run instead). Every method throws
 * {@link NullPointerException} naming the argument for a {@code null} argument.
 *
 * <h2 id="failures">How failures come out</h2>
 * A method that waits for other code reports that code's failure by one rule: an unchecked exception or
 * an error is thrown as the same object, a checked exception wrapped in
 * {@link dev.spindle.TaskFailedException} (it is the cause). The structured waits ({@code taskGroup},
 * {@code gather}, {@code gatherAll}) fail fast: the first failure wins, the other tasks are cancelled and
 * awaited, and their later failures are attached to it as suppressed exceptions. {@code gatherSettled},
 * {@code waitTasks} and {@code asCompleted} never throw a task's failure.
 *
 * <h2 id="cancellation">Cancellation</h2>
 * Cancellation is cooperative: it interrupts the task's thread, every blocking Spindle call then throws
 * {@link java.util.concurrent.CancellationException}, and JDK blocking calls throw
 * {@link InterruptedException}, which a body may simply let out. A call that waits for code it cannot
 * abandon (the children of a task group or a gather, the task of {@code waitFor}, the worker of
 * {@code toThread}) cancels that code when the calling task is cancelled, waits until it has ended, and
 * then throws {@code CancellationException}; if that code failed instead (otherwise than by the
 * cancellation), its failure is thrown and the caller's cancellation stays pending, for its next
 * blocking call.
 *
 * <h2 id="deadlines">Deadlines</h2>
 * {@code timeout} and {@code timeoutAt} cancel a section of the calling task at a deadline on the run's
 * clock ({@code Spindle.now()}): at the deadline the section is cancelled (its thread interrupted) and,
 * once it has unwound, {@link dev.spindle.DeadlineExceededException} is thrown with the section's
 * cancellation as its cause. Deadlines nest: a deadline later than an enclosing one has no effect, so an
 * inner timeout never outlives an outer one. Nor does it outlive its own duration: in the cleanup of a
 * timeout that has expired (which, as in asyncio, is cancelled once and then runs on), and inside a
 * {@code shield}, the enclosing deadline bounds nothing any more, so an inner timeout there fires after
 * its own duration. The deadline is authoritative: a section that catches the cancellation and returns
 * still ends in {@code DeadlineExceededException}. A section that finishes without reaching a blocking
 * call after the deadline returns its result. A section that turns the cancellation into another
 * exception throws that exception, with the {@code DeadlineExceededException} suppressed. A cancellation
 * of the task itself that arrives meanwhile stays a {@code CancellationException}.
 *
 * <h2 id="void">Bodies that return nothing</h2>
 * {@code run} and {@code createTask} take a {@link dev.spindle.ThrowingRunnable} as well as a
 * {@link java.util.concurrent.Callable}, as {@code ExecutorService.submit} takes a {@code Runnable} or a
 * {@code Callable}: a zero-argument lambda whose body is a block without {@code return}, or a method
 * reference to a {@code void} method, picks the {@code ThrowingRunnable} form (its task's result is
 * {@code null}); one that yields a value picks the {@code Callable} form. Both may throw checked
 * exceptions. {@code taskGroup} has no void form, since a one-line body such as
 * {@code g -> g.createTask(...)} would match both and not compile: a group body with nothing to return
 * ends with {@code return null;}.
 *
 * @since 0.1.0
 */
package dev.spindle;
