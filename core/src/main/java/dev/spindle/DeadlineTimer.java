package dev.spindle;

import dev.spindle.internal.Clocks;
import dev.spindle.internal.VirtualTimeline;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires deadlines: one daemon platform thread for the whole JVM, shared by every run. It only flips a
 * frame's state and interrupts a thread, so it never blocks. A deadline set on a thread of a run with
 * virtual time goes to that run's {@link VirtualTimeline} instead, and fires at its virtual instant.
 */
final class DeadlineTimer {

    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "spindle-deadline-timer");
            t.setDaemon(true);
            return t;
        });
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private DeadlineTimer() {}

    /** Fires {@code frame} after {@code nanos} on the calling thread's clock; the returned handle cancels it. */
    static Handle schedule(CancelFrame frame, long nanos) {
        VirtualTimeline virtual = Clocks.current();
        if (virtual != null) {
            return virtual.schedule(nanos, frame::fire)::cancel;
        }
        Future<?> f = TIMER.schedule(frame::fire, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Cancels a deadline that has not fired; a no-op once it has. */
    @FunctionalInterface
    interface Handle {
        void cancel();
    }
}
