package dev.spindle;

import dev.spindle.internal.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches runs with virtual time for stalls: virtual time that has not moved for a wall-clock interval
 * while a task holds it, or while every task waits and nothing is due. One daemon platform thread for the
 * whole JVM, started with the first virtual clock; each run's check ends with the run.
 */
final class VirtualTimeWatchdog implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.spindle");

    private static final class Timer {
        static final ScheduledThreadPoolExecutor EXECUTOR;

        static {
            EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "spindle-virtual-time-watchdog");
                t.setDaemon(true);
                return t;
            });
            EXECUTOR.setRemoveOnCancelPolicy(true);
        }
    }

    private final VirtualTimeline timeline;
    private final long stallNanos;
    private final Consumer<? super VirtualClock.Stall> onStall;
    private volatile ScheduledFuture<?> self;
    private long lastVirtual = -1L;
    private long sinceNanos;
    private boolean reported;

    private VirtualTimeWatchdog(VirtualTimeline timeline, Duration stallAfter, Consumer<? super VirtualClock.Stall> onStall) {
        this.timeline = timeline;
        this.stallNanos = stallAfter.toNanos();
        this.onStall = onStall;
    }

    static void watch(VirtualTimeline timeline, Duration stallAfter, Consumer<? super VirtualClock.Stall> onStall) {
        VirtualTimeWatchdog w = new VirtualTimeWatchdog(timeline, stallAfter, onStall);
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), w.stallNanos / 4);
        w.self = Timer.EXECUTOR.scheduleWithFixedDelay(w, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        if (timeline.ended()) {
            ScheduledFuture<?> f = self;
            if (f != null) {
                f.cancel(false);
            }
            return;
        }
        long virtual = timeline.nanoTime();
        long wall = System.nanoTime();
        if (virtual != lastVirtual) {
            lastVirtual = virtual;
            sinceNanos = wall;
            reported = false;
            return;
        }
        if (reported || wall - sinceNanos < stallNanos) {
            return;
        }
        List<String> holding = timeline.runningMembers();
        if (holding.isEmpty() && timeline.hasDue() && timeline.autoAdvance()) {
            return; // between two wake-ups: time is about to move
        }
        reported = true;
        VirtualClock.Stall stall = new VirtualClock.Stall(timeline.runName(), timeline.now(),
                Duration.ofNanos(wall - sinceNanos), holding);
        try {
            onStall.accept(stall);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "a virtual-time stall handler failed", e);
        }
    }
}
