package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Clocks;
import dev.spindle.internal.Failures;
import dev.spindle.internal.Nanos;
import dev.spindle.internal.VirtualTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The body of {@link Spindle#timeout} and {@link Spindle#timeoutAt}: runs a section of the current task
 * under a deadline. Deadlines nest: a section whose deadline is not earlier than the one that still
 * bounds it ({@link TaskCancellation#currentDeadline()}) gets no timer of its own, so an inner timeout never
 * outlives an outer one and, on equal deadlines, only the outer one raises. A section in the cleanup of an
 * expired timeout, or inside a shield, is not bounded by that deadline any more, so it always gets its own
 * timer: no timeout outlives its own duration.
 */
final class Timeouts {

    /** What {@link TaskImpl#waitingOn()} says of a task in {@code Spindle.sleep}. */
    static final String SLEEP = "sleep";

    private Timeouts() {}

    static <T> T within(TaskImpl<?> task, Instant deadline, String what, Callable<? extends T> body) {
        Instant enclosing = task.currentDeadline();
        if (enclosing != null && !deadline.isBefore(enclosing)) {
            return Failures.call(body, what);
        }
        boolean cancelledBefore = task.cancelRequested();
        boolean deliveredBefore = task.cancellationDelivered();
        long spendClockBefore = CancelFrame.spendClock();
        CancelFrame frame = new CancelFrame(task, task.frames(), what, deadline);
        task.push(frame);
        long nanos = Nanos.until(deadline);
        if (nanos <= 0L) {
            frame.fire(); // already past: the body runs until its first blocking call
        } else {
            frame.timer = DeadlineTimer.schedule(frame, nanos);
        }
        T result = null;
        Throwable thrown = null;
        try {
            result = body.call();
        } catch (Throwable t) {
            thrown = Failures.caught(t); // a JDK call's interrupt counts as a Spindle call's cancellation
        }
        boolean fired = frame.close();
        task.pop(frame);
        if (!fired) {
            if (thrown != null) {
                throw Failures.unchecked(thrown, what);
            }
            return result;
        }
        boolean unobserved = Thread.interrupted(); // our interrupt is still pending: the body never blocked
        task.reassertPendingCancellation(spendClockBefore);
        boolean consumedOwnCancellation = !deliveredBefore && task.cancellationDelivered();
        if (thrown != null && TaskImpl.isCancellation(thrown) && !task.shielded() // a shield holds it off
                && ((!cancelledBefore && task.cancelRequested()) || consumedOwnCancellation)) {
            throw Failures.unchecked(thrown, what); // the task itself was cancelled as well: the cancellation wins
        }
        if (thrown == null) {
            if (unobserved) {
                return result; // finished before reaching a blocking call: the work is done (asyncio does the same)
            }
            throw new DeadlineExceededException(what + " expired; the body caught the cancellation and returned,"
                    + " its result is discarded", null);
        }
        if (TaskImpl.isCancellation(thrown)) {
            throw new DeadlineExceededException(what + " expired", thrown);
        }
        thrown.addSuppressed(new DeadlineExceededException(what + " expired", null));
        throw Failures.unchecked(thrown, what);
    }

    /** {@link Spindle#sleep(Duration)}: any thread, inside a run or not. */
    static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            Thread.yield();
            Blocking.checkCancelled();
            return;
        }
        // What a parked sleeper's frame keeps is what W5 (a million sleepers) pays per task: a flag, not a
        // reference, is stored before the park (a reference made the parked stack 80-96 bytes larger), and
        // the task is looked up again after it rather than kept across it (about 48) (docs/million-tasks.md).
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            task.sleeping(true);
        }
        try {
            VirtualTimeline virtual = Clocks.current();
            if (virtual == null) {
                Thread.sleep(duration); // directly: a parked sleeper's stack is a frame shorter
            } else {
                Clocks.sleep(virtual, duration);
            }
        } catch (InterruptedException e) {
            throw Blocking.cancelled(e);
        } finally {
            TaskImpl<?> self = TaskImpl.current();
            if (self != null) {
                self.sleeping(false);
            }
        }
    }
}
