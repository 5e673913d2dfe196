package dev.spindle;

import dev.spindle.internal.Clocks;
import java.time.Instant;

/**
 * The algorithms over a task's scope-frame stack ({@link ScopeFrame}: timeouts and group bodies that
 * can be cancelled on their own, shields that hold cancellation off). The task owns the stack's top,
 * pushes and pops it, and hands the top to these static functions, which only read the links and
 * the frames' own state; none keeps anything per task.
 */
final class TaskFrames {

    private TaskFrames() {}

    /**
     * Interrupts {@code thread} on behalf of {@code source} (a frame on the stack under {@code top}, or
     * {@code null} for the task itself), unless a shield above the source holds it off, in which case the
     * shield remembers it. Nothing happens if the source frame is no longer on the stack. Under the
     * task's monitor.
     */
    static void deliverInterrupt(ScopeFrame top, ScopeFrame source, Thread thread) {
        ShieldFrame holder = null;
        ScopeFrame f = top;
        for (; f != null && f != source; f = f.parent) {
            if (f instanceof ShieldFrame s) {
                holder = s;
            }
        }
        if (source != null && f == null) {
            return; // the source's section has ended
        }
        if (holder == null) {
            Clocks.interrupt(thread);
        } else if (!holder.deferred || isBelow(source, holder.deferredSource)) {
            holder.deferred = true;
            holder.deferredSource = source;
        }
    }

    /** Whether frame {@code a} lies below (is enclosing) frame {@code b}; {@code null} is the bottom. */
    private static boolean isBelow(ScopeFrame a, ScopeFrame b) {
        if (a == null) {
            return b != null;
        }
        for (ScopeFrame f = b; f != null; f = f.parent) {
            if (f.parent == a) {
                return true;
            }
        }
        return false;
    }

    static boolean onStack(ScopeFrame top, ScopeFrame frame) {
        for (ScopeFrame f = top; f != null; f = f.parent) {
            if (f == frame) {
                return true;
            }
        }
        return false;
    }

    /** Whether a shield is on the stack. */
    static boolean shielded(ScopeFrame top) {
        for (ScopeFrame f = top; f != null; f = f.parent) {
            if (f instanceof ShieldFrame) {
                return true;
            }
        }
        return false;
    }

    /**
     * A blocking call has thrown a cancellation: marks the fired frames whose interrupt reaches the
     * thread (those above the innermost shield) as spent. Own thread.
     *
     * @return whether no shield is on the stack, so that the task's own cancellation reaches the thread too
     */
    static boolean spendFiredFrames(ScopeFrame top) {
        long at = 0L;
        ScopeFrame f = top;
        for (; f != null && !(f instanceof ShieldFrame); f = f.parent) {
            if (f instanceof CancelFrame c) {
                at = c.spendIfFired(at);
            }
        }
        return f == null;
    }

    /**
     * Makes due again the fired frames above the innermost shield that were not spent before
     * {@code since} (a {@link CancelFrame#spendClock()} reading). Own thread.
     *
     * @return whether any is due
     */
    static boolean unspendFiredSince(ScopeFrame top, long since) {
        boolean pending = false;
        for (ScopeFrame f = top; f != null && !(f instanceof ShieldFrame); f = f.parent) {
            if (f instanceof CancelFrame c && c.hasFired() && (c.spentAt == 0L || c.spentAt > since)) {
                c.spentAt = 0L;
                pending = true;
            }
        }
        return pending;
    }

    /** {@link TaskCancellation#currentDeadline()} over the stack {@code top} of {@code task}. */
    static Instant currentDeadline(ScopeFrame top, TaskCancellation<?> task) {
        for (ScopeFrame f = top; f != null; f = f.parent) {
            if (f instanceof ShieldFrame) {
                return null;
            }
            if (f instanceof CancelFrame c && c.deadline != null && !c.hasFired()) {
                return c.deadline;
            }
        }
        return task.cancelRequested() ? null : task.inheritedDeadline();
    }
}
