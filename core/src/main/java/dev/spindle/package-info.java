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
 * <h2>The guarantees</h2>
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
 *
 * @since 0.1.0
 */
package dev.spindle;
