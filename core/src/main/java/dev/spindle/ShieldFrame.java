package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.util.concurrent.Callable;

/**
 * A shielded section ({@link Spindle#shield}): interrupts from sources below it wait until it ends.
 * Its fields are guarded by the task's monitor.
 */
final class ShieldFrame extends ScopeFrame {

    /** Whether a cancellation arrived while the section ran. Guarded by the task's monitor. */
    boolean deferred;

    /**
     * The outermost source of a deferred cancellation: a frame below this one, or {@code null} for the
     * task's own cancellation. Guarded by the task's monitor.
     */
    ScopeFrame deferredSource;

    ShieldFrame(ScopeFrame parent) {
        super(parent);
    }

    /** {@link Spindle#shield}: runs {@code body} in {@code task}, its own thread, under a new shield. */
    static <T> T call(TaskImpl<?> task, Callable<T> body) {
        Blocking.checkCancelled();
        ShieldFrame frame = new ShieldFrame(task.frames());
        task.push(frame);
        T result;
        try {
            result = body.call();
        } catch (Throwable t) {
            task.pop(frame);
            throw Failures.unchecked(t, "shield");
        }
        if (task.pop(frame)) {
            Blocking.checkCancelled();
        }
        return result;
    }
}
