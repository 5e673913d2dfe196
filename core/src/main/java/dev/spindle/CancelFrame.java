package dev.spindle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A section of a task's body that something else may cancel: the body of a {@link Spindle#timeout}
 * (the deadline timer fires it) or of a {@link Spindle#taskGroup} (a failing child fires it).
 *
 * <p>Firing interrupts the task at most once and only while the section runs. The state machine
 * {@code ACTIVE -> FIRING -> FIRED} (by the firing thread) or {@code ACTIVE -> CLOSED} (by the owner,
 * when the section ends) makes sure no interrupt lands after the section has ended: an owner that finds
 * the frame firing waits the few instructions until the interrupt has been delivered, then clears it.
 */
final class CancelFrame extends ScopeFrame {

    private static final int ACTIVE = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int CLOSED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CancelFrame.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The task whose body this frame guards. */
    final TaskImpl<?> task;
    /** What the frame is, for messages: {@code "timeout(PT1S)"} or {@code "TaskGroup-3"}. */
    final String what;
    /** The effective deadline inside this frame (the earlier of its own and the enclosing one), or {@code null}. */
    final Instant deadline;
    /** The deadline timer; written by the owner before the timer can run, read by the owner. */
    DeadlineTimer.Handle timer;
    /**
     * Once the frame has fired: the {@linkplain #spendClock() spend clock} when a blocking call threw the
     * cancellation its interrupt caused (the interrupt is spent: the code after that call, its cleanup, runs
     * on unbounded by this frame), or 0 while it is still due. The owner's thread only.
     */
    long spentAt;

    private volatile int state; // written by the firing thread and the owner, read by both

    /**
     * Counts the moments frames were spent, across the JVM: only its order matters, and a shared counter
     * keeps {@link TaskImpl} free of one more field. Advanced only when a cancellation is thrown while a
     * fired frame is on the stack, which is rare.
     */
    private static final AtomicLong SPEND_CLOCK = new AtomicLong();

    CancelFrame(TaskImpl<?> task, ScopeFrame parent, String what, Instant deadline) {
        super(parent);
        this.task = task;
        this.what = what;
        this.deadline = deadline;
    }

    /**
     * Cancels the guarded section: interrupts the task unless the section has ended. Any thread.
     *
     * @return whether this call fired the frame
     */
    boolean fire() {
        if (!STATE.compareAndSet(this, ACTIVE, FIRING)) {
            return false;
        }
        try {
            task.deliverInterrupt(this);
        } finally {
            state = FIRED;
        }
        return true;
    }

    /**
     * The spend clock now: a section reads it as it begins, so that it can tell the frames spent inside it
     * ({@link #spentAt} later than this) from those spent before.
     */
    static long spendClock() {
        return SPEND_CLOCK.get();
    }

    /** Marks the frame spent, if it has fired and is not spent yet; {@code at} is 0 or the time to use. */
    long spendIfFired(long at) {
        if (spentAt != 0L || !hasFired()) {
            return at;
        }
        long t = at != 0L ? at : SPEND_CLOCK.incrementAndGet();
        spentAt = t;
        return t;
    }

    /** Whether the frame has fired (its interrupt may still be on its way). */
    boolean hasFired() {
        int s = state;
        return s == FIRING || s == FIRED;
    }

    /**
     * Ends the section; the owner's thread only. After it returns, no interrupt from this frame can
     * arrive any more.
     *
     * @return whether the frame had fired
     */
    boolean close() {
        if (STATE.compareAndSet(this, ACTIVE, CLOSED)) {
            DeadlineTimer.Handle t = timer;
            if (t != null) {
                t.cancel();
            }
            return false;
        }
        while (state == FIRING) {
            Thread.onSpinWait();
        }
        return true;
    }
}
