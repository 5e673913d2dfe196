package dev.spindle;

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
}
