package dev.spindle.internal;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The clock every Spindle wait reads and parks through: the system's ({@link System#nanoTime()},
 * {@link LockSupport}) for any thread that is not a member of a run with virtual time, that run's
 * {@link VirtualTimeline} for one that is.
 *
 * <p>The system path costs one read of a static field more than calling the JDK directly: the table
 * of members is consulted only while some run with virtual time is alive. Waking goes through here too
 * ({@link #unpark}, {@link #interrupt}), so a thread woken by a Spindle call counts as running before it
 * runs, and virtual time cannot jump past it.
 *
 * <p>Not part of the API: this package is not exported. Stateless apart from the table; thread-safe.
 */
public final class Clocks {

    private static final ConcurrentHashMap<Thread, VirtualTimeline> MEMBERS = new ConcurrentHashMap<>();
    private static volatile int virtualMembers;

    private Clocks() {}

    /** The calling thread's virtual timeline, or {@code null} if it runs on the system clock. */
    public static VirtualTimeline current() {
        return virtualMembers == 0 ? null : MEMBERS.get(Thread.currentThread());
    }

    private static VirtualTimeline of(Thread t) {
        return virtualMembers == 0 ? null : MEMBERS.get(t);
    }

    static void joined(Thread t, VirtualTimeline timeline) {
        synchronized (MEMBERS) {
            MEMBERS.put(t, timeline);
            virtualMembers = MEMBERS.size();
        }
    }

    static void left(Thread t) {
        synchronized (MEMBERS) {
            MEMBERS.remove(t);
            virtualMembers = MEMBERS.size();
        }
    }

    /** {@link System#nanoTime()}, or the virtual nanoseconds of the calling thread's run. */
    public static long nanoTime() {
        VirtualTimeline v = current();
        return v == null ? System.nanoTime() : v.nanoTime();
    }

    /** {@link Instant#now()}, or the virtual instant of the calling thread's run. */
    public static Instant now() {
        VirtualTimeline v = current();
        return v == null ? Instant.now() : v.now();
    }

    /** {@link LockSupport#park(Object)} on the calling thread's clock. */
    public static void park(Object blocker) {
        VirtualTimeline v = current();
        if (v == null) {
            LockSupport.park(blocker);
        } else {
            v.park(blocker, false, 0L);
        }
    }

    /** {@link LockSupport#parkNanos(Object, long)} on the calling thread's clock. */
    public static void parkNanos(Object blocker, long nanos) {
        VirtualTimeline v = current();
        if (v == null) {
            LockSupport.parkNanos(blocker, nanos);
        } else if (nanos > 0L) {
            v.park(blocker, true, nanos);
        }
    }

    /** {@link LockSupport#unpark(Thread)}, counting {@code t} as running if its run has virtual time. */
    public static void unpark(Thread t) {
        VirtualTimeline v = of(t);
        if (v == null) {
            LockSupport.unpark(t);
        } else {
            v.unpark(t);
        }
    }

    /** {@link Thread#interrupt()}, counting {@code t} as running if its run has virtual time. */
    public static void interrupt(Thread t) {
        VirtualTimeline v = of(t);
        if (v == null) {
            t.interrupt();
        } else {
            v.interrupt(t);
        }
    }

    /**
     * Sleeps {@code duration} (positive) on {@code v}, the calling thread's virtual timeline
     * ({@link #current()}). On the system clock, callers call {@link Thread#sleep(java.time.Duration)}
     * themselves: a parked sleeper's stack is then a frame shorter.
     *
     * @throws InterruptedException if interrupted first (the interrupt is consumed)
     */
    public static void sleep(VirtualTimeline v, java.time.Duration duration) throws InterruptedException {
        long deadline = v.after(Nanos.of(duration));
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = deadline - v.nanoTime();
            if (left <= 0L) {
                return;
            }
            v.park(Clocks.class, true, left);
        }
    }
}
