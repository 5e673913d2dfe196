package dev.spindle;

import dev.spindle.internal.Clocks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Objects;

/**
 * The cancellation layer of a task ({@link TaskImpl} explains the layers): requests to cancel it, and
 * their delivery to its thread through its stack of scope frames ({@link ScopeFrame}: timeouts and group
 * bodies that can be cancelled on their own, shields that hold cancellation off). The walks over the
 * stack are {@link TaskFrames}'s; this class owns the stack's top and the task's thread.
 *
 * <p>Any thread may request a cancellation; the first request wins. Delivery interrupts the task's thread
 * (through {@link Clocks#interrupt}), unless a shield holds it off; a blocking call then throws it once,
 * and {@link #reassertPendingCancellation} puts back an interrupt that a section consumed on behalf of
 * someone else. Shield frames are pushed and popped, and interrupts delivered, under this object's
 * monitor; other frames are the own thread's alone.
 */
abstract sealed class TaskCancellation<T> extends TaskResults<T> permits TaskLinks {

    private static final VarHandle CANCEL_REQUEST;
    private static final VarHandle THREAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CANCEL_REQUEST = l.findVarHandle(TaskCancellation.class, "cancelRequest", EndReason.class);
            THREAD = l.findVarHandle(TaskCancellation.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile EndReason cancelRequest; // first canceller wins
    private volatile Thread thread; // written by the own thread when it starts, cleared when it ends
    private boolean cancelDelivered; // own thread only
    private volatile ScopeFrame frames; // written by the own thread; shield pushes and pops under this monitor

    /** The deadline the task inherited as it was created, or {@code null}; see {@link TaskImpl#inheritedDeadline()}. */
    abstract Instant inheritedDeadline();

    // ---------------------------------------------------------------- the task's thread

    /** The own thread, as it starts: from now on a cancellation interrupts it. */
    final void attachThread(Thread self) {
        thread = self;
    }

    /**
     * The own thread, as it ends: a finished task may be kept for its result long after, and must not keep
     * its thread (the thread object, its continuation and name) alive. Readers check the state first.
     */
    final void detachThread() {
        THREAD.setRelease(this, (Thread) null);
    }

    /** The task's thread, from its start until it has ended ({@code null} before and after); for unparking it. */
    final Thread threadForUnpark() {
        return thread;
    }

    @Override
    final boolean onOwnThread() {
        return thread == Thread.currentThread();
    }

    // ---------------------------------------------------------------- requests

    /** {@link Task#cancel()}. */
    public final boolean cancel() {
        return requestCancel(new EndReason.Cancelled("cancelled"));
    }

    /** {@link Task#cancel(String)}. */
    public final boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        return requestCancel(new EndReason.Cancelled(reason));
    }

    /** {@link java.util.concurrent.Future#cancel(boolean)}: interrupts either way. */
    public final boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * Requests cancellation for {@code why}; the first request wins and later ones only report whether
     * the task is still running. The first request reports {@code true} even if the task reacts and
     * finishes before this method returns: it found the task running.
     */
    final boolean requestCancel(EndReason why) {
        if (isFinished()) {
            return false;
        }
        if (CANCEL_REQUEST.compareAndSet(this, (EndReason) null, why)) {
            deliverInterrupt(null);
            return true;
        }
        return !isFinished();
    }

    /** Sets the reason without interrupting: for a task cancelled before it was started. */
    final void cancelBeforeStart(EndReason why) {
        cancelRequest = why;
    }

    /** The reason of the first request, or {@code null}: a task cancelled before its body started never runs it. */
    final EndReason cancelRequest() {
        return cancelRequest;
    }

    /** Whether a cancellation of the task itself was requested. */
    final boolean cancelRequested() {
        return cancelRequest != null;
    }

    // ---------------------------------------------------------------- delivery

    /**
     * Interrupts the task's thread on behalf of {@code source} (a frame of this task, or {@code null}
     * for the task itself), unless a shield above the source holds it off, in which case the shield
     * remembers it. Nothing happens if the source frame is no longer on the stack. Any thread.
     */
    final synchronized void deliverInterrupt(ScopeFrame source) {
        Thread t = thread;
        if (t == null || isFinished()) {
            return; // not started: the start sees cancelRequest; done: nothing to interrupt
        }
        TaskFrames.deliverInterrupt(frames, source, t);
    }

    /** A blocking call throws the task's cancellation: the message, the cancellation marked delivered. Own thread. */
    final String markCancellationDelivered() {
        EndReason why = cancelRequest;
        if (TaskFrames.spendFiredFrames(frames) && why != null) {
            cancelDelivered = true; // inside a shield the interrupt was a frame's: the shield holds this one off
        }
        return "Task '" + name() + "' was cancelled" + (why == null ? "" : ": " + ReasonChain.text(why));
    }

    /** Whether the task's own cancellation has been thrown as an exception by a blocking call. Own thread. */
    final boolean cancellationDelivered() {
        return cancelDelivered;
    }

    /**
     * Makes the task's delivered cancellation pending again, so that {@link #reassertPendingCancellation()}
     * puts it back: for a scope whose body let the cancellation out but that throws something else
     * instead (a task group whose child failure wins). Own thread.
     */
    final void redeliverCancellation() {
        cancelDelivered = false;
    }

    /** {@link #reassertPendingCancellation(long)} for a section that threw no cancellation of its own. Own thread. */
    final void reassertPendingCancellation() {
        reassertPendingCancellation(CancelFrame.spendClock());
    }

    /**
     * After a section consumed an interrupt, puts back the ones that belong to others and still reach this
     * thread (none is put back inside a shield, which delivers what it held off when it ends): an
     * undelivered cancellation of the task, or an enclosing frame that has fired and was not spent before
     * the section began ({@code since}, the {@link CancelFrame#spendClock()} then). A frame spent inside the section
     * was spent on the section's own exception, which the section turned into another: it is due again. A
     * frame spent before the section began stays spent, so that cleanup after an expired timeout is not
     * cancelled a second time. Own thread only.
     */
    final void reassertPendingCancellation(long since) {
        ScopeFrame top = frames;
        boolean pending = TaskFrames.unspendFiredSince(top, since);
        if (!pending && cancelRequest != null && !cancelDelivered && !TaskFrames.shielded(top)) {
            pending = true;
        }
        if (pending) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- scope frames (own thread only)

    final ScopeFrame frames() {
        return frames;
    }

    final void push(ScopeFrame frame) {
        if (frame instanceof ShieldFrame) {
            synchronized (this) {
                frames = frame;
            }
        } else {
            frames = frame;
        }
    }

    /**
     * Pops {@code frame}. For a shield that held a cancellation off, delivers it now (or hands it to an
     * enclosing shield) and reports that it did.
     *
     * @return whether a held-off cancellation was delivered to this thread
     */
    final boolean pop(ScopeFrame frame) {
        if (frame instanceof ShieldFrame shield) {
            synchronized (this) {
                frames = frame.parent;
                if (!shield.deferred) {
                    return false;
                }
                ScopeFrame source = shield.deferredSource;
                if (source != null && !TaskFrames.onStack(frames, source)) {
                    return false;
                }
                boolean interruptedBefore = thread.isInterrupted();
                deliverInterrupt(source);
                return !interruptedBefore && thread.isInterrupted();
            }
        }
        frames = frame.parent;
        return false;
    }

    /** As the task finishes: every frame pops itself on the way out; only a bug leaves one. Own thread. */
    final void dropFrames() {
        if (frames != null) {
            frames = null;
        }
    }

    /** Whether a shield is open in this task, holding its own cancellation off the code running now. Own thread. */
    final boolean shielded() {
        return TaskFrames.shielded(frames);
    }

    /**
     * The deadline that still bounds the code running now in this task, or {@code null}: that of the
     * innermost timeout that has not fired (one that has fired has spent its one interrupt, so the code that
     * runs after it, its cleanup, is not bounded by it any more); none inside a shield, which holds the
     * enclosing deadlines off; else the deadline inherited from the group that created the task, until the
     * task is cancelled (that deadline reaches the task only as its cancellation). Any thread: another
     * thread reads a snapshot.
     */
    final Instant currentDeadline() {
        return TaskFrames.currentDeadline(frames, this);
    }
}
