package dev.spindle;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires deadlines: one daemon platform thread for the whole JVM, shared by every run. It only flips a
 * frame's state and interrupts a thread, so it never blocks.
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

    /** Fires {@code frame} after {@code nanos}; the returned future cancels it. */
    static Future<?> schedule(CancelFrame frame, long nanos) {
        return TIMER.schedule(frame::fire, nanos, TimeUnit.NANOSECONDS);
    }
}
