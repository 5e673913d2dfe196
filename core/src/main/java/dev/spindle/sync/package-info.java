/**
 * asyncio's synchronisation primitives and queues for Spindle tasks: {@link dev.spindle.sync.Queue},
 * {@link dev.spindle.sync.LifoQueue}, {@link dev.spindle.sync.PriorityQueue}, {@link dev.spindle.sync.Lock},
 * {@link dev.spindle.sync.Event}, {@link dev.spindle.sync.Condition}, {@link dev.spindle.sync.Semaphore},
 * {@link dev.spindle.sync.BoundedSemaphore}, {@link dev.spindle.sync.Barrier}, and Trio's
 * {@link dev.spindle.sync.CapacityLimiter}.
 *
 * <p>Common rules:
 * <ul>
 *   <li>Blocking methods block the calling thread (a virtual thread in a Spindle task) rather than
 *       returning a future. They work on any thread, platform or virtual, inside a run or not: outside a
 *       run they are plain blocking calls, as {@code java.util.concurrent}'s are (an empty
 *       {@code Queue.get()} waits until an item comes), so a run can exchange work with threads that
 *       are not Spindle's. Only the facade's methods that need a run throw
 *       {@link java.lang.IllegalStateException} outside one.</li>
 *   <li>Waiters are served first-come, first-served, with no barging: what is released, put or freed
 *       while others wait goes to the oldest waiter.</li>
 *   <li>A blocking method that has to wait throws {@link java.util.concurrent.CancellationException}
 *       when its task is cancelled before or while it waits, or, on a thread that runs no task, when the
 *       thread is interrupted before or while it waits: the interrupt status is then restored, so the
 *       thread's owner still sees it, and the {@link java.lang.InterruptedException} is the cause.
 *       Wherever the docs of a method say "if the calling task is cancelled", read "or its thread
 *       interrupted" for a thread that runs no task. One that completes without waiting leaves a pending
 *       cancellation for the next call that blocks. A cancelled call takes nothing and keeps nothing: an
 *       item, permit, token or lock handed to it at the moment it was cancelled goes on to the next
 *       waiter (a put whose item was already taken in completes, and so does a get whose item could go
 *       back only by making its bounded queue hold more than its {@code maxsize}; the cancellation then
 *       stays pending).</li>
 *   <li>Every blocking method has a form with a {@link java.time.Duration} timeout (returning
 *       {@code false}, or throwing {@link dev.spindle.DeadlineExceededException} where it returns a value),
 *       and composes with {@link dev.spindle.Spindle#timeout}.</li>
 *   <li>Each primitive may be given a name ({@code named("jobs")}); a task blocked on it is recorded as
 *       waiting on, say, {@code Queue 'jobs'}.</li>
 *   <li>Misuse throws {@link java.lang.IllegalStateException} (a release without an acquire, a
 *       {@code taskDone} too many, a condition used without its lock) or
 *       {@link java.lang.IllegalArgumentException} (a negative semaphore value, a barrier of no parties).</li>
 *   <li>All classes are thread-safe.</li>
 * </ul>
 * @since 0.1.0
 */
package dev.spindle.sync;
